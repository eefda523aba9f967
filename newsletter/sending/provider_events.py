"""Bounces, complaints and unsubscribes reported by the ESP, through django-anymail.

Anymail's tracking webhooks (``/anymail/<esp>/tracking/``) check the shared secret (HTTP basic
auth, ``ANYMAIL_WEBHOOK_SECRET``) and the ESP's own signature, then send the ``tracking``
signal. The receiver here only records the event under a unique key, so a webhook retried by
the ESP counts once, and queues a task: the ESP gets its answer in milliseconds whatever the
volume. The task suppresses the address (hard bounce, complaint, rejection), unsubscribes it
(unsubscribe reported by the ESP), appends the consent event and marks the delivery.

The address is stored with the event only until the task has handled it.
"""

import hashlib
import logging

from django.conf import settings
from django.core import checks
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anymail.signals import EventType, tracking

logger = logging.getLogger(__name__)

# Anymail's normalised event types that change what we may send to an address.
SUPPRESSING_EVENTS = {EventType.BOUNCED, EventType.COMPLAINED, EventType.REJECTED}
HANDLED_EVENTS = SUPPRESSING_EVENTS | {EventType.UNSUBSCRIBED}
ENGAGEMENT_EVENTS = {EventType.OPENED, EventType.CLICKED}
DELIVERY_METADATA_KEY = "piazza_delivery"


class ProviderEvent(models.Model):
    """A tracking event received from the ESP, kept so that each event counts once."""

    esp = models.CharField(max_length=40)
    event_key = models.CharField(max_length=64)
    event_type = models.CharField(max_length=20)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    delivery = models.ForeignKey(
        "newsletter.Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Needed only until processed; cleared then.
    recipient = models.CharField(max_length=254, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    delivery_hint = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("evento del fornitore")
        verbose_name_plural = _("eventi del fornitore")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["esp", "event_key"], name="newsletter_provider_event_once"
            )
        ]

    def __str__(self):
        return f"{self.esp} {self.event_type} {self.event_key[:12]}"


def event_key(esp_name, event):
    """A stable key for an event: the ESP's event id, else what identifies the event."""
    raw = event.event_id or "|".join(
        str(part or "")
        for part in (event.event_type, event.message_id, event.recipient, event.timestamp)
    )
    return hashlib.sha256(f"{esp_name}:{raw}".encode()).hexdigest()


def aggregate_engagement_enabled():
    return bool(getattr(settings, "NEWSLETTER_AGGREGATE_ENGAGEMENT", False))


@receiver(tracking, dispatch_uid="newsletter.provider_events.record")
def record_tracking_event(sender, event, esp_name, **kwargs):
    """Store the event once and queue its processing; answer the webhook at once."""
    if event.event_type in ENGAGEMENT_EVENTS:
        count_engagement(event)
        return
    if event.event_type not in HANDLED_EVENTS or not event.recipient:
        return
    metadata = event.metadata or {}
    try:
        with transaction.atomic():
            stored = ProviderEvent.objects.create(
                esp=esp_name[:40],
                event_key=event_key(esp_name, event),
                event_type=event.event_type,
                recipient=event.recipient[:254],
                message_id=(event.message_id or "")[:255],
                delivery_hint=str(metadata.get(DELIVERY_METADATA_KEY, ""))[:20],
                description=(event.description or event.reject_reason or "")[:300],
            )
    except IntegrityError:
        logger.info("Duplicate %s event from %s ignored", event.event_type, esp_name)
        return
    from ..tasks import process_provider_event
    from .queue import enqueue

    enqueue(process_provider_event, stored.pk)


def count_engagement(event):
    """Aggregate opens and clicks per send, when enabled; nothing about the person is kept."""
    if not aggregate_engagement_enabled():
        return
    from .models import Send

    delivery = find_delivery(
        message_id=event.message_id or "",
        recipient=event.recipient or "",
        hint=str((event.metadata or {}).get(DELIVERY_METADATA_KEY, "")),
    )
    if delivery is None:
        return
    field = "opens" if event.event_type == EventType.OPENED else "clicks"
    Send.objects.filter(pk=delivery.send_id).update(**{field: F(field) + 1})


def find_delivery(*, message_id, recipient, hint=""):
    """The delivery an event is about: by our metadata, else by message id and address."""
    from ..models import email_key
    from .models import Delivery

    deliveries = Delivery.objects.select_related("subscriber")
    candidates = []
    if hint.isdigit():
        candidates = list(deliveries.filter(pk=int(hint)))
    if not candidates and message_id:
        bare = message_id.strip("<>")
        ids = {message_id, bare, f"<{bare}>"}
        candidates = list(
            deliveries.filter(models.Q(message_id__in=ids) | models.Q(provider_message_id__in=ids))[
                :2000
            ]
        )
    wanted = email_key(recipient)
    for delivery in candidates:
        if delivery.subscriber is not None and email_key(delivery.subscriber.email) == wanted:
            return delivery
    return None


def process(event_pk):
    """Act on a stored event: suppress or unsubscribe, log consent, mark the delivery."""
    from .. import services
    from ..models import ConsentEvent, Subscriber
    from .models import Delivery

    with transaction.atomic():
        stored = ProviderEvent.objects.select_for_update().filter(pk=event_pk).first()
        if stored is None or stored.processed_at is not None:
            return False
        delivery = find_delivery(
            message_id=stored.message_id, recipient=stored.recipient, hint=stored.delivery_hint
        )
        evidence = services.Evidence(source=f"esp:{stored.esp}:{stored.event_type}"[:255])
        if stored.event_type == EventType.COMPLAINED:
            services.record_delivery_problem(
                stored.recipient, ConsentEvent.Action.COMPLAINED, evidence=evidence
            )
            problem = Delivery.Problem.COMPLAINED
        elif stored.event_type in (EventType.BOUNCED, EventType.REJECTED):
            services.record_delivery_problem(
                stored.recipient, ConsentEvent.Action.BOUNCED, evidence=evidence
            )
            problem = (
                Delivery.Problem.BOUNCED
                if stored.event_type == EventType.BOUNCED
                else Delivery.Problem.REJECTED
            )
        else:
            subscriber = Subscriber.objects.with_email(stored.recipient).first()
            if subscriber is not None:
                mailing_list = delivery.mailing_list if delivery is not None else None
                services.unsubscribe(subscriber, mailing_list, evidence=evidence)
            problem = Delivery.Problem.UNSUBSCRIBED
        if delivery is not None and not delivery.problem:
            Delivery.objects.filter(pk=delivery.pk, problem="").update(
                problem=problem, problem_at=timezone.now()
            )
        stored.delivery = delivery
        stored.processed_at = timezone.now()
        stored.recipient = ""
        stored.message_id = ""
        stored.description = ""
        stored.save(
            update_fields=["delivery", "processed_at", "recipient", "message_id", "description"]
        )
    return True


@checks.register(checks.Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    """With an ESP configured, its webhooks need ``ANYMAIL_WEBHOOK_SECRET`` to work at all."""
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if not backend.startswith("anymail.backends."):
        return []
    from anymail.utils import get_anymail_setting

    if get_anymail_setting("webhook_secret", default=None):
        return []
    return [
        checks.Warning(
            "ANYMAIL_WEBHOOK_SECRET is not set: the ESP's tracking webhooks refuse every "
            "request, so bounces and complaints are not recorded.",
            hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:long-random-password' and give the "
            "same credentials to the ESP in the webhook URL.",
            id="newsletter.W001",
        )
    ]
