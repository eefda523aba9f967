"""Everything that changes a subscription, in one place.

Views, forms of other apps, the admin, imports and the sending side call these functions; none
of them writes subscriptions or consent events directly. Each function appends the consent
events that prove what happened. See the README ("Newsletter") for the public API.
"""

import ipaddress
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import ratelimit

from . import tokens
from .models import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    ConsentEvent,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
    email_key,
    normalise_email,
    token_hash,
)

logger = logging.getLogger(__name__)

Status = Subscription.Status
Action = ConsentEvent.Action


def after_commit(function):
    """Run ``function`` once the current transaction commits (tests run it at once)."""
    transaction.on_commit(function)


def confirmation_cooldown_seconds():
    return int(getattr(settings, "NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS", 15 * 60))


# --- Validation --------------------------------------------------------------------------------


def clean_email(value):
    """The normalised address, or ``ValidationError`` with a message for people."""
    value = normalise_email(value)
    if not value:
        raise ValidationError(_("Scrivi il tuo indirizzo e-mail."), code="required")
    if len(value) > EMAIL_MAX_LENGTH:
        raise ValidationError(_("L'indirizzo e-mail è troppo lungo."), code="max_length")
    if any(char in value for char in "\r\n\0"):
        raise ValidationError(_("L'indirizzo e-mail non è valido."), code="invalid")
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("L'indirizzo e-mail non è valido."), code="invalid") from None
    return value


def clean_name(value):
    value = " ".join((value or "").split())
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(_("Il nome è troppo lungo."), code="max_length")
    return value


def clean_language(value):
    codes = [code for code, _name in settings.LANGUAGES]
    return value if value in codes else settings.LANGUAGE_CODE


# --- Evidence ------------------------------------------------------------------------------------


@dataclass
class Evidence:
    """What a consent event records about where and how a step happened."""

    source: str = ""
    consent_text: object = None
    privacy_notice: object = None
    actor: object = None
    token: str = ""
    ip_address: str | None = None
    user_agent: str = ""

    def event(self, action, *, subscriber=None, mailing_list=None, detail=None):
        return ConsentEvent(
            action=action,
            subscriber=subscriber,
            mailing_list=mailing_list,
            consent_text=self.consent_text,
            privacy_notice=self.privacy_notice,
            source=(self.source or "")[:255],
            actor=self.actor if getattr(self.actor, "pk", None) else None,
            token_hash=token_hash(self.token) if self.token else "",
            ip_address=self.ip_address,
            user_agent=self.user_agent,
            detail=detail or {},
        )


def truncate_ip(value):
    """IPv4 to its /24, IPv6 to its /48: enough to spot abuse, not to find a person."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def evidence_from_request(request, *, source, consent_text=None, privacy_notice=None, token=""):
    """Evidence for a step taken on the site; client data only with NEWSLETTER_RECORD_CLIENT."""
    evidence = Evidence(
        source=source,
        consent_text=consent_text,
        privacy_notice=privacy_notice,
        token=token,
    )
    if request is not None and getattr(settings, "NEWSLETTER_RECORD_CLIENT", False):
        evidence.ip_address = truncate_ip(ratelimit.client_ip(request))
        evidence.user_agent = request.META.get("HTTP_USER_AGENT", "")[:120]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        evidence.actor = user
    return evidence


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


def subscribe(email, lists, *, evidence, name="", language=None, send_email=True):
    """Ask for ``lists`` for ``email``: pending subscriptions and a confirmation e-mail.

    Returns nothing on purpose: the caller must answer the same whatever the address's state
    (new, pending, active, unsubscribed, suppressed). Already active lists stay as they are;
    suppressed addresses are ignored silently. The confirmation e-mail is sent by a task after
    the transaction commits, at most once per address per cool-down
    (``NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS``). ``name`` and ``language`` are stored only
    for a new address: what a stranger types never changes someone else's data.

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
    if pending and send_email:
        request_confirmation_email(subscriber)


def request_confirmation_email(subscriber):
    """Queue the confirmation e-mail unless one went to this address within the cool-down."""
    if not ratelimit.claim_once(
        "newsletter-confirmation",
        email_key(subscriber.email),
        period=confirmation_cooldown_seconds(),
    ):
        return
    from .tasks import send_confirmation_email

    subscriber_id = subscriber.pk
    after_commit(lambda: send_confirmation_email.enqueue(subscriber_id))


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


def update_preferences(subscriber, *, lists, evidence, language=None, name=None):
    """Set the public lists a subscriber receives, and their language and name.

    The person reached this form through the personal link e-mailed to them, which proves they
    control the address, so newly chosen lists become active at once (a "preferences changed"
    event records the consent text shown); lists no longer chosen are left ("unsubscribed").
    Internal lists are never touched here.
    """
    chosen = {mailing_list.pk: mailing_list for mailing_list in lists}
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
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
            if list_id in chosen or subscription.status == Status.UNSUBSCRIBED:
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


# --- Access and erasure ----------------------------------------------------------------------


def _legal_text(version):
    if version is None:
        return None
    return {
        "kind": version.kind,
        "title": version.title,
        "sha256": version.sha256,
        "text": version.text,
        "recorded_at": version.created_at.isoformat(),
    }


def export_data(subscriber):
    """All data kept about a subscriber, as JSON-ready data (GDPR art. 15 and 20).

    Includes the consent log with the full text of every consent wording and privacy notice
    the person was shown.
    """
    subscriptions = subscriber.subscriptions.select_related("mailing_list")
    events = subscriber.consent_events.select_related(
        "mailing_list", "consent_text", "privacy_notice"
    )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "subscriber": {
            "email": subscriber.email,
            "name": subscriber.name,
            "language": subscriber.language,
            "created_at": iso(subscriber.created_at),
            "updated_at": iso(subscriber.updated_at),
        },
        "subscriptions": [
            {
                "list": s.mailing_list.name,
                "list_slug": s.mailing_list.slug,
                "status": s.status,
                "requested_at": iso(s.requested_at),
                "confirmed_at": iso(s.confirmed_at),
                "unsubscribed_at": iso(s.unsubscribed_at),
            }
            for s in subscriptions
        ],
        "consent_log": [
            {
                "action": event.action,
                "list": event.mailing_list.name if event.mailing_list else None,
                "at": iso(event.created_at),
                "source": event.source,
                "token_sha256": event.token_hash or None,
                "ip_address": event.ip_address,
                "user_agent": event.user_agent or None,
                "consent_text": _legal_text(event.consent_text),
                "privacy_notice": _legal_text(event.privacy_notice),
                "detail": event.detail,
            }
            for event in events
        ],
    }


def erase(subscriber, *, evidence):
    """Erase a subscriber (GDPR art. 17): personal data gone, the address suppressed.

    The subscriber and subscriptions are deleted; consent events stay as anonymous records
    (detached, without client data) followed by one "erased" event; only the keyed hash of the
    address is kept, in the suppression list, so it is never mailed again.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        Suppression.add(subscriber.email, Suppression.Reason.ERASED)
        subscriber.consent_events.all().anonymise()
        evidence.ip_address = None
        evidence.user_agent = ""
        evidence.event(Action.ERASED).save()
        subscriber.delete()


def purge_unconfirmed(*, days=None, now=None):
    """Delete requests never confirmed within ``days`` (``NEWSLETTER_UNCONFIRMED_DAYS``).

    Expired pending subscriptions are removed; an address left with no subscription at all is
    deleted with its personal data (its consent events stay, anonymous). Returns how many
    pending subscriptions were removed.
    """
    if days is None:
        days = int(getattr(settings, "NEWSLETTER_UNCONFIRMED_DAYS", 7))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = Subscription.objects.pending().filter(requested_at__lt=cutoff)
    removed = 0
    evidence = Evidence(source="purge")
    with transaction.atomic():
        subscriber_ids = set()
        events = []
        for subscription in expired.select_related("mailing_list").select_for_update():
            subscriber_ids.add(subscription.subscriber_id)
            events.append(
                ConsentEvent(
                    action=Action.EXPIRED,
                    subscriber_id=subscription.subscriber_id,
                    mailing_list=subscription.mailing_list,
                    source=evidence.source,
                )
            )
        ConsentEvent.objects.bulk_create(events)
        removed, _detail = expired.delete()
        orphans = Subscriber.objects.filter(pk__in=subscriber_ids, subscriptions__isnull=True)
        ConsentEvent.objects.filter(subscriber__in=orphans).anonymise()
        orphans.delete()
    return removed
