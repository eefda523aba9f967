"""The calendar listing: order, archive, filters, pagination, feeds in the head, query count."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.models import EventFormat
from tests.factories.events import EventCategoryFactory, VenueFactory, make_lens, publish_event

pytestmark = pytest.mark.django_db


def titles(html):
    """Event titles in the order the listing shows them."""
    return re.findall(r'class="event-card__title"><a href="[^"]+">([^<]+)</a>', html)


def in_days(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def event(calendar, title, days, **fields):
    start = fields.pop("start", None) or in_days(days)
    return publish_event(
        calendar, title=title, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


@pytest.fixture
def programme(calendar):
    """Upcoming and past events of every format, two categories and two lenses."""
    assemblies = EventCategoryFactory(name="Assemblee", slug="assemblee")
    webinars = EventCategoryFactory(name="Webinar", slug="webinar")
    ecology = make_lens(slug="ecologia", name="Ecologia")
    care = make_lens(slug="cura", name="Cura", colour="#f2b84b", sort_order=2)
    venue = VenueFactory()
    event(calendar, "Assemblea di marzo", 3, categories=[assemblies], lenses=[ecology], venue=venue)
    event(
        calendar,
        "Webinar sul verde",
        1,
        format=EventFormat.ONLINE,
        categories=[webinars],
        lenses=[ecology],
    )
    event(
        calendar,
        "Serata ibrida",
        40,
        format=EventFormat.HYBRID,
        categories=[assemblies],
        lenses=[care],
        venue=venue,
    )
    event(calendar, "Assemblea passata", -5, categories=[assemblies])
    event(calendar, "Webinar passato", -30, format=EventFormat.ONLINE, categories=[webinars])
    return {"assemblies": assemblies, "webinars": webinars, "ecology": ecology, "care": care}


def test_upcoming_soonest_first_and_archive_most_recent_first(programme, calendar, client):
    html = client.get(calendar.url).text
    assert titles(html) == ["Webinar sul verde", "Assemblea di marzo", "Serata ibrida"]
    assert "3 eventi" in html
    archive = client.get(calendar.url + "?archivio=1").text
    assert titles(archive) == ["Assemblea passata", "Webinar passato"]


def test_an_event_under_way_is_still_upcoming(calendar, client):
    now = timezone.now()
    publish_event(
        calendar,
        title="In corso",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    assert titles(client.get(calendar.url).text) == ["In corso"]


def test_filter_by_category(programme, calendar, client):
    html = client.get(calendar.url + "?categoria=assemblee").text
    assert titles(html) == ["Assemblea di marzo", "Serata ibrida"]
    assert '<option value="assemblee" selected>' in html
    archive = client.get(calendar.url + "?archivio=1&categoria=webinar").text
    assert titles(archive) == ["Webinar passato"]


def test_filter_by_lens(programme, calendar, client):
    html = client.get(calendar.url + "?lente=ecologia").text
    assert titles(html) == ["Webinar sul verde", "Assemblea di marzo"]
    assert titles(client.get(calendar.url + "?lente=cura").text) == ["Serata ibrida"]


def test_format_filters_count_hybrid_events_as_both(programme, calendar, client):
    assert titles(client.get(calendar.url + "?modalita=online").text) == [
        "Webinar sul verde",
        "Serata ibrida",
    ]
    assert titles(client.get(calendar.url + "?modalita=in-presenza").text) == [
        "Assemblea di marzo",
        "Serata ibrida",
    ]
    assert titles(client.get(calendar.url + "?modalita=ibrido").text) == ["Serata ibrida"]


def test_filter_by_month_offers_the_months_with_events(programme, calendar, client):
    month = f"{timezone.localtime(in_days(40)):%Y-%m}"
    html = client.get(calendar.url).text
    assert f'<option value="{month}">' in html
    # 37 and more days apart from the others: the only event of its month.
    filtered = client.get(calendar.url + f"?mese={month}").text
    assert titles(filtered) == ["Serata ibrida"]
    assert f'<option value="{month}" selected>' in filtered


def test_filters_combine_with_each_other_and_the_archive(programme, calendar, client):
    html = client.get(calendar.url + "?categoria=assemblee&lente=ecologia&modalita=in-presenza")
    assert titles(html.text) == ["Assemblea di marzo"]
    none = client.get(calendar.url + "?categoria=webinar&modalita=ibrido").text
    assert titles(none) == []
    assert "Nessun evento con questi filtri." in none
    # The archive switch keeps the filters (the month, which may not apply, is left out).
    assert 'href="/eventi/?archivio=1&amp;categoria=webinar&amp;modalita=ibrido"' in none


@pytest.mark.parametrize(
    "query",
    [
        "categoria=nessuna",
        "lente=%00",
        "modalita=teletrasporto",
        "mese=2030-13",
        "mese=abc",
        "mese=9999-99",
        "pagina=-1",
        "pagina=abc",
        "pagina=99999999999999999999",
        "archivio=forse",
        "categoria=assemblee&categoria=webinar",
        "categoria[]=x",
    ],
)
def test_invalid_filter_values_are_ignored(programme, calendar, client, query):
    response = client.get(f"{calendar.url}?{query}")
    assert response.status_code == 200
    assert len(titles(response.text)) >= 1


def test_a_query_string_that_is_not_utf8_gets_a_message(programme, calendar, client):
    response = client.get(f"{calendar.url}?lente=%ff")
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_filters_are_an_accessible_get_form(programme, calendar, client):
    html = client.get(calendar.url).text
    form = html[html.index('<form class="event-filters"') :]
    form = form[: form.index("</form>")]
    assert 'method="get"' in form
    for name in ("categoria", "lente", "modalita", "mese"):
        assert f'<label for="filter-{name}">' in form
        assert f'id="filter-{name}" name="{name}"' in form
    assert 'aria-describedby="filter-modalita-hint"' in form
    assert '<button type="submit">Filtra</button>' in form


def test_pagination_keeps_the_filters(calendar, client):
    category = EventCategoryFactory(slug="assemblee")
    calendar.per_page = 2
    calendar.save_revision().publish()
    for number in range(5):
        event(calendar, f"Assemblea {number}", number + 1, categories=[category])
    event(calendar, "Altro", 2)
    first = client.get(calendar.url + "?categoria=assemblee").text
    assert titles(first) == ["Assemblea 0", "Assemblea 1"]
    assert 'href="?categoria=assemblee&amp;pagina=2" rel="next"' in first
    third = client.get(calendar.url + "?categoria=assemblee&pagina=3").text
    assert titles(third) == ["Assemblea 4"]
    assert 'href="?categoria=assemblee&amp;pagina=2" rel="prev"' in third


def test_listing_links_its_feeds(calendar, client):
    html = client.get(calendar.url).text
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/eventi/feed/"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/eventi/feed/atom/"' in html
    assert '<link rel="alternate" type="text/calendar"' in html
    assert 'href="/eventi/calendario/"' in html


def test_a_filtered_list_offers_the_category_calendar(programme, calendar, client):
    html = client.get(calendar.url + "?categoria=webinar").text
    assert 'href="/eventi/calendario/webinar/"' in html


def _count_queries(client, url):
    client.get(url)  # publishing clears Wagtail's cached site root paths: fill them first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def _fill(calendar, count, *, days_sign, category, lens, venue):
    for number in range(count):
        event(
            calendar,
            f"Evento {days_sign} {number}",
            days_sign * (number + 2),
            categories=[category],
            lenses=[lens],
            venue=venue,
            format=EventFormat.HYBRID,
        )


# Queries of the filtered listing, the same for 3 events or 12 (nothing is read per event).
# Seven are the listing's own: the filter choices (categories, lenses, months), the count,
# the page of events, their categories and their lenses; the rest are the site's frame
# (site, settings, menu, breadcrumbs, language switcher, newsletter call to action).
LISTING_QUERIES = 21


@pytest.mark.parametrize(
    ("archive", "days_sign"), [(False, 1), (True, -1)], ids=["upcoming", "archive"]
)
def test_query_count_does_not_grow_with_the_events_listed(
    calendar, client, django_assert_num_queries, archive, days_sign
):
    category = EventCategoryFactory(slug="assemblee")
    lens = make_lens()
    venue = VenueFactory()
    calendar.per_page = 50
    calendar.save_revision().publish()
    prefix = "archivio=1&" if archive else ""
    query = f"{prefix}categoria=assemblee&lente=ecologia&modalita=in-presenza"
    url = f"{calendar.url}?{query}"

    _fill(calendar, 3, days_sign=days_sign, category=category, lens=lens, venue=venue)
    few, response = _count_queries(client, url)
    assert len(titles(response.text)) == 3
    _fill(calendar, 9, days_sign=days_sign * 10, category=category, lens=lens, venue=venue)
    many, response = _count_queries(client, url)
    assert len(titles(response.text)) == 12
    assert few == many

    with django_assert_num_queries(LISTING_QUERIES):
        response = client.get(url)
    assert "lens-badge" in response.text
