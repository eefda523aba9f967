"""Calendar files (RFC 5545, parsed back with icalendar), feeds and "add to calendar" links."""

import datetime
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

import icalendar
import pytest

from events.models import EventFormat, EventStatus, EventStreamLink
from tests.factories.events import EventCategoryFactory, VenueFactory, publish_event, rome

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


@pytest.fixture
def webinar(calendar):
    event = publish_event(
        calendar,
        title="Generare prossimità",
        start=rome(2030, 12, 1, 18),
        end=rome(2030, 12, 1, 19, 30),
        format=EventFormat.ONLINE,
        summary="Case del quartiere e patti di collaborazione.",
    )
    EventStreamLink.objects.create(page=event, url="https://www.youtube.com/@labsus/live")
    EventStreamLink.objects.create(page=event, url="https://www.facebook.com/labsus/live")
    return event


def test_event_ics_is_valid_and_complete(webinar, client):
    response = client.get(webinar.url + "calendario/")
    assert response["Content-Disposition"] == 'attachment; filename="generare-prossimita.ics"'
    cal = parse(response)
    assert cal["VERSION"] == "2.0" and cal["PRODID"] and cal["METHOD"] == "PUBLISH"
    [vevent] = vevents(cal)
    assert str(vevent["UID"]) == f"event-{webinar.translation_key}@testserver"
    assert vevent["SUMMARY"] == "Generare prossimità"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert vevent["URL"] == "http://testserver/eventi/generare-prossimita/"
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    start = vevent.decoded("DTSTART")
    assert start == rome(2030, 12, 1, 18)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Rome"
    assert vevent.decoded("DTEND") - start == datetime.timedelta(minutes=90)
    description = str(vevent["DESCRIPTION"])
    assert "Case del quartiere" in description
    assert "Diretta su YouTube: https://www.youtube.com/@labsus/live" in description
    assert "Diretta su Facebook: https://www.facebook.com/labsus/live" in description
    assert str(vevent["LOCATION"]) == "https://www.youtube.com/@labsus/live"
    # The time zone the times refer to travels with the file.
    [vtimezone] = cal.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Rome"
    assert {sub.name for sub in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_in_person_event_has_its_place_and_coordinates(calendar, client):
    venue = VenueFactory(name="Urban Center", address="Corso Rosmini 58")
    event = publish_event(
        calendar,
        title="Assemblea",
        start=rome(2030, 3, 12, 20),
        end=rome(2030, 3, 12, 22),
        venue=venue,
        venue_note="Sala grande",
    )
    [vevent] = vevents(parse(client.get(event.url + "calendario/")))
    assert str(vevent["LOCATION"]) == "Urban Center, Corso Rosmini 58, 38068 Rovereto"
    assert vevent["GEO"].latitude == pytest.approx(45.8906)
    assert "Sala grande" in str(vevent["DESCRIPTION"])


def test_uid_stays_and_sequence_rises_across_edits(calendar, client):
    venue = VenueFactory()
    event = publish_event(
        calendar,
        title="Laboratorio",
        start=rome(2030, 4, 2, 18),
        end=rome(2030, 4, 2, 20),
        venue=venue,
    )
    first = vevents(parse(client.get(event.url + "calendario/")))[0]

    event.title = "Laboratorio di quartiere"
    event.slug = "laboratorio-di-quartiere"
    event.save_revision().publish()
    event.refresh_from_db()
    renamed = vevents(parse(client.get(event.url + "calendario/")))[0]
    assert renamed["UID"] == first["UID"]
    assert renamed["SEQUENCE"] == first["SEQUENCE"] == 0

    event.start, event.end = rome(2030, 4, 9, 18), rome(2030, 4, 9, 20)
    event.save_revision().publish()
    moved = vevents(parse(client.get(event.url + "calendario/")))[0]
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] == 1

    event.status, event.status_note = EventStatus.CANCELLED, "Maltempo."
    event.save_revision().publish()
    cancelled = vevents(parse(client.get(event.url + "calendario/")))[0]
    assert cancelled["UID"] == first["UID"]
    assert cancelled["SEQUENCE"] == 2
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Annullato: Laboratorio di quartiere"
    assert "L'evento è annullato." in str(cancelled["DESCRIPTION"])


def test_all_day_events_are_dates_with_an_exclusive_end(calendar, client):
    event = publish_event(
        calendar,
        title="Festa",
        start=rome(2030, 5, 10),
        end=rome(2030, 5, 11, 23, 59),
        all_day=True,
    )
    [vevent] = vevents(parse(client.get(event.url + "calendario/")))
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"
    assert vevent.decoded("DTSTART") == datetime.date(2030, 5, 10)
    assert vevent.decoded("DTEND") == datetime.date(2030, 5, 12)


def test_times_stay_right_across_the_daylight_saving_change(calendar, client):
    # Clocks in Rome go forward at 02:00 on 31 March 2030: 01:00 CET to 04:00 CEST is 2 hours.
    event = publish_event(
        calendar, title="Notte", start=rome(2030, 3, 31, 1), end=rome(2030, 3, 31, 4)
    )
    [vevent] = vevents(parse(client.get(event.url + "calendario/")))
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert (start.hour, end.hour) == (1, 4)
    # (Python subtracts wall-clock times within one zone: compare the instants.)
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(
        hours=2
    )
    assert start.astimezone(datetime.UTC).hour == 0
    assert end.astimezone(datetime.UTC).hour == 2


def test_subscribable_feed_of_upcoming_events_all_and_per_category(calendar, client):
    webinars = EventCategoryFactory(name="Webinar", slug="webinar")
    now = timezone.now()
    publish_event(
        calendar,
        title="Webinar",
        start=now + datetime.timedelta(days=2),
        end=now + datetime.timedelta(days=2, hours=1),
        categories=[webinars],
    )
    publish_event(
        calendar,
        title="Assemblea",
        start=now + datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=1, hours=2),
    )
    publish_event(
        calendar,
        title="Passato",
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=3) + datetime.timedelta(hours=1),
    )

    response = client.get(calendar.url + "calendario/")
    assert response["Content-Disposition"].startswith("inline")
    cal = parse(response)
    assert cal["X-WR-CALNAME"] == "Eventi"
    assert [str(e["SUMMARY"]) for e in vevents(cal)] == ["Assemblea", "Webinar"]
    assert len({str(e["UID"]) for e in vevents(cal)}) == 2

    only = parse(client.get(calendar.url + "calendario/webinar/"))
    assert [str(e["SUMMARY"]) for e in vevents(only)] == ["Webinar"]
    assert only["X-WR-CALNAME"] == "Eventi · Webinar"
    assert list(vevents(only)[0]["CATEGORIES"].cats) == ["Webinar"]

    assert client.get(calendar.url + "calendario/nessuna/").status_code == 404


def test_feed_queries_do_not_grow_with_the_events(calendar, client, django_assert_max_num_queries):
    now = timezone.now()
    for number in range(6):
        start = now + datetime.timedelta(days=number + 1)
        event = publish_event(
            calendar,
            title=f"Evento {number}",
            start=start,
            end=start + datetime.timedelta(hours=1),
            format=EventFormat.HYBRID,
            venue=VenueFactory(),
        )
        EventStreamLink.objects.create(page=event, url="https://www.youtube.com/live/x")
    client.get(calendar.url + "calendario/")
    with django_assert_max_num_queries(12):
        cal = parse(client.get(calendar.url + "calendario/"))
    assert len(vevents(cal)) == 6


def test_add_to_calendar_links_are_plain_links(webinar, client):
    html = client.get(webinar.url).text
    assert 'href="/eventi/generare-prossimita/calendario/" download' in html
    google = html.split('href="https://calendar.google.com/calendar/render?', 1)[1].split('"')[0]
    params = parse_qs(google.replace("&amp;", "&"))
    assert params["action"] == ["TEMPLATE"]
    assert params["text"] == ["Generare prossimità"]
    assert params["dates"] == ["20301201T170000Z/20301201T183000Z"]
    assert "Diretta su YouTube" in params["details"][0]
    outlook = html.split('href="https://outlook.live.com/calendar/0/deeplink/compose?', 1)[1]
    params = parse_qs(outlook.split('"')[0].replace("&amp;", "&"))
    assert params["startdt"] == ["2030-12-01T17:00:00Z"]
    assert params["subject"] == ["Generare prossimità"]


def test_calendar_files_are_not_stored_in_the_page_cache(webinar, client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    for _ in range(2):
        response = client.get(webinar.url + "calendario/")
        assert response["X-Page-Cache"] == "miss"
        assert "max-age=300" in response["Cache-Control"]
    for path in ("calendario/", "feed/", "feed/atom/"):
        url = webinar.get_parent().url + path
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "miss"


def test_feed_of_a_private_calendar_needs_its_password(calendar, client):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=calendar, restriction_type="password", password="x")
    response = client.get(calendar.url + "calendario/")
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" not in response.content


def test_an_event_may_not_take_a_calendar_route_as_slug(calendar):
    from django.core.exceptions import ValidationError

    from events.models import EventPage

    event = EventPage(
        title="Feed", slug="feed", start=rome(2030, 1, 1, 18), end=rome(2030, 1, 1, 19)
    )
    with pytest.raises(ValidationError) as error:
        calendar.add_child(instance=event)
    assert "slug" in error.value.message_dict


def test_ics_location_of_a_hybrid_event(calendar, client):
    event = publish_event(
        calendar,
        title="Bilancio",
        start=rome(2030, 2, 1, 18),
        end=rome(2030, 2, 1, 20),
        venue=VenueFactory(name="Urban Center"),
        format=EventFormat.HYBRID,
    )
    [vevent] = vevents(parse(client.get(event.url + "calendario/")))
    assert str(vevent["LOCATION"]).startswith("Urban Center") and "online" in str(
        vevent["LOCATION"]
    )
    assert urlsplit(str(vevent["URL"])).path == "/eventi/bilancio/"
