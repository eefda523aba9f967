"""The public directory of the partner registry: filters, count, last update, each
organisation's page with the events and processes it is a partner of, and site search."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.models import EventIndexPage
from program.models import Neighbourhood, Organisation
from tests.factories.events import publish_event
from tests.factories.program import (
    LensFactory,
    directory_page,
    organisation,
    phase,
    process,
    process_index,
    publish,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

# Routing and site chrome, the lenses and neighbourhoods of the filters, the count, the page of
# organisations with their neighbourhoods and lenses, the "last updated" date.
PINNED_DIRECTORY_QUERIES = 19


@pytest.fixture
def directory(home_page):
    return directory_page(home_page)


@pytest.fixture
def ecology(db):
    return LensFactory(name="Ecologia", slug="ecologia", colour="#2e7d4f")


@pytest.fixture
def care(db):
    return LensFactory(name="Cura", slug="cura", colour="#f2b84b")


@pytest.fixture
def places(db):
    return {
        "centro": Neighbourhood.objects.create(name="Centro storico", slug="centro"),
        "sacco": Neighbourhood.objects.create(name="Borgo Sacco", slug="sacco"),
    }


@pytest.fixture
def network(places, ecology, care):
    return {
        "cortili": organisation("Cortili Aperti", neighbourhood=places["centro"], lenses=[ecology]),
        "coop": organisation(
            "Coop La Ruota",
            kind="cooperativa",
            neighbourhood=places["sacco"],
            lenses=[care],
            description="Lavoro e inclusione lungo il fiume.",
        ),
        "comitato": organisation(
            "Comitato Parco Fiume", kind="comitato", neighbourhood=places["sacco"], lenses=[ecology]
        ),
        "pending": organisation("Richiesta in attesa", status="pending", lenses=[ecology]),
        "rejected": organisation("Richiesta respinta", status="rejected", lenses=[ecology]),
        "lapsed": organisation(
            "Scaduta ieri", approved_until=TODAY - datetime.timedelta(days=1), lenses=[ecology]
        ),
    }


def names(response):
    assert response.status_code == 200
    return set(re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.text))


def test_the_directory_lists_only_approved_organisations_still_in_date(client, directory, network):
    response = client.get(directory.url)
    assert names(response) == {"Cortili Aperti", "Coop La Ruota", "Comitato Parco Fiume"}
    assert "3 organizzazioni" in response.text
    assert "Ultimo aggiornamento:" in response.text
    assert "referente@example.org" not in response.text


def test_filters_by_kind_neighbourhood_lens_and_text(client, directory, network):
    assert names(client.get(directory.url, {"tipo": "cooperativa"})) == {"Coop La Ruota"}
    assert names(client.get(directory.url, {"quartiere": "sacco"})) == {
        "Coop La Ruota",
        "Comitato Parco Fiume",
    }
    assert names(client.get(directory.url, {"lente": "ecologia"})) == {
        "Cortili Aperti",
        "Comitato Parco Fiume",
    }
    assert names(client.get(directory.url, {"lente": "ecologia", "quartiere": "sacco"})) == {
        "Comitato Parco Fiume"
    }
    # Text: name, description and neighbourhood, any case.
    assert names(client.get(directory.url, {"q": "ruota"})) == {"Coop La Ruota"}
    assert names(client.get(directory.url, {"q": "INCLUSIONE"})) == {"Coop La Ruota"}
    assert names(client.get(directory.url, {"q": "borgo sacco"})) == {
        "Coop La Ruota",
        "Comitato Parco Fiume",
    }
    filtered = client.get(directory.url, {"tipo": "comitato"})
    assert "1 organizzazione" in filtered.text
    nothing = client.get(directory.url, {"q": "nessuna corrispondenza"})
    assert names(nothing) == set()
    assert "Nessuna organizzazione corrisponde alla ricerca." in nothing.text


@pytest.mark.parametrize(
    "query",
    [
        {"tipo": "partito"},
        {"quartiere": "atlantide"},
        {"lente": "nessuna"},
        {"q": "a\x00b"},
        {"q": "x" * 500},
        {"pagina": "-3"},
        {"pagina": "9999"},
        {"tipo": ["comitato", "cooperativa"]},
    ],
)
def test_unknown_or_hostile_filter_values_never_500(client, directory, network, query):
    response = client.get(directory.url, query)
    assert response.status_code == 200


def test_an_unknown_filter_value_is_ignored_with_a_message(client, directory, network):
    response = client.get(directory.url, {"tipo": "partito", "quartiere": "sacco"})
    assert "Questo valore non esiste" in response.text
    assert names(response) == {"Coop La Ruota", "Comitato Parco Fiume"}


def test_the_directory_is_paginated(client, directory):
    directory.per_page = 2
    directory.save_revision().publish()
    for number in range(5):
        organisation(f"Realtà {number}")
    first = client.get(directory.url)
    assert len(names(first)) == 2
    assert "5 organizzazioni" in first.text
    assert len(names(client.get(directory.url, {"pagina": "3"}))) == 1


def _queries(client, url):
    client.get(url)
    client.get(url)  # the first request stores the site's settings: a new content generation
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_directory_costs_the_same_queries_for_any_number_of_organisations(
    client, directory, places, ecology, care
):
    def add(offset, count):
        for number in range(offset, offset + count):
            organisation(
                f"Organizzazione {number}",
                neighbourhood=places["centro" if number % 2 else "sacco"],
                lenses=[ecology, care],
            )

    add(0, 2)
    few = _queries(client, directory.url)
    add(2, 20)
    assert _queries(client, directory.url) == few
    filtered = directory.url + "?lente=ecologia&quartiere=centro&q=organizzazione"
    with_filters = _queries(client, filtered)
    add(22, 5)
    assert _queries(client, filtered) == with_filters
    assert few == PINNED_DIRECTORY_QUERIES


def test_the_organisation_page_lists_its_events_and_processes(client, home_page, directory):
    partner = organisation("Ciclofficina del Leno")
    other = organisation("Altra realtà")
    calendar = publish(home_page, EventIndexPage(title="Eventi", slug="eventi"))
    start = timezone.now()
    upcoming = publish_event(
        calendar,
        title="Pedalata in centro",
        start=start + datetime.timedelta(days=3),
        end=start + datetime.timedelta(days=3, hours=2),
    )
    past = publish_event(
        calendar,
        title="Riparazioni di primavera",
        start=start - datetime.timedelta(days=30),
        end=start - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
    )
    unrelated = publish_event(
        calendar,
        title="Assemblea senza partner",
        start=start + datetime.timedelta(days=4),
        end=start + datetime.timedelta(days=4, hours=2),
    )
    processes = process_index(home_page)
    shared = process(
        processes,
        "Strade scolastiche",
        phases=[phase("Avvio", TODAY - datetime.timedelta(days=5), kind="from")],
    )
    for page in (upcoming, past, shared):
        page.partner_organisations.set([partner])
        page.save_revision().publish()
    unrelated.partner_organisations.set([other])
    unrelated.save_revision().publish()

    response = client.get(directory.url + partner.slug + "/")
    assert response.status_code == 200
    text = response.text
    assert "Pedalata in centro" in text
    assert "Riparazioni di primavera" in text
    assert "Strade scolastiche" in text
    assert "Assemblea senza partner" not in text
    assert text.index("Prossimi appuntamenti insieme") < text.index("Pedalata in centro")
    # The event links back to the organisation's page.
    event_page = client.get(upcoming.url)
    assert f'href="{directory.url}{partner.slug}/"' in event_page.text


def test_an_organisation_without_partnerships_says_so(client, directory):
    alone = organisation("Da sola")
    response = client.get(directory.url + alone.slug + "/")
    assert "Non ci sono ancora eventi o percorsi con questa organizzazione" in response.text


def test_pages_of_organisations_not_listed_are_404(client, directory, network):
    for key in ("pending", "rejected", "lapsed"):
        assert client.get(directory.url + network[key].slug + "/").status_code == 404
    assert client.get(directory.url + "nessuna/").status_code == 404


def test_the_sitemap_lists_listed_organisations_only(client, directory, network):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert f"{directory.url}{network['coop'].slug}/" in response.text
    assert network["pending"].slug not in response.text


def test_slugs_are_unique_and_never_take_the_request_form_address(db):
    first = organisation("Richiesta")
    second = organisation("Richiesta")
    assert first.slug == "richiesta-2"
    assert second.slug == "richiesta-3"
    assert Organisation.objects.filter(slug="richiesta").count() == 0


# --- Site search -------------------------------------------------------------------------


def test_site_search_finds_listed_organisations_and_links_their_page(client, directory, network):
    response = client.get("/search/", {"q": "Ruota"})
    assert response.status_code == 200
    assert f'href="{directory.url}{network["coop"].slug}/"' in response.text
    hidden = client.get("/search/", {"q": "Richiesta"})
    assert "Richiesta in attesa" not in hidden.text
    assert "Richiesta respinta" not in hidden.text
    lapsed = client.get("/search/", {"q": "Scaduta"})
    assert "Scaduta ieri" not in lapsed.text


def test_site_search_without_a_directory_shows_no_organisations(client, home_page, network):
    response = client.get("/search/", {"q": "Ruota"})
    assert response.status_code == 200
    assert "Coop La Ruota" not in response.text


def test_site_search_costs_the_same_queries_however_many_organisations_match(
    client, directory, network
):
    def cost():
        client.get("/search/", {"q": "Ruota"})
        client.get("/search/", {"q": "Ruota"})
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": "Ruota"})
        return len(captured), response

    one, response = cost()
    assert response.text.count('class="search-result__title"><a href="/con-chi/') == 1
    for number in range(3):
        organisation(f"Ruota {number}")
    three, response = cost()
    assert response.text.count('class="search-result__title"><a href="/con-chi/') == 4
    assert three == one
