"""What an event page publishes besides its text: JSON-LD, the map that waits for a click, feeds."""

import datetime
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import timezone

import pytest
from defusedxml import ElementTree

from events.models import EventFormat, EventSpeaker, EventStatus, EventStreamLink, RegistrationMode
from tests.factories.events import VenueFactory, publish_event, rome

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


def event_json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    events = [json.loads(block) for block in blocks if '"Event"' in block]
    assert len(events) == 1, blocks
    return events[0]


@pytest.fixture
def webinar(calendar):
    event = publish_event(
        calendar,
        title="Generare prossimità",
        start=rome(2030, 12, 1, 18),
        end=rome(2030, 12, 1, 19, 30),
        format=EventFormat.ONLINE,
        summary="Case del quartiere e patti di collaborazione.",
        organisers="Labsus",
    )
    EventStreamLink.objects.create(page=event, url="https://www.youtube.com/@labsus/live")
    EventSpeaker.objects.create(
        page=event,
        name="Elen Ganio",
        role="Community manager",
        affiliation="Beeozanam",
        sort_order=0,
    )
    EventSpeaker.objects.create(
        page=event, name="Giulia Marra", affiliation="Labsus", is_moderator=True, sort_order=1
    )
    return event


def test_json_ld_of_an_online_event(webinar, client):
    data = event_json_ld(client.get(webinar.url).text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Generare prossimità"
    assert data["url"] == "http://testserver/eventi/generare-prossimita/"
    assert data["startDate"] == "2030-12-01T18:00:00+01:00"
    assert data["endDate"] == "2030-12-01T19:30:00+01:00"
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://www.youtube.com/@labsus/live",
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Labsus"}
    assert data["performer"] == [
        {
            "@type": "Person",
            "name": "Elen Ganio",
            "jobTitle": "Community manager",
            "affiliation": {"@type": "Organization", "name": "Beeozanam"},
        },
        {
            "@type": "Person",
            "name": "Giulia Marra",
            "affiliation": {"@type": "Organization", "name": "Labsus"},
        },
    ]
    assert data["description"].startswith("Case del quartiere")
    assert data["inLanguage"] == "it"
    assert "offers" not in data


def test_json_ld_of_a_hybrid_event_has_both_locations(calendar, client):
    event = publish_event(
        calendar,
        title="Bilancio",
        start=rome(2030, 2, 1, 18),
        end=rome(2030, 2, 1, 20),
        format=EventFormat.HYBRID,
        venue=VenueFactory(name="Urban Center"),
    )
    data = event_json_ld(client.get(event.url).text)
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Urban Center"
    assert place["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "IT",
        "streetAddress": "Corso Rosmini 1",
        "postalCode": "38068",
        "addressLocality": "Rovereto",
    }
    assert place["geo"]["@type"] == "GeoCoordinates"
    assert virtual == {"@type": "VirtualLocation", "url": "http://testserver/eventi/bilancio/"}


def test_json_ld_status_of_postponed_and_cancelled_events(calendar, client):
    moved = publish_event(
        calendar,
        title="Serata",
        start=rome(2030, 3, 21, 20, 30),
        end=rome(2030, 3, 21, 22),
        status=EventStatus.POSTPONED,
        previous_start=rome(2030, 3, 14, 20, 30),
        venue=VenueFactory(),
    )
    data = event_json_ld(client.get(moved.url).text)
    assert data["eventStatus"] == SCHEMA + "EventRescheduled"
    assert data["previousStartDate"] == "2030-03-14T20:30:00+01:00"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"

    moved.status, moved.previous_start = EventStatus.CANCELLED, None
    moved.save_revision().publish()
    assert event_json_ld(client.get(moved.url).text)["eventStatus"] == SCHEMA + "EventCancelled"


def test_json_ld_offers_registration_when_it_is_on(rsvp_event, client):
    data = event_json_ld(client.get(rsvp_event.url).text)
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["url"] == "http://testserver/eventi/assemblea-con-iscrizione/#iscrizione"
    assert offer["price"] == "0" and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == SCHEMA + "InStock"
    assert data["maximumAttendeeCapacity"] == 2
    assert data["remainingAttendeeCapacity"] == 2
    assert data["isAccessibleForFree"] is True


def test_json_ld_of_all_day_events_uses_dates(calendar, client):
    event = publish_event(
        calendar, title="Festa", start=rome(2030, 5, 10), end=rome(2030, 5, 11), all_day=True
    )
    data = event_json_ld(client.get(event.url).text)
    assert (data["startDate"], data["endDate"]) == ("2030-05-10", "2030-05-11")


def test_json_ld_cannot_break_out_of_its_script(calendar, client):
    event = publish_event(
        calendar,
        title="</script><script>alert(1)</script>",
        slug="titolo-strano",
        start=rome(2030, 5, 10, 18),
        end=rome(2030, 5, 10, 19),
    )
    html = client.get(event.url).text
    assert "<script>alert(1)" not in html
    assert event_json_ld(html)["name"] == "</script><script>alert(1)</script>"


class ResourceCollector(HTMLParser):
    """Every URL the browser would load by itself (not links a person follows)."""

    def __init__(self):
        super().__init__()
        self.loaded = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                self.loaded.append(attrs[name])
        if tag == "link" and attrs.get("rel") not in ("canonical", "alternate"):
            self.loaded.append(attrs.get("href", ""))


def test_map_is_not_loaded_without_a_click(calendar, client):
    event = publish_event(
        calendar,
        title="Assemblea",
        start=rome(2030, 3, 12, 20),
        end=rome(2030, 3, 12, 22),
        venue=VenueFactory(name="Urban Center"),
    )
    html = client.get(event.url).text
    collector = ResourceCollector()
    collector.feed(html)
    third_party = [
        url for url in collector.loaded if urlsplit(url).hostname not in (None, "testserver")
    ]
    assert third_party == []
    assert "<iframe" not in html
    assert "data-event-map" in html and "Carica la mappa" in html
    assert "il tuo browser si collegherà ai server di OpenStreetMap" in html
    assert 'href="https://www.openstreetmap.org/?mlat=45.890600' in html  # a plain link


def test_map_not_available_without_coordinates_or_online(calendar, client):
    venue = VenueFactory(latitude=None, longitude=None)
    event = publish_event(
        calendar,
        title="Lizzana",
        start=rome(2030, 3, 12, 20),
        end=rome(2030, 3, 12, 22),
        venue=venue,
    )
    assert "Mappa non disponibile." in client.get(event.url).text
    online = publish_event(
        calendar,
        title="Online",
        start=rome(2030, 3, 12, 20),
        end=rome(2030, 3, 12, 22),
        format=EventFormat.ONLINE,
    )
    assert "Mappa non disponibile: l'evento si svolge online." in client.get(online.url).text


def test_rss_and_atom_feeds_of_upcoming_events(calendar, client):
    now = timezone.now()
    publish_event(
        calendar,
        title="Prossimo",
        start=now + datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=1, hours=1),
        venue=VenueFactory(),
    )
    publish_event(
        calendar,
        title="Annullato",
        start=now + datetime.timedelta(days=2),
        end=now + datetime.timedelta(days=2, hours=1),
        status=EventStatus.CANCELLED,
    )
    publish_event(
        calendar,
        title="Passato",
        start=now - datetime.timedelta(days=2),
        end=now - datetime.timedelta(days=2) + datetime.timedelta(hours=1),
    )

    rss = client.get(calendar.url + "feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(rss.content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Prossimo",
        "Annullato: Annullato",
    ]
    assert channel.find("item").findtext("link") == "http://testserver/eventi/prossimo/"

    atom = client.get(calendar.url + "feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(atom.content).findall("a:entry", namespace)
    assert [entry.findtext("a:title", namespaces=namespace) for entry in entries][0] == "Prossimo"


def test_event_registration_mode_external_shows_in_json_ld(calendar, client):
    event = publish_event(
        calendar,
        title="Esterno",
        start=rome(2030, 3, 12, 20),
        end=rome(2030, 3, 12, 22),
        registration=RegistrationMode.EXTERNAL,
        registration_url="https://example.org/iscriviti",
    )
    data = event_json_ld(client.get(event.url).text)
    assert data["offers"] == {"@type": "Offer", "url": "https://example.org/iscriviti"}
