"""People and their work in the city council: people pages, acts, filters and feeds."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from defusedxml import ElementTree as ET

from program.models import ActStatus, CouncilActPage, PersonPage
from tests.factories.program import (
    council_act,
    council_index,
    people_index,
    person,
    phase,
    process,
    process_index,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def people(home_page, ecology, care):
    index = people_index(home_page)
    return {
        "alice": person(
            index,
            "Alice Esempio",
            role_label="Consigliera comunale, capogruppo",
            lenses=[care],
            term_start=D(2024, 6, 1),
            email="alice@example.org",
        ),
        "bruno": person(index, "Bruno Prova", lenses=[ecology], term_start=D(2024, 6, 1)),
        "chiara": person(index, "Chiara Segnaposto", role="spokesperson"),
        "davide": person(
            index, "Davide Fittizio", term_start=D(2020, 6, 1), term_end=D(2024, 5, 31)
        ),
    }


@pytest.fixture
def council(home_page):
    return council_index(home_page)


@pytest.fixture
def acts(council, people, ecology, care):
    alice, bruno = people["alice"], people["bruno"]
    return {
        "tariffe": council_act(
            council,
            "Tariffe dei servizi secondo il reddito",
            presented=D(2024, 10, 3),
            number="45/2024",
            signatories=[alice, bruno],
            history=[
                ("presentata", D(2024, 10, 3)),
                ("discussa", D(2024, 12, 2)),
                ("approvata", D(2024, 12, 2)),
            ],
            lenses=[care],
        ),
        "alberi": council_act(
            council,
            "Quanti alberi sono stati piantati?",
            act_type="interrogazione",
            presented=D(2025, 3, 10),
            signatories=[bruno],
            lenses=[ecology],
        ),
        "parcheggi": council_act(
            council,
            "Parcheggi al posto del parco",
            act_type="emendamento",
            presented=D(2025, 5, 20),
            signatories=[alice],
            history=[("respinta", D(2025, 6, 4))],
            lenses=[ecology, care],
        ),
        "ritirata": council_act(
            council,
            "Orari della biblioteca",
            act_type="ordine-del-giorno",
            presented=D(2025, 2, 1),
            signatories=[alice],
            history=[("discussa", D(2025, 2, 20)), ("ritirata", D(2025, 2, 20))],
        ),
    }


def act_titles(html):
    return re.findall(r'<h3 class="act-item__title"><a href="[^"]+">([^<]+)</a>', html)


# --- People ----------------------------------------------------------------------------------


def test_people_page_groups_people_by_role_and_keeps_former_ones_apart(client, people):
    html = client.get("/persone/").text
    council_part = html.split("In consiglio comunale", 1)[1].split("</section>", 1)[0]
    assert "Alice Esempio" in council_part and "Bruno Prova" in council_part
    assert "Davide Fittizio" not in council_part
    assert html.index("In consiglio comunale") < html.index("Portavoce")
    assert html.index("Portavoce") < html.index("Hanno fatto parte del gruppo")
    assert html.index("Hanno fatto parte del gruppo") < html.index("Davide Fittizio")
    assert "Consigliera comunale, capogruppo" in html


def test_person_page_shows_role_term_contacts_and_their_acts(client, people, acts):
    html = client.get(people["alice"].url).text
    assert "<h1>Alice Esempio</h1>" in html
    assert "In carica dal 1 Giugno 2024" in html
    assert 'href="mailto:alice@example.org"' in html
    assert act_titles(html) == [
        "Parcheggi al posto del parco",
        "Orari della biblioteca",
        "Tariffe dei servizi secondo il reddito",
    ]
    assert 'href="/consiglio/?persona=alice-esempio"' in html
    html = client.get(people["chiara"].url).text
    assert "Nessun atto presentato finora." in html


def test_person_photo_needs_alt_text_and_term_must_end_after_it_starts(people):
    from django.core.exceptions import ValidationError

    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    alice = PersonPage.objects.get(pk=people["alice"].pk)
    alice.photo = Image.objects.create(title="Alice", file=get_test_image_file())
    with pytest.raises(ValidationError) as error:
        alice.full_clean()
    assert "photo_alt" in error.value.message_dict
    alice.photo_alt = "Alice sorride davanti al municipio"
    alice.term_end = D(2020, 1, 1)
    with pytest.raises(ValidationError) as error:
        alice.full_clean()
    assert "term_end" in error.value.message_dict


# --- Acts ------------------------------------------------------------------------------------


def test_current_status_is_the_latest_history_entry(acts):
    by_title = {act.title: act for act in CouncilActPage.objects.with_current_status()}
    expected = {
        "Tariffe dei servizi secondo il reddito": ("approvata", D(2024, 12, 2)),
        "Quanti alberi sono stati piantati?": ("presentata", D(2025, 3, 10)),
        "Parcheggi al posto del parco": ("respinta", D(2025, 6, 4)),
        "Orari della biblioteca": ("ritirata", D(2025, 2, 20)),
    }
    for title, (status, day) in expected.items():
        annotated = by_title[title]
        assert (annotated.latest_status, annotated.latest_status_date) == (status, day)
        fresh = CouncilActPage.objects.get(pk=annotated.pk)  # computed in Python
        assert (fresh.status, fresh.status_date) == (status, day)


def test_act_page_shows_type_number_signatories_history_and_process(
    client, home_page, acts, people
):
    processes = process_index(home_page)
    labs = process(processes, "Laboratori di quartiere", phases=[phase("Avvio", D(2025, 1, 1))])
    act = CouncilActPage.objects.get(pk=acts["tariffe"].pk)
    act.related_process = labs
    act.save_revision().publish()
    html = client.get(act.url).text
    assert "Mozione n. 45/2024" in html
    assert '<span class="act-status act-status--approvata">' in html
    assert 'href="/persone/alice-esempio/">Alice Esempio</a>' in html
    assert 'href="/percorsi/laboratori-di-quartiere/">Laboratori di quartiere</a>' in html
    history = html.split('<ol class="act-history__list">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<strong>(\w+)</strong>", history) == ["Presentata", "Discussa", "Approvata"]
    assert history.count('aria-current="step"') == 1


def test_index_lists_acts_newest_first(client, acts):
    html = client.get("/consiglio/").text
    assert act_titles(html) == [
        "Parcheggi al posto del parco",
        "Quanti alberi sono stati piantati?",
        "Orari della biblioteca",
        "Tariffe dei servizi secondo il reddito",
    ]
    assert "4 atti" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"tipo": "interrogazione"}, ["Quanti alberi sono stati piantati?"]),
        ({"stato": "approvata"}, ["Tariffe dei servizi secondo il reddito"]),
        ({"stato": "presentata"}, ["Quanti alberi sono stati piantati?"]),
        (
            {"lente": "ecologia"},
            ["Parcheggi al posto del parco", "Quanti alberi sono stati piantati?"],
        ),
        (
            {"persona": "bruno-prova"},
            ["Quanti alberi sono stati piantati?", "Tariffe dei servizi secondo il reddito"],
        ),
        ({"anno": "2024"}, ["Tariffe dei servizi secondo il reddito"]),
        (
            {"anno": "2025", "persona": "alice-esempio", "lente": "cura"},
            ["Parcheggi al posto del parco"],
        ),
        ({"tipo": "mozione", "stato": "respinta"}, []),
    ],
)
def test_filters(client, acts, query, expected):
    response = client.get("/consiglio/", query)
    assert response.status_code == 200
    assert act_titles(response.text) == expected
    for value in query.values():
        assert f'value="{value}" selected' in response.text
    if not expected:
        assert "Nessun atto corrisponde ai filtri scelti." in response.text


def test_filter_choices_offer_only_what_exists(client, acts):
    html = client.get("/consiglio/").text
    assert '<option value="2025">2025</option>' in html and 'value="2023"' not in html
    assert '<option value="alice-esempio">Alice Esempio</option>' in html
    assert "Chiara Segnaposto" not in html  # signed nothing


@pytest.mark.parametrize(
    "query",
    [
        {"tipo": "decreto"},
        {"stato": "sospesa"},
        {"anno": "duemila"},
        {"anno": "1999"},
        {"persona": "nessuno"},
        {"lente": "x" * 300},
        {"anno": "2025\x00"},
        {"pagina": "-1"},
    ],
)
def test_bad_filters_never_break_the_page(client, acts, query):
    response = client.get("/consiglio/", query)
    assert response.status_code == 200
    assert len(act_titles(response.text)) == 4
    if "pagina" not in query:
        assert 'aria-invalid="true"' in response.text
    feed = client.get("/consiglio/feed/", query)
    assert feed.status_code == 200


def test_rss_feed_lists_acts_with_status_and_follows_filters(client, acts):
    response = client.get("/consiglio/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items][:2] == [
        "Emendamento: Parcheggi al posto del parco",
        "Interrogazione: Quanti alberi sono stati piantati?",
    ]
    first = items[0]
    assert first.findtext("link") == "http://testserver/consiglio/parcheggi-al-posto-del-parco/"
    assert "Stato: respinta dal 04/06/2025" in first.findtext("description")
    assert {category.text for category in first.findall("category")} >= {"Emendamento", "Ecologia"}

    filtered = client.get("/consiglio/feed/", {"tipo": "mozione"})
    titles = [item.findtext("title") for item in ET.fromstring(filtered.content).iter("item")]
    assert titles == ["Mozione n. 45/2024: Tariffe dei servizi secondo il reddito"]


def test_atom_feed(client, acts):
    response = client.get("/consiglio/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(response.content).findall("atom:entry", namespace)
    assert len(entries) == 4
    assert entries[0].find("atom:updated", namespace).text.startswith("2025-06-04")


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_index_person_page_and_feed_cost_the_same_queries_however_many_acts(
    client, council, people, ecology, care
):
    alice, bruno = people["alice"], people["bruno"]

    def add(count, offset):
        for number in range(offset, offset + count):
            council_act(
                council,
                f"Atto {number}",
                presented=D(2024 + number % 2, 1 + number % 12, 1 + number % 27),
                signatories=[alice, bruno],
                history=[("discussa", D(2025, 6, 1))],
                lenses=[ecology, care],
            )

    paths = ["/consiglio/", "/consiglio/?lente=ecologia&anno=2025", "/consiglio/feed/", alice.url]
    add(3, 0)
    few = {path: queries_for(client, path) for path in paths}
    add(15, 3)
    many = {path: queries_for(client, path) for path in paths}
    assert few == many
    assert many["/consiglio/"] == PINNED_INDEX_QUERIES


# Routing and chrome, the filter choices (lenses, people, years), the count, the acts, their
# lenses and signatories.
PINNED_INDEX_QUERIES = 22


def test_history_rules_are_checked_in_the_admin(client, editor, council, people):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    client.force_login(editor)

    def post(history, signatories=(people["alice"],)):
        data = nested_form_data(
            {
                "title": "Una mozione",
                "slug": "una-mozione",
                "act_type": "mozione",
                "number": "",
                "date_presented": "2025-03-01",
                "summary": "Chiede qualcosa.",
                "body": streamfield([("paragraph", rich_text("<p>Testo.</p>"))]),
                "signatories": inline_formset([{"person": str(one.pk)} for one in signatories]),
                "status_history": inline_formset(
                    [{"status": status, "date": day, "note": ""} for status, day in history]
                ),
                "documents": inline_formset([]),
            }
        )
        data["action-publish"] = "action-publish"
        return client.post(f"/admin/pages/add/program/councilactpage/{council.pk}/", data)

    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    for history, message in [
        ([("discussa", "2025-02-01")], "non può precedere la presentazione"),
        ([("discussa", future)], "non può essere nel futuro"),
        ([("approvata", "2025-04-01"), ("respinta", "2025-05-01")], "un solo esito finale"),
        ([("approvata", "2025-04-01"), ("discussa", "2025-05-01")], "non ci sono altri passaggi"),
    ]:
        response = post(history)
        assert response.status_code == 200, history
        assert message in response.text.replace("&#x27;", "'"), history
        assert not CouncilActPage.objects.filter(slug="una-mozione").exists()

    response = post([], signatories=[people["alice"], people["alice"]])
    assert response.status_code == 200
    assert "già tra i firmatari" in response.text

    response = post([("discussa", "2025-04-01"), ("approvata", "2025-04-01")])
    assert response.status_code == 302
    act = CouncilActPage.objects.get(slug="una-mozione")
    assert act.status == ActStatus.APPROVED
    assert [entry.person for entry in act.signatories.all()] == [people["alice"]]


def test_lens_page_lists_recent_acts_and_people(client, home_page, acts, people):
    from tests.factories.program import lens_index

    lens_index(home_page)
    html = client.get("/lenti/ecologia/").text
    assert "In consiglio comunale" in html and "Chi se ne occupa" in html
    acts_part = html.split("In consiglio comunale", 1)[1].split("</section>", 1)[0]
    assert act_titles(acts_part) == [
        "Parcheggi al posto del parco",
        "Quanti alberi sono stati piantati?",
    ]
    assert 'href="/consiglio/?lente=ecologia"' in acts_part
    people_part = html.split("Chi se ne occupa", 1)[1].split("</section>", 1)[0]
    assert "Bruno Prova" in people_part and "Alice Esempio" not in people_part
