"""Lens pages: each lens explained, with everything that carries it; badges link there."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

import pytest

from events.models import EventIndexPage
from home.models import StandardPage
from newsletter.models import NewsletterIndexPage, NewsletterPage
from program.models import LensIndexPage
from tests.factories.events import publish_event
from tests.factories.program import (
    council_act,
    council_index,
    directory_page,
    organisation,
    people_index,
    person,
    phase,
    process,
    process_index,
    program_page,
    publish,
    theme,
)

pytestmark = pytest.mark.django_db

# Routing and site chrome (site, locale, settings, menu, breadcrumbs, translations), the lens,
# then for each section: view restrictions, items, their lenses (badge links come from the cache).
PINNED_LENS_PAGE_QUERIES = 44


def text_page(parent, title, lenses=(), **fields):
    return publish(parent, StandardPage(title=title, intro=f"Di {title}.", **fields), lenses=lenses)


def newsletter(archive, title, lenses=()):
    page = NewsletterPage(title=title, preheader=f"Anteprima di {title}", body=[])
    return publish(archive, page, lenses=lenses)


def event(calendar, title, days_from_now, lenses=()):
    start = timezone.now() + datetime.timedelta(days=days_from_now)
    return publish_event(
        calendar, title=title, start=start, end=start + datetime.timedelta(hours=2), lenses=lenses
    )


@pytest.fixture
def calendar(home_page):
    return publish(home_page, EventIndexPage(title="Eventi", slug="eventi"))


@pytest.fixture
def archive(home_page):
    return publish(home_page, NewsletterIndexPage(title="Newsletter", slug="archivio"))


def test_lens_index_lists_every_lens_in_editor_order(client, lenses_page, ecology, care):
    html = client.get("/lenti/").text
    assert html.index("Cura e interdipendenza") < html.index("Ecologia")
    assert 'href="/lenti/ecologia/"' in html
    assert ecology.short_description in html


def test_lens_page_lists_what_carries_the_lens_across_types(
    client, home_page, lenses_page, ecology, care, calendar, archive
):
    processes = process_index(home_page)
    today = timezone.localdate()
    process(processes, "Piano del verde", [phase("Ascolto", today, kind="from")], [ecology])
    process(
        processes, "Verde finito", [phase("Fatto", today - datetime.timedelta(days=9))], [ecology]
    )
    text_page(home_page, "Orti condivisi", lenses=[ecology])
    text_page(home_page, "Chi siamo")  # no lens
    text_page(home_page, "Cura dei quartieri", lenses=[care])
    event(calendar, "Passeggiata nel verde", 3, lenses=[ecology, care])
    event(calendar, "Pulizia del parco, già fatta", -3, lenses=[ecology])
    newsletter(archive, "Numero verde", lenses=[ecology])
    draft = StandardPage(title="Bozza verde", slug="bozza-verde")
    home_page.add_child(instance=draft)
    draft.lenses.add(ecology)
    draft.save_revision()
    draft.unpublish()

    response = client.get("/lenti/ecologia/")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Ecologia</h1>" in html
    assert "Aria, acqua, suolo." in html  # the long description
    for shown in ("Piano del verde", "Orti condivisi", "Passeggiata nel verde", "Numero verde"):
        assert shown in html, shown
    for hidden in ("Chi siamo", "Cura dei quartieri", "già fatta", "Bozza verde", "Verde finito"):
        assert hidden not in html, hidden
    assert html.index("Percorsi partecipativi in corso") < html.index("Prossimi appuntamenti")
    assert html.index("Prossimi appuntamenti") < html.index("Pagine") < html.index("newsletter")
    assert 'href="/percorsi/?lente=ecologia">Tutti i percorsi con questa lente' in html
    # The event's other lens is shown as a badge that leads to its own page.
    assert 'href="/lenti/cura/"' in html
    assert 'rel="canonical" href="http://testserver/lenti/ecologia/"' in html


def test_badges_on_content_link_to_the_lens_page(client, home_page, lenses_page, ecology):
    page = text_page(home_page, "Orti condivisi", lenses=[ecology])
    html = client.get(page.url).text
    assert '<a class="lens-badge lens-badge--on-dark" href="/lenti/ecologia/">' in html


def test_badges_link_nowhere_without_a_live_lens_page(client, home_page, ecology):
    page = text_page(home_page, "Orti condivisi", lenses=[ecology])
    html = client.get(page.url).text
    assert "lens-badge" in html and 'href="/lenti/' not in html


def test_a_lens_with_nothing_yet_says_so(client, lenses_page, ecology):
    html = client.get("/lenti/ecologia/").text
    assert "Non ci sono ancora contenuti con questa lente." in html


@pytest.mark.parametrize("path", ["/lenti/non-esiste/", "/lenti/ecologia/altro/", "/lenti/%00/"])
def test_unknown_lenses_are_a_plain_404(client, lenses_page, ecology, path):
    response = client.get(path)
    assert response.status_code == 404


def test_english_page_of_a_translated_lens(client, home_page, lenses_page, ecology):
    english = Locale.objects.create(language_code="en")
    english_home = home_page.copy_for_translation(english)
    english_home.save_revision().publish()
    english_index = lenses_page.copy_for_translation(english)
    english_index.slug = "lenses"
    english_index.save_revision().publish()
    ecology_en = ecology.copy_for_translation(english)
    ecology_en.name, ecology_en.slug = "Ecology", "ecology"
    ecology_en.save()
    italian_page = text_page(home_page, "Orti condivisi", lenses=[ecology])
    english_page = italian_page.copy_for_translation(english)
    english_page.title, english_page.intro = "Shared gardens", "About gardens."
    english_page.save_revision().publish()  # still points at the Italian lens

    response = client.get("/en/lenses/ecology/")
    assert response.status_code == 200
    assert "Ecology" in response.text and "Shared gardens" in response.text
    assert "Orti condivisi" not in response.text
    # The Italian slug under the English index leads to the English lens page.
    redirect = client.get("/en/lenses/ecologia/")
    assert redirect.status_code == 301 and redirect["Location"] == "/en/lenses/ecology/"
    # Badges on English pages are in English and lead to the English lens page.
    html = client.get(english_page.url).text
    assert 'href="/en/lenses/ecology/"' in html and "Ecology" in html


def make_content(home_page, calendar, archive, lenses, count, offset=0):
    processes = home_page.get_children().filter(slug="percorsi").first()
    processes = processes.specific if processes else process_index(home_page)
    today = timezone.localdate()
    program_page(
        home_page,
        slug=f"programma-{offset}",
        themes=[theme(f"Tema {number}", lenses=lenses) for number in range(count)],
    )
    acts = home_page.get_children().filter(slug="consiglio").first()
    acts = acts.specific if acts else council_index(home_page)
    people = home_page.get_children().filter(slug="persone").first()
    people = people.specific if people else people_index(home_page)
    if not home_page.get_children().filter(slug="con-chi").exists():
        directory_page(home_page)
    for number in range(offset, offset + count):
        someone = person(people, f"Persona {number}", lenses=lenses)
        council_act(acts, f"Atto {number}", signatories=[someone], lenses=lenses)
        process(
            processes,
            f"Percorso {number}",
            phases=[phase("Avvio", today - datetime.timedelta(days=number + 1), kind="from")],
            lenses=lenses,
        )
        text_page(home_page, f"Pagina {number}", lenses=lenses)
        event(calendar, f"Evento {number}", 2 + number, lenses=lenses)
        newsletter(archive, f"Numero {number}", lenses=lenses)
        organisation(f"Associazione {number}", lenses=lenses)


def queries_for(client, path):
    client.get(path)  # Wagtail caches per process (site root paths, content types)
    client.get(path)  # the first request stored the site's settings: a new content generation
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_lens_page_costs_the_same_queries_however_much_content(
    client, home_page, lenses_page, ecology, care, calendar, archive
):
    make_content(home_page, calendar, archive, [ecology, care], 2)
    few = queries_for(client, "/lenti/ecologia/")
    make_content(home_page, calendar, archive, [ecology, care], 8, offset=2)
    many = queries_for(client, "/lenti/ecologia/")
    assert few == many


def test_lens_page_query_count_is_pinned(
    client, home_page, lenses_page, ecology, care, calendar, archive, django_assert_num_queries
):
    make_content(home_page, calendar, archive, [ecology, care], 7)
    client.get("/lenti/ecologia/")
    client.get("/lenti/ecologia/")  # the first request stored the site's settings
    # Page routing and site chrome, the lens, then each section: items, prefetches.
    with django_assert_num_queries(PINNED_LENS_PAGE_QUERIES):
        client.get("/lenti/ecologia/")


def test_lens_index_page_is_created_at_its_place_only(home_page):
    assert LensIndexPage.can_create_at(home_page)
    lens_index_page = LensIndexPage(title="Lenti", slug="lenti")
    home_page.add_child(instance=lens_index_page)
    assert not LensIndexPage.can_create_at(home_page)  # one per home page
    assert not LensIndexPage.can_create_at(lens_index_page)
