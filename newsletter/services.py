"""Everything that changes a subscription, in one place.

Views, forms of other apps, the admin, imports and the sending side call these functions; none
of them writes subscriptions or consent events directly. Each function appends the consent
events that prove what happened. See the README ("Newsletter") for the public API.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from home import ratelimit

from . import tokens

# ``evidence_from_request``, ``truncate_ip`` and the access and erasure functions are part of
# this module's API (views and other apps call them from here); they live in ``evidence.py``
# and ``privacy.py``, the validators in ``validation.py``.
from .evidence import Evidence, evidence_from_request, truncate_ip  # noqa: F401
from .models import (
    ConsentEvent,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
    email_key,
    token_hash,
)
from .privacy import (  # noqa: F401
    erase,
    export_data,
    forget_admin_history,
    prune_subscription_requests,
    purge_unconfirmed,
)
from .validation import clean_email, clean_language, clean_name

logger = logging.getLogger(__name__)

Status = Subscription.Status
Action = ConsentEvent.Action


def after_commit(function):
    """Run ``function`` once the current transaction commits (tests run it at once)."""
    transaction.on_commit(function)


def confirmation_cooldown_seconds():
    return int(getattr(settings, "NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS", 15 * 60))


# --- Subscribe and confirm -------------------------------------------------------------------


def _get_or_create_subscriber(email, *, name, language):
    subscriber = Subscriber.objects.with_email(email).first()
    if subscriber is not None:
        return subscriber, False
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, name=name, language=language), True
    except IntegrityError:  # the same address arrived twice at once
        return Subscriber.objects.with_email(email).get(), False


def request_subscription(email, lists, *, evidence, name="", language=None):
    """What a public form calls: validate, then leave all the work to a background task.

    The web request does the same, state-independent work for every address (validation and
    one task enqueued after commit), so neither the answer nor its timing can tell whether an
    address is new, pending, active, unsubscribed or suppressed. The task runs ``subscribe``.
    Raises ``ValidationError`` for a malformed address or name.
    """
    email = clean_email(email)
    name = clean_name(name)
    language = clean_language(language or settings.LANGUAGE_CODE)
    list_ids = [mailing_list.pk for mailing_list in lists if mailing_list is not None]
    data = evidence.as_task_data()
    from .tasks import handle_subscription_request

    after_commit(lambda: handle_subscription_request.enqueue(email, list_ids, name, language, data))


def subscribe(email, lists, *, evidence, name="", language=None, send_email=True):
    """Ask for ``lists`` for ``email``: pending subscriptions and a confirmation e-mail.

    Returns nothing on purpose: the caller must answer the same whatever the address's state
    (new, pending, active, unsubscribed, suppressed). Already active lists stay as they are;
    suppressed addresses are ignored silently. The confirmation e-mail is sent by a task after
    the transaction commits, at most once per address per cool-down
    (``NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS``). When every list asked for is already
    active, the address gets instead a reminder with its personal preferences link (same
    cool-down), so a person who forgot they subscribed learns it from their own inbox, and
    nobody else does. ``name`` and ``language`` are stored only for a new address: what a
    stranger types never changes someone else's data.

    ``evidence`` is an ``Evidence`` (``evidence_from_request`` builds one for web forms) with
    the consent text and privacy notice versions shown next to the checkbox.
    Raises ``ValidationError`` for a malformed address or name.
    """
    email = clean_email(email)
    name = clean_name(name)
    language = clean_language(language or settings.LANGUAGE_CODE)
    lists = [mailing_list for mailing_list in lists if mailing_list is not None]
    if not lists or Suppression.objects.is_suppressed(email):
        return
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = _get_or_create_subscriber(email, name=name, language=language)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        existing = {s.mailing_list_id: s for s in subscriber.subscriptions.all()}
        events = []
        pending = False
        for mailing_list in lists:
            subscription = existing.get(mailing_list.pk)
            if subscription is not None and subscription.status == Status.ACTIVE:
                continue
            if subscription is None:
                Subscription.objects.create(
                    subscriber=subscriber, mailing_list=mailing_list, requested_at=now
                )
            else:
                subscription.status = Status.PENDING
                subscription.requested_at = now
                subscription.save(update_fields=["status", "requested_at", "updated_at"])
            events.append(
                evidence.event(Action.REQUESTED, subscriber=subscriber, mailing_list=mailing_list)
            )
            pending = True
        ConsentEvent.objects.bulk_create(events)
    if not send_email:
        return
    if pending:
        request_confirmation_email(subscriber)
    else:
        request_already_subscribed_email(subscriber)


def _claim_transactional_email(subscriber):
    """True if no transactional e-mail went to this address within the cool-down."""
    return ratelimit.claim_once(
        "newsletter-confirmation",
        email_key(subscriber.email),
        period=confirmation_cooldown_seconds(),
    )


def request_confirmation_email(subscriber):
    """Queue the confirmation e-mail unless one went to this address within the cool-down."""
    if not _claim_transactional_email(subscriber):
        return
    from .tasks import send_confirmation_email

    subscriber_id = subscriber.pk
    after_commit(lambda: send_confirmation_email.enqueue(subscriber_id))


def request_already_subscribed_email(subscriber):
    """Queue the "you are already subscribed" reminder, within the same cool-down."""
    if not _claim_transactional_email(subscriber):
        return
    from .tasks import send_already_subscribed_email

    subscriber_id = subscriber.pk
    after_commit(lambda: send_already_subscribed_email.enqueue(subscriber_id))


def issue_confirmation(subscriber_id):
    """Store a fresh confirmation token for a subscriber with pending lists and return it.

    Returns ``None`` (and changes nothing) when nothing is pending or a confirmation was issued
    within the cool-down: the database enforces the cool-down even when several workers or web
    processes race, so one address never receives two confirmations in a cool-down.
    """
    cooldown = timedelta(seconds=confirmation_cooldown_seconds())
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or not subscriber.subscriptions.pending().exists():
            return None
        sent_at = subscriber.confirmation_sent_at
        if sent_at is not None and timezone.now() - sent_at < cooldown:
            return None
        token = tokens.issue_confirmation_token(subscriber)
        subscriber.save(update_fields=["confirmation_token_hash", "confirmation_sent_at"])
    return subscriber, token


def pending_lists(subscriber):
    return [
        subscription.mailing_list
        for subscription in subscriber.subscriptions.pending().select_related("mailing_list")
    ]


def confirm(token, *, evidence):
    """Confirm every pending list of the subscriber a confirmation token belongs to.

    Returns the subscriber. Raises ``tokens.InvalidToken`` for a tampered, expired or already
    used token; nothing changes then. The token is single-use.
    """
    with transaction.atomic():
        subscriber = tokens.subscriber_for_confirmation(token)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.confirmation_token_hash != token_hash(token):
            raise tokens.InvalidToken
        if Suppression.objects.is_suppressed(subscriber.email):
            # Complained or bounced after asking: an old link must not undo that.
            raise tokens.InvalidToken
        evidence.token = token
        now = timezone.now()
        events = []
        for subscription in subscriber.subscriptions.pending().select_related("mailing_list"):
            subscription.status = Status.ACTIVE
            subscription.confirmed_at = now
            subscription.unsubscribed_at = None
            subscription.save(
                update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"]
            )
            events.append(
                evidence.event(
                    Action.CONFIRMED, subscriber=subscriber, mailing_list=subscription.mailing_list
                )
            )
        ConsentEvent.objects.bulk_create(events)
        subscriber.confirmation_token_hash = ""
        subscriber.save(update_fields=["confirmation_token_hash", "updated_at"])
    return subscriber


# --- Preferences and unsubscribe ---------------------------------------------------------------


def unsubscribe(subscriber, mailing_list=None, *, evidence, action=Action.UNSUBSCRIBED):
    """Leave one list (or all of them). Idempotent: returns the lists actually left.

    ``action`` may be ``BOUNCED`` or ``COMPLAINED`` when a provider reports it.
    """
    with transaction.atomic():
        subscriptions = subscriber.subscriptions.exclude(status=Status.UNSUBSCRIBED)
        if mailing_list is not None:
            subscriptions = subscriptions.filter(mailing_list=mailing_list)
        left = []
        now = timezone.now()
        events = []
        for subscription in subscriptions.select_related("mailing_list").select_for_update():
            subscription.status = Status.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            subscription.save(update_fields=["status", "unsubscribed_at", "updated_at"])
            left.append(subscription.mailing_list)
            events.append(
                evidence.event(
                    action, subscriber=subscriber, mailing_list=subscription.mailing_list
                )
            )
        ConsentEvent.objects.bulk_create(events)
    return left


def update_preferences(subscriber, *, lists, evidence, language=None, name=None, lenses=None):
    """Set the public lists a subscriber receives, and their language, name and lenses.

    The person reached this form through the personal link e-mailed to them, which proves they
    control the address, so newly chosen lists become active at once (a "preferences changed"
    event records the consent text shown); active lists no longer chosen are left
    ("unsubscribed"). A list still waiting for confirmation stays pending when not chosen (the
    confirmation e-mail keeps working) and becomes active when chosen. Internal lists are never
    touched here, and a suppressed address is never made active again. ``lenses`` (themes of
    interest, default-language ``program.Lens`` objects) are replaced when given.
    """
    chosen = {mailing_list.pk: mailing_list for mailing_list in lists}
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if chosen and Suppression.objects.is_suppressed(subscriber.email):
            chosen = {}
        existing = {
            s.mailing_list_id: s
            for s in subscriber.subscriptions.select_related("mailing_list").filter(
                mailing_list__visibility=MailingList.Visibility.PUBLIC
            )
        }
        events = []
        for list_id, mailing_list in chosen.items():
            subscription = existing.get(list_id)
            if subscription is not None and subscription.status == Status.ACTIVE:
                continue
            if subscription is None:
                Subscription.objects.create(
                    subscriber=subscriber,
                    mailing_list=mailing_list,
                    status=Status.ACTIVE,
                    requested_at=now,
                    confirmed_at=now,
                )
            else:
                subscription.status = Status.ACTIVE
                subscription.confirmed_at = now
                subscription.unsubscribed_at = None
                subscription.save(
                    update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"]
                )
            events.append(
                evidence.event(
                    Action.PREFERENCES_CHANGED,
                    subscriber=subscriber,
                    mailing_list=mailing_list,
                    detail={"status": Status.ACTIVE},
                )
            )
        for list_id, subscription in existing.items():
            if list_id in chosen or subscription.status != Status.ACTIVE:
                continue
            subscription.status = Status.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            subscription.save(update_fields=["status", "unsubscribed_at", "updated_at"])
            events.append(
                evidence.event(
                    Action.UNSUBSCRIBED,
                    subscriber=subscriber,
                    mailing_list=subscription.mailing_list,
                )
            )
        changed_fields = []
        if language is not None and clean_language(language) != subscriber.language:
            subscriber.language = clean_language(language)
            changed_fields.append("language")
        if name is not None and clean_name(name) != subscriber.name:
            subscriber.name = clean_name(name)
            changed_fields.append("name")
        if changed_fields:
            subscriber.save(update_fields=[*changed_fields, "updated_at"])
        if lenses is not None:
            wanted = {lens.pk for lens in lenses}
            if wanted != set(subscriber.lenses.values_list("pk", flat=True)):
                subscriber.lenses.set(wanted)
                changed_fields.append("lenses")
        if changed_fields:
            events.append(
                evidence.event(
                    Action.PREFERENCES_CHANGED,
                    subscriber=subscriber,
                    detail={"changed": changed_fields},
                )
            )
        ConsentEvent.objects.bulk_create(events)
    return subscriber


# --- Provider reports ----------------------------------------------------------------------------


def record_delivery_problem(email, action, *, evidence):
    """A bounce or complaint reported for ``email``: leave every list and never mail it again.

    ``action`` is ``ConsentEvent.Action.BOUNCED`` or ``COMPLAINED``. Safe to call for unknown
    addresses and more than once.
    """
    reason = {
        Action.BOUNCED: Suppression.Reason.BOUNCED,
        Action.COMPLAINED: Suppression.Reason.COMPLAINED,
    }[action]
    with transaction.atomic():
        Suppression.add(email, reason)
        subscriber = Subscriber.objects.with_email(email).first()
        if subscriber is not None:
            unsubscribe(subscriber, evidence=evidence, action=action)


# --- Imports ---------------------------------------------------------------------------------


class ImportOutcome:
    IMPORTED = "imported"
    ALREADY_ACTIVE = "already_active"
    SUPPRESSED = "suppressed"
    WITHDRAWN = "withdrawn"


def import_subscriber(email, lists, *, evidence, consent_date, basis, name="", language=None):
    """Add ``email`` to ``lists`` on the strength of consent documented elsewhere.

    The caller (the privacy officer's CSV import) declares where the consent was collected
    (``evidence.source``), its legal basis and, per address, the date it was given. Each list
    joined gets an "imported" consent event with all of it. Refused, returning why: addresses
    on the suppression list, and lists the person left after that date (a later withdrawal
    always wins over an older consent). Already active lists are left alone. Name and
    language are used for new addresses only. Returns ``{list id: outcome}``.
    """
    email = clean_email(email)
    name = clean_name(name)
    language = clean_language(language or settings.LANGUAGE_CODE)
    if Suppression.objects.is_suppressed(email):
        return {mailing_list.pk: ImportOutcome.SUPPRESSED for mailing_list in lists}
    outcomes = {}
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = _get_or_create_subscriber(email, name=name, language=language)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        existing = {s.mailing_list_id: s for s in subscriber.subscriptions.all()}
        events = []
        for mailing_list in lists:
            subscription = existing.get(mailing_list.pk)
            if subscription is not None and subscription.status == Status.ACTIVE:
                outcomes[mailing_list.pk] = ImportOutcome.ALREADY_ACTIVE
                continue
            if (
                subscription is not None
                and subscription.unsubscribed_at is not None
                and timezone.localdate(subscription.unsubscribed_at) >= consent_date
            ):
                outcomes[mailing_list.pk] = ImportOutcome.WITHDRAWN
                continue
            if subscription is None:
                subscription = Subscription(subscriber=subscriber, mailing_list=mailing_list)
            subscription.status = Status.ACTIVE
            subscription.requested_at = now
            subscription.confirmed_at = now
            subscription.unsubscribed_at = None
            subscription.save()
            events.append(
                evidence.event(
                    Action.IMPORTED,
                    subscriber=subscriber,
                    mailing_list=mailing_list,
                    detail={"legal_basis": basis, "consent_date": consent_date.isoformat()},
                )
            )
            outcomes[mailing_list.pk] = ImportOutcome.IMPORTED
        ConsentEvent.objects.bulk_create(events)
    return outcomes
