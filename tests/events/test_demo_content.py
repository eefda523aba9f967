"""The demo calendar: the webinar of the seed retold, in-person and hybrid events, both tenses."""

from django.core.management import call_command

import pytest

from events.models import EventFormat, EventPage, EventStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_calendar_has_upcoming_and_past_events_of_every_format(demo, client):
    upcoming = list(EventPage.objects.upcoming())
    past = list(EventPage.objects.past())
    assert len(upcoming) >= 4 and len(past) >= 2
    assert {event.format for event in upcoming} == set(EventFormat.values)
    assert {event.status for event in upcoming} == set(EventStatus.values)

    webinar = EventPage.objects.get(slug="generare-prossimita")
    assert [s.name for s in webinar.moderators] == ["Giulia Marra"]
    assert len(webinar.presenters) == 5
    assert {link.platform for link in webinar.stream_links.all()} == {"Facebook", "YouTube"}
    programme = webinar.documents.get().document
    assert programme.file.read().startswith(b"%PDF-")

    html = client.get(webinar.url).text
    assert "Introduce e modera" in html
    assert "Diretta su YouTube" in html
    assert "Programma completo" in html
    listing = client.get("/eventi/").text
    assert webinar.title in listing
    assert "Annullato" in listing and "Rinviato" in listing


def test_demo_events_load_once(demo):
    count = EventPage.objects.count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert EventPage.objects.count() == count
