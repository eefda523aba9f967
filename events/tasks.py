"""Background work of events: the e-mails of registration, reminders, change notices."""

import datetime
import logging

from django.utils import timezone

from django_tasks import task

from . import emails, rsvp
from .models import EventPage, Registration

logger = logging.getLogger(__name__)


@task()
def send_registration_email(registration_id, kind):
    """Send one registration e-mail (``kind`` is one of ``emails.KINDS``).

    Does nothing when the registration is gone (purged, or the event deleted) meanwhile.
    """
    if kind not in emails.KINDS:
        raise ValueError(kind)
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return False
    emails.render(registration, kind).send()
    return True


@task()
def send_event_reminders(event_id, start):
    """Remind the people registered to an event; enqueued to run before it starts.

    ``start`` is the start the task was scheduled for: when the event has moved since, a
    newer task carries the new time and this one sends nothing. Each person is reminded once,
    however many times the task runs.
    """
    event = EventPage.objects.live().filter(pk=event_id).first()
    if event is None or event.start != datetime.datetime.fromisoformat(start):
        return 0
    sent = 0
    for registration_id in rsvp.claim_reminders(event, now=timezone.now()):
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        emails.render(registration, "reminder").send()
        sent += 1
    return sent


@task()
def notify_schedule_change(event_id, sequence):
    """Tell the people registered that the event moved, changed or was cancelled.

    Each person hears once about the change that brought the event to ``sequence``.
    """
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None or event.sequence < sequence:
        return 0
    sent = 0
    for registration_id in rsvp.claim_schedule_notifications(event, event.sequence):
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        emails.render(registration, "schedule_changed").send()
        sent += 1
    return sent
