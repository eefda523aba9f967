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
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ..messages import Sender
from ..models import MailingList, Subscription, Suppression
from . import throttle, transports, workflow
from .models import Delivery, Send, SendContent
from .personal_links import PersonalLinks

logger = logging.getLogger(__name__)

Status = Delivery.Status
HEARTBEAT_SECONDS = 5  # far below any sensible lease


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
        self.links = PersonalLinks()
        self.last_beat = 0.0
        self.claim_from = 0  # highest id this worker has claimed (see ``claim``)

    def beat(self):
        """Tell the watchdog this send is alive (at most every few seconds: one UPDATE)."""
        if time.monotonic() - self.last_beat >= HEARTBEAT_SECONDS:
            Send.objects.filter(pk=self.send.pk).update(heartbeat_at=timezone.now())
            self.last_beat = time.monotonic()


def claim(send, list_ids, size, after_id=0):
    """Claim up to ``size`` deliveries for a new batch: ``(token, deliveries, skipped)``.

    ``skipped`` counts the rows taken but not sent (unsubscribed, suppressed, erased).
    ``after_id`` starts the scan after the rows this worker already took: every state change
    leaves a dead entry in the queue index until vacuum, and scanning past all of them at
    every batch would make a long send slow down as it goes."""
    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.claimable(send, now)
            .filter(pk__gt=after_id)
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
                unsubscribe_url=context.links.unsubscribe_url(subscriber, mailing_list),
                manage_url=context.links.manage_url(subscriber),
            )
        )
    return messages


def _batch_rows(deliveries, status, token):
    """This batch's rows in ``status``: by send, state and id range (the queue index reaches
    them directly) and token, not by a list of a thousand ids."""
    ids = [d.pk for d in deliveries]
    return Delivery.objects.filter(
        send_id=deliveries[0].send_id,
        status=status,
        pk__gte=min(ids),
        pk__lte=max(ids),
        claim=token,
    )


def hand_off(token, deliveries):
    """Record that the batch is leaving; return the deliveries this batch still holds."""
    if not deliveries:
        return []
    mine = _batch_rows(deliveries, Status.CLAIMED, token)
    moved = mine.update(status=Status.HANDED_OFF)
    if moved == len(deliveries):
        return deliveries
    # The watchdog took some back (this worker was slower than the lease): leave those.
    held = set(_batch_rows(deliveries, Status.HANDED_OFF, token).values_list("pk", flat=True))
    return [d for d in deliveries if d.pk in held]


def release(token, deliveries):
    """Give claimed deliveries back untouched (the batch stopped before the hand-off)."""
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], claim=token, status=Status.CLAIMED
    ).update(status=Status.PENDING, claim=None, attempts=F("attempts") - 1)


def record(token, deliveries, outcomes):
    """Write every outcome of the batch: one statement per kind of outcome (usually one).

    Only rows still holding this batch's token and still handed off (or declared in doubt by
    the watchdog meanwhile: the real outcome wins) are written.
    """
    by_id = {d.pk: d for d in deliveries}
    now = timezone.now()
    groups = {}
    for outcome in outcomes:
        delivery = by_id[outcome.delivery_id]
        shared = (Status.FAILED, None, None, token)  # status, sent_at, retry_after, claim
        if outcome.result == transports.SENT:
            shared = (Status.SENT, now, None, token)
        elif outcome.result == transports.IN_DOUBT:
            shared = (Status.IN_DOUBT, None, None, token)
        elif outcome.result == transports.RETRY and delivery.attempts < max_attempts():
            shared = (Status.PENDING, None, now + retry_delay(delivery.attempts), None)
        groups.setdefault(shared, []).append(
            (
                delivery.pk,
                outcome.message_id[:255],
                outcome.provider_message_id[:255],
                outcome.error[:500],
            )
        )
    send_id = deliveries[0].send_id if deliveries else None
    for shared, rows in groups.items():
        for start in range(0, len(rows), 500):
            update_rows(send_id, token, shared, rows[start : start + 500])


SHARED_COLUMNS = ("status", "sent_at", "retry_after", "claim")
ROW_COLUMNS = ("id", "message_id", "provider_message_id", "error")


def update_rows(send_id, token, shared, rows):
    """``UPDATE … FROM (VALUES …)``: the values common to the rows once, the rest per row.

    (Django's ``bulk_update`` builds a ``CASE`` per column and row, which takes seconds of
    Python for a thousand rows.)
    """
    quote = connection.ops.quote_name
    table = quote(Delivery._meta.db_table)
    meta = Delivery._meta
    if connection.vendor == "postgresql":
        types = ["bigint"] + [meta.get_field(name).db_type(connection) for name in ROW_COLUMNS[1:]]
        placeholder = "(" + ", ".join(f"%s::{db_type}" for db_type in types) + ")"
        alias = "v(" + ", ".join(quote(name) for name in ROW_COLUMNS) + ")"
        column = {name: f"v.{quote(name)}" for name in ROW_COLUMNS}
    else:  # SQLite names the columns of VALUES column1, column2, …
        placeholder = "(" + ", ".join(["%s"] * len(ROW_COLUMNS)) + ")"
        alias = "v"
        column = {name: f"v.column{index + 1}" for index, name in enumerate(ROW_COLUMNS)}
    assignments = [f"{quote(name)} = %s" for name in SHARED_COLUMNS]
    assignments += [f"{quote(name)} = {column[name]}" for name in ROW_COLUMNS[1:]]
    params = [
        meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in zip(SHARED_COLUMNS, shared, strict=True)
    ]
    for row in rows:
        params.extend(row)
    # The send and the states let the planner find the batch's rows through the queue index
    # (a thousand ids would otherwise make it scan the whole table).
    params.extend(
        [
            send_id,
            Status.HANDED_OFF,
            Status.IN_DOUBT,
            meta.get_field("claim").get_db_prep_save(token, connection),
            min(row[0] for row in rows),
            max(row[0] for row in rows),
        ]
    )
    # Every identifier comes from model metadata; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {', '.join(assignments)} "  # noqa: S608
        f"FROM (VALUES {', '.join([placeholder] * len(rows))}) AS {alias} "
        f"WHERE {table}.{quote('id')} = {column['id']} AND {table}.{quote('send_id')} = %s "
        f"AND {table}.{quote('status')} IN (%s, %s) AND {table}.{quote('claim')} = %s "
        f"AND {table}.{quote('id')} BETWEEN %s AND %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


class Batch:
    """Deliveries claimed by one batch, with their messages ready (not handed off yet)."""

    def __init__(self, token, deliveries=(), messages=(), skipped=0):
        self.token = token
        self.deliveries = list(deliveries)
        self.messages = list(messages)
        self.skipped = skipped

    @property
    def taken(self):
        return len(self.deliveries) + self.skipped


def take_batch(context, size):
    """Reserve the rate, claim a batch and build its personal links."""
    throttle.wait_for(size)
    token, deliveries, skipped = claim(context.send, context.list_ids, size, context.claim_from)
    if not deliveries and not skipped and context.claim_from:
        # Nothing after our last batch: look again from the start (retries, released rows).
        context.claim_from = 0
        token, deliveries, skipped = claim(context.send, context.list_ids, size)
    if deliveries:
        context.claim_from = max(d.pk for d in deliveries)
    throttle.refund(size - len(deliveries))
    if not deliveries:
        return Batch(token, skipped=skipped)
    try:
        messages = outgoing(context, deliveries)
    except BaseException:
        release(token, deliveries)
        raise
    return Batch(token, deliveries, messages, skipped)


def send_batch(context, batch):
    """Record the hand-off, then hand the batch to the transport: ``(deliveries, outcomes)``."""
    deliveries = hand_off(batch.token, batch.deliveries)
    held = {d.pk for d in deliveries}
    messages = [m for m in batch.messages if m.delivery_id in held]
    return deliveries, context.transport.deliver(messages)


def deliver_batch(context, size):
    """One batch, start to end: returns how many deliveries it took (0: nothing to claim)."""
    batch = take_batch(context, size)
    if not batch.deliveries:
        return batch.skipped
    deliveries, outcomes = send_batch(context, batch)
    record(batch.token, deliveries, outcomes)
    context.beat()
    return batch.taken


class Stop(Exception):
    """The send must not take another batch now (paused, cancelled, electoral silence)."""


def check_can_go_on(context, windows):
    """Raise ``Stop`` if the send was paused, or pause it if a blackout window began."""
    status = Send.objects.filter(pk=context.send.pk).values_list("status", flat=True).first()
    if status != Send.Status.SENDING:
        raise Stop
    now = timezone.now()
    window = next((w for w in windows if w.starts_at <= now < w.ends_at), None)
    if window is not None:
        workflow.pause(context.send, note=window.explanation())
        logger.warning("Send %s paused by the blackout window %s", context.send.pk, window.pk)
        raise Stop


def run(send_id, *, budget=None):
    """Take batches of a send until it is done, paused, or this task's time is up.

    Returns the number of deliveries handled. Each task run checks again that the requester
    may still send and that the page is still published; before every batch it reads the
    send's state (a pause stops it between two batches) and checks the blackout windows (a
    window that begins pauses the send, unless a superuser overrode it).

    Outside a transaction (a worker), database work for the next batch runs in a second
    thread while the current batch is on the wire: the claim, the personal links and the
    recording of the previous batch overlap with the SMTP or HTTP exchange. Inside a
    transaction (the tests) a second connection could not see the data, so it runs in line.
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
    loop = _in_line if connection.in_atomic_block else _pipelined
    handled, outcome = loop(context, size, windows, deadline)
    if outcome == "empty":
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
    elif outcome == "time":
        enqueue(deliver_send, send.pk)
    return handled


def _in_line(context, size, windows, deadline):
    """The batch loop in one thread: ``(handled, "empty" | "stopped" | "time")``."""
    handled = 0
    while True:
        try:
            check_can_go_on(context, windows)
        except Stop:
            return handled, "stopped"
        count = deliver_batch(context, size)
        handled += count
        if count == 0:
            return handled, "empty"
        if time.monotonic() >= deadline:
            return handled, "time"


def _pipelined(context, size, windows, deadline):
    """The batch loop with the database work of batch k+1 overlapping the sending of k."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsletter-db")

    def next_batch(previous):
        # Runs in the database thread, strictly in order: record k-1, then claim k+1.
        if previous is not None:
            record(*previous)
            context.beat()
        check_can_go_on(context, windows)
        return take_batch(context, size)

    handled = 0
    previous = None
    upcoming = executor.submit(next_batch, None)
    try:
        while True:
            try:
                batch = upcoming.result()
            except Stop:
                return handled, "stopped"
            finally:
                upcoming = None
            if not batch.deliveries:
                handled += batch.skipped
                if batch.skipped == 0:
                    return handled, "empty"
                upcoming = executor.submit(next_batch, None)
                continue
            deliveries = hand_off(batch.token, batch.deliveries)
            held = {d.pk for d in deliveries}
            messages = [m for m in batch.messages if m.delivery_id in held]
            if time.monotonic() < deadline:
                upcoming = executor.submit(next_batch, previous)
                previous = None
            outcomes = context.transport.deliver(messages)
            handled += batch.taken
            if previous is not None:
                executor.submit(record, *previous).result()
            previous = (batch.token, deliveries, outcomes)
            if upcoming is None:
                return handled, "time"
    finally:
        if upcoming is not None:
            try:
                claimed = upcoming.result()
            except Stop:
                claimed = None
            if claimed is not None and claimed.deliveries:
                executor.submit(release, claimed.token, claimed.deliveries).result()
        if previous is not None:
            executor.submit(record, *previous).result()
        executor.submit(_close_thread_connection).result()
        executor.shutdown()


def _close_thread_connection():
    # Looked up in the database thread: that thread's own connection.
    connection.close()
