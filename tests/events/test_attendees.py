"""The attendee list in the admin: the Redazione sees and exports it, volunteers never do."""

import csv
import io

from django.core import mail

import pytest

from events import rsvp, tokens
from events.forms import CONSENT_WORDING
from events.models import Registration
from home.legal import LegalTextVersion

pytestmark = pytest.mark.django_db


def add_confirmed(event, name, email):
    rsvp.register(
        event,
        name=name,
        email=email,
        consent_text=LegalTextVersion.objects.consent(CONSENT_WORDING),
    )
    registration = Registration.objects.get(email=email)
    rsvp.confirm(tokens.make_token(registration, tokens.CONFIRM))
    return registration


@pytest.fixture
def attendees(rsvp_event):
    add_confirmed(rsvp_event, "Anna Rossi", "anna@example.org")
    add_confirmed(rsvp_event, '=HYPERLINK("http://evil.example","x")', "evil@example.org")
    add_confirmed(rsvp_event, "Carla Neri", "carla@example.org")  # waiting: 2 places
    rsvp.register(
        rsvp_event,
        name="Non confermato",
        email="pending@example.org",
        consent_text=LegalTextVersion.objects.consent(CONSENT_WORDING),
    )
    mail.outbox.clear()
    return rsvp_event


def test_editor_sees_the_attendee_list(attendees, client, editor):
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{attendees.pk}/edit/")
    assert f'href="/admin/events/{attendees.pk}/iscritti/"' in edit.text
    response = client.get(f"/admin/events/{attendees.pk}/iscritti/")
    assert response.status_code == 200
    assert "anna@example.org" in response.text
    assert "carla@example.org" in response.text and "In lista d&#x27;attesa" in response.text
    assert "pending@example.org" not in response.text  # not confirmed: not an attendee
    assert "2 posti presi su 2" in response.text


def test_export_is_safe_to_open_in_a_spreadsheet_and_logged(attendees, client, editor):
    from wagtail.models import PageLogEntry

    client.force_login(editor)
    response = client.get(f"/admin/events/{attendees.pk}/iscritti/csv/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="iscritti-assemblea-con-iscrizione.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Nome", "E-mail", "Stato"]
    names = [row[0] for row in rows[1:]]
    assert "Anna Rossi" in names
    assert '\'=HYPERLINK("http://evil.example","x")' in names  # neutralised
    assert not any(name.startswith("=") for name in names)
    assert len(rows) == 4
    entry = PageLogEntry.objects.get(action="events.registrations_exported")
    assert entry.user == editor and entry.page_id == attendees.pk


def test_volunteers_get_403_and_no_button(attendees, client, volunteer):
    client.force_login(volunteer)
    edit = client.get(f"/admin/pages/{attendees.pk}/edit/")
    assert edit.status_code == 200
    assert f"/admin/events/{attendees.pk}/iscritti/" not in edit.text
    assert client.get(f"/admin/events/{attendees.pk}/iscritti/").status_code == 403
    assert client.get(f"/admin/events/{attendees.pk}/iscritti/csv/").status_code == 403


def test_visitors_are_sent_to_sign_in(attendees, client):
    response = client.get(f"/admin/events/{attendees.pk}/iscritti/csv/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_unknown_event_is_404(client, superuser, db):
    client.force_login(superuser)
    assert client.get("/admin/events/999999/iscritti/").status_code == 404
