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


def test_demo_events_carry_lenses_and_some_take_registrations(demo, client):
    from events.models import RegistrationMode

    webinar = EventPage.objects.get(slug="generare-prossimita")
    assert set(webinar.lenses.values_list("slug", flat=True)) == {
        "cura-e-interdipendenza",
        "partecipazione",
    }
    assert all(event.lenses.exists() for event in EventPage.objects.all())
    with_rsvp = EventPage.objects.filter(
        registration=RegistrationMode.SITE, locale__language_code="it"
    )
    assert set(with_rsvp.values_list("slug", flat=True)) == {
        "generare-prossimita",
        "assemblea-aperta-rovereto",
    }
    assembly = with_rsvp.get(slug="assemblea-aperta-rovereto")
    assert assembly.capacity == 80 and assembly.availability.accepting
    html = client.get(assembly.url).text
    assert 'id="iscrizione"' in html and "Restano 80 posti." in html
    assert "lens-badge" in client.get("/eventi/").text
    # The calendar's feeds work on the demo content.
    assert client.get("/eventi/calendario/").status_code == 200
    assert client.get("/eventi/calendario/webinar/").status_code == 200
    assert client.get("/eventi/feed/").status_code == 200
    # A public assembly, a neighbourhood lab, a council evening in Rovereto and a hybrid event.
    assert EventPage.objects.filter(categories__slug="assemblee", format="in_person").exists()
    assert EventPage.objects.filter(categories__slug="laboratori", venue__city="Rovereto").exists()
    assert EventPage.objects.filter(categories__slug="consiglio", venue__city="Rovereto").exists()
    assert EventPage.objects.filter(format=EventFormat.HYBRID).exists()


def test_demo_events_load_once(demo):
    count = EventPage.objects.count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert EventPage.objects.count() == count


def test_the_demo_neighbourhood_lab_belongs_to_its_process(demo, client):
    lab = EventPage.objects.get(slug="laboratorio-quartiere-lizzana")

    assert lab.related_process.slug == "laboratori-di-quartiere"
    assert lab.title in client.get(lab.related_process.url).text
