"""Language switcher, hreflang alternates and the interface catalogues."""

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from tests.factories.pages import StandardPageFactory


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


def _translate(page, locale, title):
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.title = title
    translation.save_revision().publish()
    return translation.specific


@pytest.fixture
def story(home_page):
    page = StandardPageFactory(parent=home_page, title="La nostra storia", slug="storia")
    page.save_revision().publish()
    return page


def _switcher(response):
    soup = BeautifulSoup(response.content, "html.parser")
    switcher = soup.select_one(".lang-switch")
    assert switcher is not None, "every page has a language switcher"
    return soup, switcher


def test_switcher_links_to_the_translation_of_the_same_page(client, story, english):
    english_story = _translate(story, english, "Our story")

    soup, switcher = _switcher(client.get(story.url))

    current = switcher.select_one("[aria-current]")
    assert current.get_text(strip=True) == "Italiano"
    link = switcher.select_one('a[hreflang="en"]')
    assert link["href"] == english_story.url
    assert link["href"].startswith("/en/")
    assert link["lang"] == "en"
    assert not switcher.select(".lang-switch__note")
    alternates = {tag["hreflang"]: tag["href"] for tag in soup.select('link[rel="alternate"]')}
    assert alternates["it"].endswith(story.url)
    assert alternates["en"].endswith(english_story.url)
    assert alternates["x-default"] == alternates["it"]


def test_english_page_is_english_and_links_back(client, story, english):
    english_story = _translate(story, english, "Our story")

    response = client.get(english_story.url)

    soup, switcher = _switcher(response)
    assert soup.html["lang"] == "en"
    assert soup.select_one(".skip-link").get_text(strip=True) == "Skip to content"
    assert switcher.select_one('a[hreflang="it"]')["href"] == story.url
    assert switcher.select_one("[aria-current]").get_text(strip=True) == "English"


def test_untranslated_page_says_so_and_leads_to_the_other_home(client, story, english):
    english_home = _translate(story.get_parent().specific, english, "Officina Comune")

    soup, switcher = _switcher(client.get(story.url))

    link = switcher.select_one('a[hreflang="en"]')
    assert link["href"] == english_home.url == "/en/"
    note = soup.find(id=link["aria-describedby"])
    assert "non tradotta" in note.get_text()
    assert not soup.select('link[rel="alternate"]'), "no hreflang without a translation"


def test_untranslated_site_offers_no_dead_link(client, story):
    _soup, switcher = _switcher(client.get(story.url))

    assert not switcher.select('a[hreflang="en"]')


def test_views_outside_the_page_tree_switch_to_the_same_url(client, home_page):
    _soup, switcher = _switcher(client.get("/search/?q=casa"))

    assert switcher.select_one('a[hreflang="en"]')["href"] == "/en/search/?q=casa"


def test_switching_language_sets_no_cookie(client, story, english):
    english_story = _translate(story, english, "Our story")

    response = client.get(english_story.url)

    assert not response.cookies, "the language lives in the URL, not in a cookie"


def test_catalogues_compile_and_translate_the_interface(settings):
    from home.i18n import catalogues, compile_catalogues

    assert list(catalogues()), "the English catalogue exists"
    assert compile_catalogues(force=True)
