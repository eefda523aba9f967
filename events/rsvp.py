"""Registrations to events, in one place: every rule of the RSVP flow.

Views, the admin, tasks and the publish hook call these functions; none of them changes a
registration directly. The guarantees:

- **No account, no enumeration.** ``register`` returns nothing and the visitor sees the same
  answer whatever the address's state (new, pending, already registered). What a stranger
  types never changes someone else's registration.
- **Nothing happens on GET.** Confirming and cancelling are POSTs from the pages the e-mailed
  links open (link scanners must not confirm or cancel anything).
- **Capacity is never exceeded.** A place is taken or given back only while holding the row
  lock on the event's ``RegistrationTally`` (``SELECT … FOR UPDATE``), and the counts are
  recounted from the rows under that lock. Every language version of an event shares it.
- **Waiting list, first come first served.** A freed place goes to the first person waiting,
  who is told by e-mail; so do places added when an editor raises the capacity.
- **Told once.** A schedule change (new date, venue, format, cancellation) is e-mailed once per
  change to each person holding or waiting for a place; the reminder once per person.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import page_cache, ratelimit

from . import tokens
from .models import EventPage, Registration, RegistrationTally, ReminderSchedule
from .models.registrations import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH

logger = logging.getLogger(__name__)

Status = Registration.Status


def after_commit(function):
    """Run ``function`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(function)


def _setting(name, default):
    return int(getattr(settings, name, default))


def email_cooldown_seconds():
    return _setting("EVENTS_RSVP_EMAIL_COOLDOWN_SECONDS", 15 * 60)


def reminder_hours():
    return _setting("EVENTS_REMINDER_HOURS", 24)


def retention_days():
    return _setting("EVENTS_RSVP_RETENTION_DAYS", 30)


# --- Errors --------------------------------------------------------------------------------


class RegistrationClosed(Exception):
    """Registrations are not (or no longer) accepted; ``message`` says why, for people."""

    MESSAGES = {
        "not_open": _("Per questo evento non serve iscriversi qui."),
        "cancelled": _("L'evento è annullato: le iscrizioni sono chiuse."),
        "deadline": _("Le iscrizioni a questo evento sono chiuse."),
        "started": _("L'evento è già iniziato: le iscrizioni sono chiuse."),
        "full": _("I posti sono esauriti."),
        "unpublished": _("Questo evento non è più pubblicato."),
    }

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self):
        return self.MESSAGES[self.reason]


# --- Validation ------------------------------------------------------------------------------


def clean_email(value):
    """The address trimmed and lower-cased, or ``ValidationError`` with a message for people."""
    value = (value or "").strip().lower()
    if not value:
        raise ValidationError(_("Scrivi il tuo indirizzo e-mail."), code="required")
    if len(value) > EMAIL_MAX_LENGTH or any(char in value for char in "\r\n\0"):
        raise ValidationError(_("L'indirizzo e-mail non è valido."), code="invalid")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("L'indirizzo e-mail non è valido."), code="invalid") from None
    return value


def clean_name(value):
    value = " ".join((value or "").replace("\0", "").split())
    if not value:
        raise ValidationError(_("Scrivi il tuo nome."), code="required")
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(_("Il nome è troppo lungo."), code="max_length")
    return value


def clean_language(value):
    codes = [code for code, _name in settings.LANGUAGES]
    return value if value in codes else settings.LANGUAGE_CODE


# --- Availability ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """Where registration to an event stands at a moment."""

    accepting: bool  # the form takes registrations (a place or the waiting list)
    reason: str = ""  # why not, a ``RegistrationClosed`` reason
    capacity: int | None = None
    confirmed: int = 0
    waiting: int = 0
    waiting_list_only: bool = False  # places are taken: new registrations go on the list

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.confirmed >= self.capacity

    @property
    def message(self):
        return RegistrationClosed.MESSAGES.get(self.reason, "")


def _tally(event):
    return RegistrationTally.objects.filter(event_key=event.translation_key).first()


def availability(event, *, tally=None, now=None):
    """Whether ``event`` accepts registrations now, and the places left (one query)."""
    now = now or timezone.now()
    if not event.has_site_registration:
        return Availability(accepting=False, reason="not_open")
    if tally is None:
        tally = _tally(event)
    confirmed = tally.confirmed if tally else 0
    waiting = tally.waiting if tally else 0
    common = {"capacity": event.capacity, "confirmed": confirmed, "waiting": waiting}
    if not event.live:
        return Availability(accepting=False, reason="unpublished", **common)
    if event.is_cancelled:
        return Availability(accepting=False, reason="cancelled", **common)
    if event.start <= now:
        return Availability(accepting=False, reason="started", **common)
    if event.registration_closes_at <= now:
        return Availability(accepting=False, reason="deadline", **common)
    full = event.capacity is not None and confirmed >= event.capacity
    if full and not event.waiting_list:
        return Availability(accepting=False, reason="full", **common)
    return Availability(accepting=True, waiting_list_only=full, **common)


def _locked_tally(event_key):
    """The event's tally row, locked until the transaction ends (created the first time)."""
    tally = RegistrationTally.objects.select_for_update().filter(event_key=event_key).first()
    if tally is not None:
        return tally
    try:
        with transaction.atomic():
            RegistrationTally.objects.create(event_key=event_key)
    except IntegrityError:  # created by a concurrent request meanwhile
        pass
    return RegistrationTally.objects.select_for_update().get(event_key=event_key)


def _places_changed():
    """Availability shows on the event page: cached pages must be rendered again."""
    page_cache.invalidate()


# --- Register, confirm, cancel -----------------------------------------------------------------


def register(event, *, name, email, consent_text, privacy_notice=None, language=None):
    """Ask for a place at ``event``: a pending registration and a confirmation e-mail.

    Returns nothing on purpose: the caller answers the same whatever the address's state.
    A new address gets a pending registration and the confirmation link; an address still
    pending gets the link again; an address already registered gets its personal links
    again (the cancel link, the calendar file). At most one e-mail per address and event in
    ``EVENTS_RSVP_EMAIL_COOLDOWN_SECONDS``. Raises ``ValidationError`` for a malformed
    name or address and ``RegistrationClosed`` when the event takes no registrations.
    """
    email = clean_email(email)
    name = clean_name(name)
    language = clean_language(language or settings.LANGUAGE_CODE)
    state = availability(event)
    if not state.accepting:
        raise RegistrationClosed(state.reason)
    with transaction.atomic():
        existing = Registration.objects.for_event(event).active().filter(email=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        event=event,
                        event_key=event.translation_key,
                        name=name,
                        email=email,
                        language=language,
                        consent_text=consent_text,
                        privacy_notice=privacy_notice,
                        notified_sequence=event.sequence,
                    )
                kind = "confirm_request"
            except IntegrityError:  # the same address, twice at the same moment
                registration = (
                    Registration.objects.for_event(event).active().filter(email=email).get()
                )
                kind = _kind_for_existing(registration)
        else:
            registration = existing
            kind = _kind_for_existing(existing)
    _send_once(registration, kind)


def _kind_for_existing(registration):
    return "confirm_request" if registration.status == Status.PENDING else "already_registered"


def _send_once(registration, kind):
    """Queue an e-mail unless this address had one for this event within the cool-down."""
    if not ratelimit.claim_once(
        "events-rsvp-email",
        f"{registration.event_key}:{registration.email}",
        period=email_cooldown_seconds(),
    ):
        return
    send_email(registration, kind)


def send_email(registration, kind):
    from .tasks import send_registration_email

    registration_id = registration.pk
    after_commit(lambda: send_registration_email.enqueue(registration_id, kind))


def confirm(token):
    """Confirm the registration a confirmation token belongs to; returns it.

    The place is given under the tally's lock: ``confirmed`` while places are left,
    ``waiting`` when they are taken and the event has a waiting list, otherwise ``refused``.
    Confirming again changes nothing (the link may be opened twice). Raises
    ``tokens.InvalidToken`` for a bad or expired link and ``RegistrationClosed`` when the
    event was cancelled, unpublished or has started.
    """
    registration = tokens.read_token(token, tokens.CONFIRM)
    with transaction.atomic():
        tally = _locked_tally(registration.event_key)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.PENDING:
            return registration
        event = EventPage.objects.get(pk=registration.event_id)
        state = availability(event, tally=tally)
        if state.reason in ("cancelled", "started", "unpublished", "not_open"):
            raise RegistrationClosed(state.reason)
        now = timezone.now()
        registration.notified_sequence = event.sequence
        if not state.is_full:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            kind = "confirmed"
        elif event.waiting_list:
            registration.status = Status.WAITING
            registration.queued_at = now
            kind = "waiting"
        else:
            registration.status = Status.REFUSED
            kind = "refused"
        registration.save()
        tally.recount()
        send_email(registration, kind)
        _places_changed()
    return registration


def cancel(registration):
    """Give up a place (or a place on the waiting list); returns the registration.

    A freed place goes at once to the first person on the waiting list, who is e-mailed.
    Cancelling again changes nothing.
    """
    with transaction.atomic():
        tally = _locked_tally(registration.event_key)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE_STATUSES:
            return registration
        held_place = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save()
        if held_place:
            event = EventPage.objects.get(pk=registration.event_id)
            _promote_waiting(event, tally)
        tally.recount()
        _places_changed()
    return registration


def _promote_waiting(event, tally):
    """Give free places to the first people waiting (call under the tally's lock)."""
    if event.is_cancelled or event.start <= timezone.now() or not event.live:
        return []
    confirmed = Registration.objects.for_event(event).filter(status=Status.CONFIRMED).count()
    free = None if event.capacity is None else event.capacity - confirmed
    queue = Registration.objects.for_event(event).waiting_queue().select_for_update()
    if free is not None:
        if free <= 0:
            return []
        queue = queue[:free]
    promoted = []
    now = timezone.now()
    for registration in queue:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.promoted_at = now
        registration.notified_sequence = max(registration.notified_sequence, event.sequence)
        registration.save(
            update_fields=["status", "confirmed_at", "promoted_at", "notified_sequence"]
        )
        send_email(registration, "promoted")
        promoted.append(registration)
    return promoted


def fill_from_waiting_list(event):
    """Give places added by an editor (a higher capacity) to the people waiting."""
    with transaction.atomic():
        tally = _locked_tally(event.translation_key)
        promoted = _promote_waiting(event, tally)
        if promoted:
            tally.recount()
            _places_changed()
    return promoted


# --- Publishing: schedule changes and reminders --------------------------------------------------


def event_published(event):
    """What publishing an event means for the people registered (the publish hook calls it)."""
    if not Registration.objects.filter(event=event).exists() and not event.has_site_registration:
        return
    if Registration.objects.filter(event=event, notified_sequence__lt=event.sequence).exists():
        from .tasks import notify_schedule_change

        event_id, sequence = event.pk, event.sequence
        after_commit(lambda: notify_schedule_change.enqueue(event_id, sequence))
    if event.has_site_registration and event.waiting_list:
        fill_from_waiting_list(event)
    schedule_reminder(event)


def reminder_time(event):
    hours = reminder_hours()
    if hours <= 0:
        return None
    return event.start - timedelta(hours=hours)


def schedule_reminder(event, *, now=None):
    """Enqueue the reminder task for ``EVENTS_REMINDER_HOURS`` before the start, once.

    Returns the time it will run, or ``None`` when there is nothing to schedule (reminders
    off, the event cancelled or without registration here, or the time already past).
    """
    from django_tasks import default_task_backend

    now = now or timezone.now()
    run_after = reminder_time(event)
    if run_after is None or not event.has_site_registration or event.is_cancelled:
        return None
    if run_after <= now:
        return None  # too late: the confirmation e-mails already carry everything
    if not default_task_backend.supports_defer:
        logger.warning("The task backend cannot run tasks later: no event reminders.")
        return None
    _schedule, created = ReminderSchedule.objects.get_or_create(event=event, run_after=run_after)
    if created:
        from .tasks import send_event_reminders

        event_id, start = event.pk, event.start.isoformat()
        after_commit(
            lambda: send_event_reminders.using(run_after=run_after).enqueue(event_id, start)
        )
    return run_after


def claim_reminders(event, *, now=None):
    """The registrations that should get the reminder now, each claimed once.

    Confirmed before the reminder time (later confirmations already carry everything), and
    not yet reminded. Claiming marks them, so a task run twice sends nothing twice.
    """
    now = now or timezone.now()
    due_from = reminder_time(event)
    if due_from is None or not (due_from <= now < event.start) or event.is_cancelled:
        return []
    candidates = Registration.objects.filter(
        event=event,
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        confirmed_at__lte=due_from,
    ).values_list("pk", flat=True)
    claimed = []
    for registration_id in list(candidates):
        if Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            claimed.append(registration_id)
    return claimed


def claim_schedule_notifications(event, sequence):
    """Registrations to tell about the change that brought ``event`` to ``sequence``, once."""
    candidates = Registration.objects.filter(
        event=event,
        status__in=(Status.CONFIRMED, Status.WAITING),
        notified_sequence__lt=sequence,
    ).values_list("pk", flat=True)
    claimed = []
    for registration_id in list(candidates):
        if Registration.objects.filter(pk=registration_id, notified_sequence__lt=sequence).update(
            notified_sequence=sequence
        ):
            claimed.append(registration_id)
    # Pending registrations will hear the new details when they confirm.
    Registration.objects.filter(
        event=event, status=Status.PENDING, notified_sequence__lt=sequence
    ).update(notified_sequence=sequence)
    return claimed


# --- Attendee list and purge -------------------------------------------------------------------


def attendee_rows(event):
    """The attendee list of an event (every language version), for the admin and the CSV."""
    return (
        Registration.objects.for_event(event)
        .exclude(status=Status.PENDING)
        .select_related("event__locale")
        .order_by("status", "created_at", "pk")
    )


def purge(*, days=None, now=None):
    """Delete personal data of registrations ``days`` after their event ended.

    Also deletes requests never confirmed within the confirmation link's lifetime. The counts
    (confirmed, waiting, cancelled, refused) stay on each event's ``RegistrationTally``.
    Returns ``(registrations of past events deleted, unconfirmed requests deleted)``.
    """
    now = now or timezone.now()
    days = retention_days() if days is None else days
    cutoff = now - timedelta(days=days)
    with transaction.atomic():
        keys = set(
            Registration.objects.filter(event__end__lt=cutoff).values_list("event_key", flat=True)
        )
        for key in keys:  # final counts first, under the lock
            _locked_tally(key).recount()
        past, _detail = Registration.objects.filter(event__end__lt=cutoff).delete()
        RegistrationTally.objects.filter(event_key__in=keys).update(purged_at=now)
        ReminderSchedule.objects.filter(event__end__lt=cutoff).delete()
        stale = now - tokens.confirmation_max_age()
        unconfirmed, _detail = Registration.objects.filter(
            status=Status.PENDING, created_at__lt=stale
        ).delete()
    return past, unconfirmed
