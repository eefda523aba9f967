"""The site search as visitors use it: results, filters, promotions, suggestions, bad queries.

Most tests run on both databases; stemming and per-language configurations are PostgreSQL's
and are marked ``postgres`` (CI runs them).
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from program.models import Lens
from tests.factories.pages import StandardPageFactory


def _publish(parent, title, intro="", **kwargs):
    page = StandardPageFactory(parent=parent, title=title, intro=intro, **kwargs)
    page.save_revision().publish()
    return page


def _results(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


def _search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


@pytest.fixture
def pages(home_page):
    return {
        "story": _publish(home_page, "La nostra storia", "Come è nata la lista civica."),
        "labs": _publish(
            home_page,
            "Laboratori di quartiere",
            "Sette quartieri pilota per partecipare alle scelte della città.",
        ),
        "council": _publish(
            home_page,
            "Lavoro in consiglio",
            "Le nostre consigliere e i nostri consiglieri comunali in aula.",
        ),
        "letter": _publish(
            home_page,
            "Lettera aperta",
            "Care consiglier* e cari cittadinə, tuttɜ invitatɜ all'assemblea.",
        ),
    }


def test_finds_published_pages_and_shows_type_date_and_snippet(client, pages):
    response = _search(client, q="quartieri")

    assert _results(response) == ["Laboratori di quartiere"]
    soup = BeautifulSoup(response.content, "html.parser")
    result = soup.select_one(".search-result")
    assert result.select_one(".search-result__type").get_text(strip=True) == "Pagina di testo"
    assert result.select_one("time")["datetime"]
    assert result.select_one(".search-result__snippet mark").get_text() == "quartieri"
    assert "1 risultato" in soup.select_one(".search-count").get_text()


def test_drafts_private_and_unpublished_pages_never_appear(client, home_page, pages):
    draft = StandardPageFactory(parent=home_page, title="Bozza segreta quartieri", live=False)
    draft.save_revision()
    private = _publish(home_page, "Riservata quartieri")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    gone = _publish(home_page, "Ritirata quartieri")
    gone.unpublish()

    assert _results(_search(client, q="quartieri")) == ["Laboratori di quartiere"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # An inclusive query finds the ordinary forms…
        ("consiglierə", {"Lavoro in consiglio", "Lettera aperta"}),
        ("consiglier*", {"Lavoro in consiglio", "Lettera aperta"}),
        ("tutt*", {"Lettera aperta"}),
        # …and ordinary queries find inclusive text.
        ("consiglieri", {"Lavoro in consiglio", "Lettera aperta"}),
        ("consigliere", {"Lavoro in consiglio", "Lettera aperta"}),
        ("cittadine", {"Lettera aperta"}),
        ("tutti", {"Lettera aperta"}),
        ("invitate", {"Lettera aperta"}),
    ],
)
def test_inclusive_forms_match_both_ways(client, pages, query, expected):
    assert set(_results(_search(client, q=query))) == expected


def test_titles_made_of_common_words_and_words_without_accents_are_found(client, home_page):
    _publish(home_page, "Chi siamo", "Una lista civica.")
    _publish(home_page, "La città che cambia", "Un programma.")

    assert _results(_search(client, q="chi siamo")) == ["Chi siamo"]
    assert _results(_search(client, q="citta")) == ["La città che cambia"]
    soup = BeautifulSoup(_search(client, q="citta").content, "html.parser")
    assert soup.select_one(".search-result__title a").get_text() == "La città che cambia"


@pytest.mark.postgres
def test_italian_stemming(client, pages):
    assert _results(_search(client, q="partecipazione")) == ["Laboratori di quartiere"]
    soup = BeautifulSoup(_search(client, q="partecipazione").content, "html.parser")
    assert soup.select_one(".search-result__snippet mark").get_text() == "partecipare"


@pytest.mark.postgres
def test_title_matches_rank_above_body_matches(client, home_page):
    _publish(home_page, "Verde pubblico", "Alberi, parchi e giardini.")
    _publish(home_page, "Assemblea di marzo", "Si parlerà anche di verde in città.")

    assert _results(_search(client, q="verde")) == ["Verde pubblico", "Assemblea di marzo"]


@pytest.fixture
def english_story(pages):
    english = Locale.objects.get_or_create(language_code="en")[0]
    home_en = pages["story"].get_parent().copy_for_translation(english)
    home_en.save_revision().publish()
    story = pages["labs"].copy_for_translation(english)
    story.title = "Neighbourhood workshops"
    story.intro = "Residents running their own meetings."
    story.save_revision().publish()
    return story


def test_each_language_searches_its_own_pages_unless_asked(client, english_story):
    assert _results(_search(client, q="Neighbourhood")) == []
    response = client.get("/en/search/", {"q": "Neighbourhood"})
    assert _results(response) == ["Neighbourhood workshops"]
    assert _results(client.get("/en/search/", {"q": "quartieri"})) == []

    everywhere = _search(client, q="Neighbourhood", lingue="tutte")
    assert _results(everywhere) == ["Neighbourhood workshops"]
    link = BeautifulSoup(everywhere.content, "html.parser").select_one(".search-result__title a")
    assert link["hreflang"] == "en"


@pytest.mark.postgres
def test_english_pages_use_english_stemming(client, english_story):
    response = client.get("/en/search/", {"q": "run"})
    assert _results(response) == ["Neighbourhood workshops"]


def test_type_filter_counts_and_narrows(client, home_page, pages):
    response = _search(client, q="consiglieri")
    soup = BeautifulSoup(response.content, "html.parser")
    options = {o["value"]: o.get_text() for o in soup.select("#search-type option") if o["value"]}
    assert options == {"standardpage": "Pagine di testo (2)"}

    assert len(_results(_search(client, q="consiglieri", tipo="standardpage"))) == 2
    assert _results(_search(client, q="consiglieri", tipo="homepage")) == []
    # Unknown types are ignored, not an error.
    assert len(_results(_search(client, q="consiglieri", tipo="<script>"))) == 2


def test_lens_filter_and_badges(client, pages):
    ecology = Lens.objects.create(
        name="Ecologia", slug="ecologia", colour="#2e7d32", locale=Locale.get_default()
    )
    labs = pages["labs"]
    labs.lenses.add(ecology)
    labs.save_revision().publish()

    response = _search(client, q="quartieri", lente="ecologia")
    assert _results(response) == ["Laboratori di quartiere"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".search-result .lens-badge__name").get_text() == "Ecologia"
    assert _results(_search(client, q="consiglieri", lente="ecologia")) == []
    assert len(_results(_search(client, q="consiglieri", lente="non-esiste"))) == 2


def test_lenses_matching_the_query_are_shown(client, pages):
    Lens.objects.create(
        name="Partecipazione", slug="partecipazione", colour="#6a1b9a", locale=Locale.get_default()
    )
    soup = BeautifulSoup(_search(client, q="partecipazione").content, "html.parser")
    assert soup.select_one(".search-lenses .lens-badge__name").get_text() == "Partecipazione"


def test_editors_promotions_come_first_and_hits_are_counted(client, pages):
    query = Query.get("assemblea")
    SearchPromotion.objects.create(
        query=query, page=pages["story"], description="Da dove veniamo.", sort_order=0
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/assemblea",
        external_link_text="Diretta dell'assemblea",
        sort_order=1,
    )

    response = _search(client, q="Assemblea")

    soup = BeautifulSoup(response.content, "html.parser")
    promoted = [a.get_text(strip=True) for a in soup.select(".search-promotions a")]
    assert promoted == ["La nostra storia", "Diretta dell'assemblea"]
    assert _results(response)[:2] == promoted
    assert "Lettera aperta" in _results(response)
    assert Query.get("assemblea").hits == 1


def test_suggestions_complete_titles(client, pages):
    response = client.get("/search/suggest/", {"q": "Labor"})

    assert response.status_code == 200
    assert response.json() == {
        "query": "Labor",
        "suggestions": [{"title": "Laboratori di quartiere", "url": pages["labs"].url}],
    }
    assert client.get("/search/suggest/", {"q": "L"}).json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": "&|!:*"}).status_code == 200


def test_the_form_offers_suggestions_without_needing_them(client, pages):
    soup = BeautifulSoup(_search(client).content, "html.parser")
    field = soup.select_one("#search-q")
    assert field["list"] == "search-suggestions"
    assert field["data-suggest-url"] == "/search/suggest/"
    assert soup.select_one("form.search-form")["method"] == "get"


def test_no_results_page_suggests_alternatives(client, pages):
    soup = BeautifulSoup(_search(client, q="zzzxqj", tipo="standardpage").content, "html.parser")

    empty = soup.select_one(".search-empty")
    assert empty.select_one("h2").get_text() == "Nessun risultato"
    links = {a.get_text(strip=True): a["href"] for a in empty.select("a")}
    assert links["Cerca senza filtri"] == "/search/?q=zzzxqj"
    assert "lingue=tutte" in links["Cerca anche nelle pagine in altre lingue"]


HOSTILE_QUERIES = [
    "",
    " ",
    "a" * 10_000,
    "!!!",
    "&|!():*<->",
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    "casa & !scuola | (verde:*)",
    'citt\u00e0 "unbalanced',
    '"""',
    "\x00\x07\x1b",
    "‮rovescio",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_bad_queries_get_a_normal_page(client, pages, query):
    response = client.get("/search/", {"q": query, "pagina": "-1", "tipo": "x", "lente": "y" * 500})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "test-only-key" not in html
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


# View restrictions, locales, promotions, the search and its count, the type facet and its
# content types, specific pages, lens badges, lenses matching the query, the lens filter's
# choices, site and settings, and the page chrome (menu, language switcher); the first page
# also counts the query for the editors' report (three more).
LATER_PAGE_QUERIES = 18
FIRST_PAGE_QUERIES = LATER_PAGE_QUERIES + 3


def test_a_results_page_costs_a_fixed_number_of_queries(
    client, home_page, django_assert_num_queries
):
    for number in range(25):
        _publish(home_page, f"Assemblea numero {number}", "Verbale dell'assemblea pubblica.")
    client.get("/search/", {"q": "assemblea"})  # warm Wagtail's site and locale caches
    # The first request stores the site's settings, which starts a new content generation: the
    # second fills what is cached under it (where the directory of organisations lives).
    client.get("/search/", {"q": "assemblea"})

    pages = [("1", FIRST_PAGE_QUERIES, 10), ("3", LATER_PAGE_QUERIES, 5)]
    for page_number, queries, shown in pages:
        with django_assert_num_queries(queries):
            response = client.get("/search/", {"q": "assemblea", "pagina": page_number})
        assert len(_results(response)) == shown


def test_type_filter_values_are_model_names(pages):
    from search.results import searchable_page_types

    types = searchable_page_types()
    assert types["standardpage"]._meta.label == "home.StandardPage"
    assert "page" not in types
    assert ContentType.objects.get_for_model(types["standardpage"]).model == "standardpage"
