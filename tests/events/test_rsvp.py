"""Registration without an account, driven as a person would: the form, the outbox, the buttons."""

import datetime
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import icalendar
import pytest

from events import rsvp, tokens
from events.models import (
    EventFormat,
    EventStatus,
    EventStreamLink,
    Registration,
    RegistrationMode,
    RegistrationTally,
)
from tests.factories.events import publish_event

pytestmark = pytest.mark.django_db

Status = Registration.Status


def form_data(**overrides):
    return {"name": "Anna Rossi", "email": "anna@example.org", "consent": "on", **overrides}


def register(client, event, **overrides):
    return client.post(event.url + "iscrizione/", form_data(**overrides))


def link_in(message, kind):
    """The confirm or cancel link in an e-mail (``kind`` is "conferma" or "annulla")."""
    match = re.search(rf"http://testserver(/events/iscrizione/[^/\s]+/{kind}/)", message.body)
    assert match, message.body
    return match[1]


def confirm_from_outbox(client, message):
    url = link_in(message, "conferma")
    page = client.get(url)
    assert page.status_code == 200
    assert "Confermo l&#x27;iscrizione" in page.text or "Confermo l'iscrizione" in page.text
    return client.post(url)


def sign_up(client, event, email):
    """Register and confirm ``email``: the whole journey, returns the registration."""
    mail.outbox.clear()
    response = register(client, event, email=email)
    assert response.status_code == 303
    [message] = mail.outbox
    confirm_from_outbox(client, message)
    return Registration.objects.get(email=email, event=event)


# --- The journey ---------------------------------------------------------------------------------


def test_visitor_registers_confirms_and_cancels(rsvp_event, client):
    page = client.get(rsvp_event.url).text
    assert 'id="iscrizione"' in page and "Restano 2 posti." in page
    assert 'type="checkbox" name="consent" id="rsvp-consent">' in page  # not ticked

    response = register(client, rsvp_event)
    assert response.status_code == 303
    sent = client.get(response["Location"])
    assert "Controlla la posta" in sent.text
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.consent_text.text.startswith("Ho letto l'informativa privacy")

    [request] = mail.outbox
    assert request.to == ["anna@example.org"]
    assert "Anna" not in request.body  # nothing the visitor typed goes into a message
    assert request.subject == "Conferma l'iscrizione: Assemblea con iscrizione"
    url = link_in(request, "conferma")

    # Opening the link changes nothing: it shows a button.
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.PENDING

    mail.outbox.clear()
    confirmed = client.post(url)
    assert "Iscrizione confermata" in confirmed.text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    [confirmation] = mail.outbox
    assert confirmation.subject == "Iscrizione confermata: Assemblea con iscrizione"
    [(filename, content, mimetype)] = confirmation.attachments
    assert filename == "assemblea-con-iscrizione.ics"
    assert mimetype.startswith("text/calendar")
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{rsvp_event.translation_key}@testserver"
    html = confirmation.alternatives[0][0]
    assert "Annulla l&#x27;iscrizione" in html or "Annulla l'iscrizione" in html
    assert "Restano 1 posto." not in client.get(rsvp_event.url).text
    assert "Resta 1 posto." in client.get(rsvp_event.url).text

    # Confirming again changes nothing and sends nothing.
    mail.outbox.clear()
    client.post(url)
    assert mail.outbox == []

    cancel_url = link_in(confirmation, "annulla")
    assert "Annulla l" in client.get(cancel_url).text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    cancelled = client.post(cancel_url)
    assert "la tua iscrizione è annullata" in cancelled.text
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "Restano 2 posti." in client.get(rsvp_event.url).text


def test_online_event_confirmation_carries_the_stream_links(rsvp_event, client):
    rsvp_event.format = EventFormat.ONLINE
    rsvp_event.venue = None
    rsvp_event.save_revision().publish()
    EventStreamLink.objects.create(page=rsvp_event, url="https://www.youtube.com/@labsus/live")
    sign_up(client, rsvp_event, "anna@example.org")
    confirmation = mail.outbox[-1]
    assert "Diretta su YouTube: https://www.youtube.com/@labsus/live" in confirmation.body
    ics = icalendar.Calendar.from_ical(confirmation.attachments[0][1])
    assert "youtube.com/@labsus/live" in str(ics.walk("VEVENT")[0]["DESCRIPTION"])


def test_the_answer_is_the_same_whatever_the_address(rsvp_event, client):
    first = register(client, rsvp_event)
    again = register(client, rsvp_event)  # pending already, inside the cool-down
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    assert len(mail.outbox) == 1  # one e-mail per address and event in the cool-down
    assert Registration.objects.count() == 1

    other = register(client, rsvp_event, name="Qualcun altro", email="ANNA@example.org")
    assert other["Location"] == first["Location"]
    assert Registration.objects.get().name == "Anna Rossi"  # strangers change nothing


def test_an_address_already_registered_gets_its_links_again(rsvp_event, client, settings):
    settings.EVENTS_RSVP_EMAIL_COOLDOWN_SECONDS = 0
    sign_up(client, rsvp_event, "anna@example.org")
    mail.outbox.clear()
    assert register(client, rsvp_event).status_code == 303
    [message] = mail.outbox
    assert message.subject == "La tua iscrizione: Assemblea con iscrizione"
    assert "/annulla/" in message.body
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"consent": ""}, "consent", "Per iscriverti serve il tuo consenso."),
        ({"email": "non-un-indirizzo"}, "email", "L&#x27;indirizzo e-mail non è valido."),
        ({"email": ""}, "email", "Scrivi il tuo indirizzo e-mail."),
        ({"name": ""}, "name", "Scrivi il tuo nome."),
        ({"name": "x" * 500}, "name", "150"),
        ({"name": "   "}, "name", "Scrivi il tuo nome."),
        ({"email": "a@b.c\r\nBcc: x@y.z"}, "email", "non è valido"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(rsvp_event, client, data, field, message):
    response = register(client, rsvp_event, **data)
    assert response.status_code == 400
    assert message in response.text
    assert f'aria-describedby="rsvp-{field}-error"' in response.text
    assert 'role="alert"' in response.text
    assert not Registration.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": ["a", "b"], "email": ["a@example.org", "b@example.org"], "consent": "on"},
        {"name": "\x00", "email": "\x00@\x00", "consent": "on"},
        {"email": "é" * 300 + "@example.org", "name": "x", "consent": "on"},
    ],
)
def test_malformed_posts_never_fail(rsvp_event, client, data):
    response = client.post(rsvp_event.url + "iscrizione/", data)
    assert response.status_code in (303, 400)
    # Repeated fields count once (the last value): never two registrations from one post.
    assert Registration.objects.count() <= 1


def test_honeypot_answers_as_usual_and_does_nothing(rsvp_event, client):
    response = register(client, rsvp_event, website="http://spam.example")
    assert response.status_code == 303
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_client_address(rsvp_event, client, settings):
    settings.EVENTS_RSVP_LIMIT_PER_IP = 2
    for number in range(2):
        assert register(client, rsvp_event, email=f"p{number}@example.org").status_code == 303
    blocked = register(client, rsvp_event, email="p9@example.org")
    assert blocked.status_code == 429
    assert "Troppe richieste" in blocked.text
    assert not Registration.objects.filter(email="p9@example.org").exists()


def test_get_on_the_form_target_changes_nothing(rsvp_event, client):
    response = client.get(rsvp_event.url + "iscrizione/?name=A&email=a@example.org&consent=on")
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_tampered_or_unknown_links_are_refused(rsvp_event, client):
    register(client, rsvp_event)
    url = link_in(mail.outbox[0], "conferma")
    token = url.split("/")[3]
    for bad in (token[:-2] + "xx", "x", "a" * 500, token.replace(":", ";")):
        for verb in (client.get, client.post):
            response = verb(f"/events/iscrizione/{bad}/conferma/")
            assert response.status_code in (400, 404)
    # A cancel token does not confirm, nor the other way round.
    registration = Registration.objects.get()
    cancel_token = tokens.make_token(registration, tokens.CANCEL)
    assert client.post(f"/events/iscrizione/{cancel_token}/conferma/").status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_expired_confirmation_link(rsvp_event, client, settings):
    register(client, rsvp_event)
    url = link_in(mail.outbox[0], "conferma")
    settings.EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS = -1
    response = client.post(url)
    assert response.status_code == 400
    assert "non è valido o è scaduto" in response.text
    assert Registration.objects.get().status == Status.PENDING


# --- Closed registrations ------------------------------------------------------------------------


def test_form_closes_after_the_deadline_and_for_cancelled_events(rsvp_event, client):
    rsvp_event.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    rsvp_event.save_revision().publish()
    html = client.get(rsvp_event.url).text
    assert "Le iscrizioni a questo evento sono chiuse." in html
    assert 'action="/eventi/assemblea-con-iscrizione/iscrizione/"' not in html
    response = register(client, rsvp_event)
    assert response.status_code == 409
    assert not Registration.objects.exists()

    rsvp_event.registration_deadline = None
    rsvp_event.status = EventStatus.CANCELLED
    rsvp_event.save_revision().publish()
    assert "L&#x27;evento è annullato" in client.get(rsvp_event.url).text
    assert register(client, rsvp_event).status_code == 409


def test_events_without_registration_have_no_form(calendar, client, soon):
    event = publish_event(
        calendar, title="Libero", start=soon, end=soon + datetime.timedelta(hours=1)
    )
    assert 'id="iscrizione"' not in client.get(event.url).text
    assert client.post(event.url + "iscrizione/", form_data()).status_code == 404

    event.registration = RegistrationMode.EXTERNAL
    event.registration_url = "https://example.org/iscriviti"
    event.save_revision().publish()
    html = client.get(event.url).text
    assert 'href="https://example.org/iscriviti"' in html


# --- Capacity and waiting list -------------------------------------------------------------------


def test_waiting_list_and_promotion_when_someone_cancels(rsvp_event, client):
    anna = sign_up(client, rsvp_event, "anna@example.org")
    bruno = sign_up(client, rsvp_event, "bruno@example.org")
    assert "I posti sono esauriti." in client.get(rsvp_event.url).text
    assert "Mettiti in lista d" in client.get(rsvp_event.url).text
    carla = sign_up(client, rsvp_event, "carla@example.org")
    dario = sign_up(client, rsvp_event, "dario@example.org")
    assert carla.status == dario.status == Status.WAITING
    assert mail.outbox[-1].subject == "Sei in lista d'attesa: Assemblea con iscrizione"
    assert [anna.status, bruno.status] == [Status.CONFIRMED, Status.CONFIRMED]

    mail.outbox.clear()
    cancel_url = f"/events/iscrizione/{tokens.make_token(bruno, tokens.CANCEL)}/annulla/"
    client.post(cancel_url)
    carla.refresh_from_db()
    dario.refresh_from_db()
    assert carla.status == Status.CONFIRMED and carla.promoted_at is not None
    assert dario.status == Status.WAITING
    [notice] = mail.outbox
    assert notice.to == ["carla@example.org"]
    assert notice.subject == "Si è liberato un posto: Assemblea con iscrizione"
    assert notice.attachments  # the calendar file
    tally = RegistrationTally.objects.get(event_key=rsvp_event.translation_key)
    assert (tally.confirmed, tally.waiting, tally.cancelled) == (2, 1, 1)


def test_a_higher_capacity_lets_the_waiting_list_in(rsvp_event, client):
    for name in ("anna", "bruno", "carla", "dario"):
        sign_up(client, rsvp_event, f"{name}@example.org")
    mail.outbox.clear()
    rsvp_event.capacity = 3
    rsvp_event.save_revision().publish()
    assert Registration.objects.get(email="carla@example.org").status == Status.CONFIRMED
    assert Registration.objects.get(email="dario@example.org").status == Status.WAITING
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]


def test_without_a_waiting_list_late_confirmations_are_refused(rsvp_event, client):
    rsvp_event.capacity = 1
    rsvp_event.waiting_list = False
    rsvp_event.save_revision().publish()
    register(client, rsvp_event, email="anna@example.org")
    register(client, rsvp_event, email="bruno@example.org")
    anna_mail, bruno_mail = mail.outbox
    confirm_from_outbox(client, anna_mail)
    response = confirm_from_outbox(client, bruno_mail)
    assert "I posti sono esauriti" in response.text
    assert Registration.objects.get(email="bruno@example.org").status == Status.REFUSED
    assert mail.outbox[-1].subject == "Posti esauriti: Assemblea con iscrizione"
    assert "I posti sono esauriti." in client.get(rsvp_event.url).text
    assert register(client, rsvp_event, email="carla@example.org").status_code == 409


def test_capacity_is_shared_by_every_language_version(rsvp_event):
    from wagtail.models import Locale

    from events.forms import CONSENT_WORDING
    from home.legal import LegalTextVersion

    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    english = rsvp_event.copy_for_translation(english_locale, copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    consent = LegalTextVersion.objects.consent(CONSENT_WORDING)
    for number, event in enumerate([rsvp_event, english, english]):
        rsvp.register(event, name="X", email=f"p{number}@example.org", consent_text=consent)
    for registration in Registration.objects.all():
        rsvp.confirm(tokens.make_token(registration, tokens.CONFIRM))
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
    ]


# --- Schedule changes, reminders -----------------------------------------------------------------


def test_people_registered_are_told_once_when_the_event_is_cancelled(rsvp_event, client):
    sign_up(client, rsvp_event, "anna@example.org")
    register(client, rsvp_event, email="pending@example.org")
    mail.outbox.clear()
    rsvp_event.status = EventStatus.CANCELLED
    rsvp_event.status_note = "Allerta meteo."
    rsvp_event.save_revision().publish()
    [notice] = mail.outbox
    assert notice.to == ["anna@example.org"]
    assert notice.subject == "Evento annullato: Assemblea con iscrizione"
    assert "Allerta meteo." in notice.body
    [vevent] = icalendar.Calendar.from_ical(notice.attachments[0][1]).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED" and vevent["SEQUENCE"] == 1

    mail.outbox.clear()
    rsvp_event.summary = "Testo corretto."  # not a schedule change
    rsvp_event.save_revision().publish()
    assert mail.outbox == []


def test_people_registered_are_told_in_their_language_when_the_event_moves(rsvp_event, client):
    anna = sign_up(client, rsvp_event, "anna@example.org")
    Registration.objects.filter(pk=anna.pk).update(language="en")
    mail.outbox.clear()
    rsvp_event.start += datetime.timedelta(days=7)
    rsvp_event.end += datetime.timedelta(days=7)
    rsvp_event.save_revision().publish()
    [notice] = mail.outbox
    assert notice.to == ["anna@example.org"]
    assert "Assemblea con iscrizione" in notice.subject
    # Rendered in the person's language (the English wording comes with the catalogue).
    assert '<html lang="en">' in notice.alternatives[0][0]
    assert notice.subject.startswith("Change: ")
    assert "The event has changed" in notice.body
    assert "Sono cambiati" not in notice.body
    assert "/annulla/" in notice.body
    anna.refresh_from_db()
    assert anna.notified_sequence == 1
    # Publishing again without a change tells nobody again.
    mail.outbox.clear()
    rsvp_event.save_revision().publish()
    assert mail.outbox == []


def test_reminder_is_scheduled_before_the_event_and_moves_with_it(rsvp_event, settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EVENTS_REMINDER_HOURS = 24
    rsvp_event.save_revision().publish()
    results = [r for r in default_task_backend.results if r.task.name == "send_event_reminders"]
    [scheduled] = results
    assert scheduled.task.run_after == rsvp_event.start - datetime.timedelta(hours=24)
    event_id, start = scheduled.args
    assert event_id == rsvp_event.pk
    assert datetime.datetime.fromisoformat(start) == rsvp_event.start

    rsvp_event.save_revision().publish()  # same time: not enqueued twice
    assert (
        len([r for r in default_task_backend.results if r.task.name == "send_event_reminders"]) == 1
    )

    rsvp_event.start += datetime.timedelta(days=2)
    rsvp_event.end += datetime.timedelta(days=2)
    rsvp_event.save_revision().publish()
    results = [r for r in default_task_backend.results if r.task.name == "send_event_reminders"]
    assert [r.task.run_after for r in results][-1] == rsvp_event.start - datetime.timedelta(
        hours=24
    )


def test_reminder_goes_once_with_the_stream_link(rsvp_event, client, settings):
    from events.tasks import send_event_reminders

    rsvp_event.format = EventFormat.HYBRID
    rsvp_event.save_revision().publish()
    EventStreamLink.objects.create(page=rsvp_event, url="https://www.youtube.com/live/abc")
    anna = sign_up(client, rsvp_event, "anna@example.org")
    sign_up(client, rsvp_event, "bruno@example.org")
    Registration.objects.update(confirmed_at=timezone.now() - datetime.timedelta(days=5))
    start = rsvp_event.start.isoformat()

    settings.EVENTS_REMINDER_HOURS = 24  # ten days before: too early, nothing is sent
    mail.outbox.clear()
    assert send_event_reminders.call(rsvp_event.pk, start) == 0

    settings.EVENTS_REMINDER_HOURS = 24 * 11
    assert send_event_reminders.call(rsvp_event.pk, start) == 2
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {f"Promemoria: Assemblea con iscrizione, {_when(rsvp_event)}"}
    assert "Diretta su YouTube: https://www.youtube.com/live/abc" in mail.outbox[0].body
    assert send_event_reminders.call(rsvp_event.pk, start) == 0  # idempotent
    anna.refresh_from_db()
    assert anna.reminder_sent_at is not None
    # A task scheduled for a start the event no longer has sends nothing.
    assert send_event_reminders.call(rsvp_event.pk, "2030-01-01T10:00:00+00:00") == 0


def _when(event):
    from events.templatetags.events_tags import event_when

    return event_when(event)


# --- Purge ---------------------------------------------------------------------------------------


def test_personal_data_is_deleted_after_the_event_keeping_the_counts(rsvp_event, client):
    sign_up(client, rsvp_event, "anna@example.org")
    sign_up(client, rsvp_event, "bruno@example.org")
    sign_up(client, rsvp_event, "carla@example.org")
    # The event ended 31 days ago.
    ended = timezone.now() - datetime.timedelta(days=31)
    type(rsvp_event).objects.filter(pk=rsvp_event.pk).update(
        start=ended - datetime.timedelta(hours=2), end=ended
    )
    call_command("purge_event_registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Registration.objects.exists()
    tally = RegistrationTally.objects.get(event_key=rsvp_event.translation_key)
    assert (tally.confirmed, tally.waiting) == (2, 1)
    assert tally.purged_at is not None


def test_recent_events_and_fresh_requests_are_kept(rsvp_event, client):
    sign_up(client, rsvp_event, "anna@example.org")
    register(client, rsvp_event, email="pending@example.org")
    past, unconfirmed = rsvp.purge()
    assert (past, unconfirmed) == (0, 0)
    Registration.objects.filter(status=Status.PENDING).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    past, unconfirmed = rsvp.purge()
    assert (past, unconfirmed) == (0, 1)
    assert list(Registration.objects.values_list("email", flat=True)) == ["anna@example.org"]


def test_cached_event_page_shows_the_places_left_after_a_confirmation(rsvp_event, client, settings):
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 60
    visitor = Client()
    visitor.get(rsvp_event.url)  # the first request creates the site settings: a new generation
    assert visitor.get(rsvp_event.url)["X-Page-Cache"] == "miss"
    cached = visitor.get(rsvp_event.url)
    assert cached["X-Page-Cache"] == "hit" and "Restano 2 posti." in cached.text
    sign_up(client, rsvp_event, "anna@example.org")
    fresh = visitor.get(rsvp_event.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Resta 1 posto." in fresh.text
