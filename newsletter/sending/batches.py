"""The batch loop: claim, re-check, hand off, record. Several workers run it side by side.

For each batch, in this order:

1. Reserve the batch's share of the send rate (``throttle``), sleeping if need be.
2. Claim up to a batch of pending deliveries with ``SELECT … FOR UPDATE SKIP LOCKED`` (workers
   never wait for each other nor take the same rows), re-check in the same transaction that
   each person is still subscribed and not suppressed (those who left meanwhile are
   ``skipped``), and mark the rest ``claimed`` with this batch's token. Commit.
3. Build the messages, then mark the batch ``handed_off`` (commit) *before* giving it to the
   transport: from then on a crash leaves the rows visibly in doubt instead of resending them.
4. Record every outcome in one statement: ``sent`` (with the message ids), ``failed``
   (permanent error, with the reason), back to ``pending`` with a back-off (transient error),
   or ``in_doubt``. Only rows still holding this batch's token are written.
"""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import links
from ..messages import Sender
from ..models import MailingList, Subscription, Suppression
from . import throttle, transports, workflow
from .models import Delivery, Send, SendContent

logger = logging.getLogger(__name__)

Status = Delivery.Status


def max_attempts():
    return max(1, int(getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5)))


def retry_delay(attempts):
    """Back-off before the next attempt: 1, 2, 4, 8 … minutes (``NEWSLETTER_RETRY_SECONDS``)."""
    base = int(getattr(settings, "NEWSLETTER_RETRY_SECONDS", 60))
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def runner_seconds():
    """How long one task keeps taking batches before handing over to a fresh task."""
    return float(getattr(settings, "NEWSLETTER_RUNNER_SECONDS", 60))


class SendContext:
    """What every batch of one send shares: lists, contents, sender, transport."""

    def __init__(self, send):
        self.send = send
        self.list_ids = set(send.mailing_lists.values_list("pk", flat=True))
        self.lists = {ml.pk: ml for ml in MailingList.objects.filter(pk__in=self.list_ids)}
        self.contents = {
            content.pk: content.rendered() for content in SendContent.objects.filter(send=send)
        }
        self.sender = Sender.for_site(send.page.get_site())
        self.transport = transports.make_transport(contents=self.contents, sender=self.sender)


def claim(send, list_ids, size):
    """Claim up to ``size`` deliveries for a new batch: ``(token, deliveries, skipped)``.

    ``skipped`` counts the rows taken but not sent (unsubscribed, suppressed, erased)."""
    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.claimable(send, now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscriber")
            .order_by("pk")[:size]
        )
        if not rows:
            return token, [], 0
        erased = [d.pk for d in rows if d.subscriber is None]
        people = [d for d in rows if d.subscriber is not None]
        suppressed_hashes = Suppression.objects.suppressed_hashes(
            [d.subscriber.email for d in people]
        )
        subscribed = set(
            Subscription.objects.active()
            .filter(subscriber_id__in=[d.subscriber_id for d in people])
            .filter(mailing_list_id__in=list_ids)
            .values_list("subscriber_id", "mailing_list_id")
        )
        still_subscribed = {subscriber_id for subscriber_id, _list in subscribed}
        suppressed, unsubscribed, claimed = [], [], []
        for delivery in people:
            if suppressed_hashes and delivery.subscriber.email_hash in suppressed_hashes:
                suppressed.append(delivery.pk)
            elif (
                delivery.mailing_list_id is not None
                and ((delivery.subscriber_id, delivery.mailing_list_id) not in subscribed)
                or delivery.subscriber_id not in still_subscribed
            ):
                unsubscribed.append(delivery.pk)
            else:
                claimed.append(delivery)
        for ids, reason in ((erased, "erased"), (suppressed, "suppressed")):
            if ids:
                Delivery.objects.filter(pk__in=ids).update(status=Status.SKIPPED, error=reason)
        if unsubscribed:
            Delivery.objects.filter(pk__in=unsubscribed).update(
                status=Status.SKIPPED, error="unsubscribed"
            )
        if claimed:
            Delivery.objects.filter(pk__in=[d.pk for d in claimed], status=Status.PENDING).update(
                status=Status.CLAIMED,
                claim=token,
                claimed_at=now,
                attempts=F("attempts") + 1,
            )
    for delivery in claimed:
        delivery.attempts += 1
    return token, claimed, len(rows) - len(claimed)


def outgoing(context, deliveries):
    """The personal links of each delivery, ready for the transport."""
    messages = []
    for delivery in deliveries:
        subscriber = delivery.subscriber
        mailing_list = context.lists.get(delivery.mailing_list_id)
        messages.append(
            transports.OutgoingMessage(
                delivery_id=delivery.pk,
                to=subscriber.email,
                content_id=delivery.content_id,
                unsubscribe_url=links.unsubscribe_url(subscriber, mailing_list),
                manage_url=links.manage_url(subscriber),
            )
        )
    return messages


def hand_off(token, deliveries):
    """Record that the batch is leaving; return the deliveries this batch still holds."""
    ids = [d.pk for d in deliveries]
    moved = Delivery.objects.filter(pk__in=ids, claim=token, status=Status.CLAIMED).update(
        status=Status.HANDED_OFF
    )
    if moved == len(ids):
        return deliveries
    # The watchdog took some back (this worker was slower than the lease): leave those.
    held = set(
        Delivery.objects.filter(pk__in=ids, claim=token, status=Status.HANDED_OFF).values_list(
            "pk", flat=True
        )
    )
    return [d for d in deliveries if d.pk in held]


def release(token, deliveries):
    """Give claimed deliveries back untouched (the batch stopped before the hand-off)."""
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], claim=token, status=Status.CLAIMED
    ).update(status=Status.PENDING, claim=None, attempts=F("attempts") - 1)


def record(token, deliveries, outcomes):
    """Write every outcome of the batch in one statement per 500 rows."""
    by_id = {d.pk: d for d in deliveries}
    now = timezone.now()
    rows = []
    for outcome in outcomes:
        delivery = by_id[outcome.delivery_id]
        delivery.message_id = outcome.message_id[:255]
        delivery.provider_message_id = outcome.provider_message_id[:255]
        delivery.error = outcome.error[:500]
        delivery.retry_after = None
        if outcome.result == transports.SENT:
            delivery.status = Status.SENT
            delivery.sent_at = now
        elif outcome.result == transports.IN_DOUBT:
            delivery.status = Status.IN_DOUBT
        elif outcome.result == transports.RETRY and delivery.attempts < max_attempts():
            delivery.status = Status.PENDING
            delivery.claim = None
            delivery.retry_after = now + retry_delay(delivery.attempts)
        else:
            delivery.status = Status.FAILED
        rows.append(delivery)
    Delivery.objects.filter(
        claim=token, status__in=[Status.HANDED_OFF, Status.IN_DOUBT]
    ).bulk_update(
        rows,
        ["status", "sent_at", "message_id", "provider_message_id", "error", "retry_after", "claim"],
        batch_size=500,
    )


def deliver_batch(context, size):
    """One batch of ``send``: returns how many deliveries it took (0: nothing to claim)."""
    send = context.send
    throttle.wait_for(size)
    token, deliveries, skipped = claim(send, context.list_ids, size)
    throttle.refund(size - len(deliveries))
    if not deliveries:
        return skipped
    try:
        messages = outgoing(context, deliveries)
    except BaseException:
        release(token, deliveries)
        raise
    deliveries = hand_off(token, deliveries)
    held = {d.pk for d in deliveries}
    messages = [m for m in messages if m.delivery_id in held]
    outcomes = context.transport.deliver(messages)
    record(token, deliveries, outcomes)
    Send.objects.filter(pk=send.pk).update(heartbeat_at=timezone.now())
    return len(deliveries) + skipped


def run(send_id, *, budget=None):
    """Take batches of a send until it is done, paused, or this task's time is up.

    Returns the number of deliveries handled. Each task run checks again that the requester
    may still send and that the page is still published; before every batch it reads the
    send's state (a pause stops it between two batches) and checks the blackout windows (a
    window that begins pauses the send, unless a superuser overrode it).
    """
    from ..tasks import deliver_send
    from .blackout import BlackoutWindow
    from .queue import enqueue

    deadline = time.monotonic() + (runner_seconds() if budget is None else budget)
    send = Send.objects.select_related("page", "requested_by").filter(pk=send_id).first()
    if send is None or send.status != Send.Status.SENDING:
        return 0
    refusal = workflow.refusal_at_run_time(send)
    if refusal:
        workflow.pause(send, note=refusal)
        logger.warning("Send %s paused: %s", send.pk, refusal)
        return 0
    windows = (
        [] if send.blackout_override_reason else list(BlackoutWindow.objects.current_and_future())
    )
    context = SendContext(send)
    size = transports.batch_size()
    rate = throttle.send_rate()
    if rate > 0:
        size = max(1, min(size, int(rate)))  # about one second of quota per batch
    handled = 0
    while True:
        send.refresh_from_db(fields=["status"])
        if send.status != Send.Status.SENDING:
            return handled
        now = timezone.now()
        window = next((w for w in windows if w.starts_at <= now < w.ends_at), None)
        if window is not None:
            workflow.pause(send, note=window.explanation())
            logger.warning("Send %s paused by the blackout window %s", send.pk, window.pk)
            return handled
        count = deliver_batch(context, size)
        handled += count
        if count == 0:
            if workflow.finish_if_complete(send):
                logger.info("Send %s done", send.pk)
                return handled
            next_retry = (
                send.deliveries.filter(status=Status.PENDING, retry_after__isnull=False)
                .order_by("retry_after")
                .values_list("retry_after", flat=True)
                .first()
            )
            if next_retry is not None:
                enqueue(deliver_send, send.pk, run_after=next_retry)
            return handled
        if time.monotonic() >= deadline:
            enqueue(deliver_send, send.pk)
            return handled


def explain(delivery):
    """A sentence about a delivery's state, for the admin."""
    return {
        Status.IN_DOUBT: _(
            "Il lotto era in consegna quando il processo si è fermato: il server potrebbe "
            "averlo accettato o no. Non viene reinviato da solo."
        ),
    }.get(delivery.status, "")
