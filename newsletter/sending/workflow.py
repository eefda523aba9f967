"""A send's life: requested, scheduled, started, paused, resumed, cancelled, finished.

Every change of ``Send.status`` is a conditional ``UPDATE … WHERE status = <expected>``: when
two requests, workers or clicks race, exactly one wins and the others see that nothing
changed. The watchdog (``watch``) keeps a send moving when the worker running it dies.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audience
from .blackout import window_at
from .models import Delivery, Send, SendContent
from .queue import enqueue

logger = logging.getLogger(__name__)

SEND_PERMISSION = "newsletter.send_newsletter"
Status = Send.Status


class SendRefused(Exception):
    """The send cannot be requested or changed; the message says why, for people."""


def lease_seconds():
    """How long a batch may hold its deliveries before they are presumed abandoned."""
    return int(getattr(settings, "NEWSLETTER_BATCH_LEASE_SECONDS", 300))


def parallel_batches():
    return max(1, int(getattr(settings, "NEWSLETTER_PARALLEL_BATCHES", 2)))


def can_send(user):
    """Whether ``user`` may send newsletters to subscribers (the "Newsletter" group)."""
    return bool(user and user.is_active and user.has_perm(SEND_PERMISSION))


def _transition(send, from_statuses, to_status, **fields):
    """Move ``send`` to ``to_status`` if it is in one of ``from_statuses``; True if it moved."""
    if isinstance(from_statuses, str):
        from_statuses = [from_statuses]
    changed = Send.objects.filter(pk=send.pk, status__in=from_statuses).update(
        status=to_status, **fields
    )
    if changed:
        send.status = to_status
        for name, value in fields.items():
            setattr(send, name, value)
    return bool(changed)


def blackout_refusal(moment, *, override_reason=""):
    """The explanation if ``moment`` falls in a blackout window and no override is given."""
    window = window_at(moment)
    if window is None or override_reason.strip():
        return None
    return window.explanation()


# --- Requesting --------------------------------------------------------------------------------


def request_send(
    page,
    *,
    user,
    lists,
    language="",
    request_key,
    scheduled_at=None,
    override_reason="",
):
    """Create the send (once) and queue its start; return ``(send, created)``.

    The same ``request_key`` (the form that was submitted) always returns the same send, so a
    double click creates nothing. A second active send of the same newsletter is refused by a
    unique constraint. Raises ``PermissionDenied`` without the send permission, ``SendRefused``
    with an explanation for a page that is not published, a time in the past, a blackout
    window (superusers may override it with a reason) or a send already under way.
    """
    existing = Send.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing, False
    if not can_send(user):
        raise PermissionDenied
    page = page.specific
    if not page.live or page.live_revision_id is None:
        raise SendRefused(_("Si può inviare solo una newsletter pubblicata. Pubblicala prima."))
    lists = list(lists)
    if not lists:
        raise SendRefused(_("Scegli almeno una lista."))
    now = timezone.now()
    if scheduled_at is not None and scheduled_at <= now:
        raise SendRefused(_("L'ora scelta è già passata: scegline una futura."))
    override_reason = (override_reason or "").strip()
    if override_reason and not user.is_superuser:
        raise PermissionDenied
    refusal = blackout_refusal(scheduled_at or now, override_reason=override_reason)
    if refusal:
        raise SendRefused(refusal)
    try:
        with transaction.atomic():
            send = Send.objects.create(
                page=page,
                translation_key=page.translation_key,
                language=language or "",
                request_key=request_key,
                requested_by=user,
                scheduled_at=scheduled_at,
                status=Status.SCHEDULED,
                blackout_override_reason=override_reason,
                blackout_override_by=user if override_reason else None,
            )
            send.mailing_lists.set(lists)
            from ..tasks import start_send

            enqueue(start_send, send.pk, run_after=scheduled_at)
    except IntegrityError:
        existing = Send.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing, False
        raise SendRefused(
            _("Questa newsletter ha già un invio programmato o in corso: aprilo per gestirlo.")
        ) from None
    logger.info("Send %s requested by user %s", send.pk, user.pk)
    send.refresh_from_db()  # a task may have moved it on already
    return send, True


# --- Starting ----------------------------------------------------------------------------------


def refusal_at_run_time(send):
    """Why ``send`` must not go on now (permission, publication, blackout), or ``None``."""
    if not can_send(send.requested_by):
        return _("Chi ha chiesto l'invio non ha più il permesso di inviare newsletter.")
    if not send.page.live:
        return _("La newsletter non è più pubblicata.")
    return blackout_refusal(timezone.now(), override_reason=send.blackout_override_reason)


def start(send_id):
    """Start a scheduled send: freeze its content, write the deliveries, launch the batches.

    Runs again safely after a crash: a send left ``preparing`` is prepared from scratch (the
    preparation is one transaction, so nothing of a half-done one remains).
    """
    send = Send.objects.select_related("page", "requested_by").filter(pk=send_id).first()
    if send is None or send.status not in (Status.SCHEDULED, Status.PREPARING):
        return False
    now = timezone.now()
    if send.status == Status.SCHEDULED and send.scheduled_at and send.scheduled_at > now:
        from ..tasks import start_send

        # Woken early (the task was queued twice, or the clock moved): wait for the time.
        enqueue(start_send, send.pk, run_after=send.scheduled_at)
        return False
    refusal = refusal_at_run_time(send)
    if refusal:
        _transition(
            send,
            [Status.SCHEDULED, Status.PREPARING],
            Status.FAILED,
            status_note=refusal[:300],
            finished_at=now,
        )
        logger.warning("Send %s refused at start: %s", send.pk, refusal)
        return False
    if send.status == Status.SCHEDULED:
        with transaction.atomic():
            token = uuid.uuid4()
            if not _transition(
                send, Status.SCHEDULED, Status.PREPARING, started_at=now, watchdog_token=token
            ):
                return False
            _enqueue_watchdog(send, token)
    prepare(send)
    return True


def freeze_contents(send):
    """Render each language version from its live revision and store it with the send."""
    from ..pages import NewsletterPage

    versions = audience.language_versions(send.page)
    rendered_by_page = {}
    contents = {}
    for code, version in versions.items():
        page = version.page
        if page.pk not in rendered_by_page:
            live = NewsletterPage.objects.get(pk=page.pk)
            revision = live.live_revision
            as_published = revision.as_object() if revision is not None else live
            rendered_by_page[page.pk] = (revision, as_published.render_email())
        revision, rendered = rendered_by_page[page.pk]
        contents[code], _created = SendContent.objects.update_or_create(
            send=send,
            language=code,
            defaults={
                "page_id": page.pk,
                "revision": revision,
                "subject": rendered.subject[:255],
                "preheader": rendered.preheader[:255],
                "html": rendered.html,
                "text": rendered.text,
            },
        )
    return contents


def prepare(send):
    """Freeze the content and write the deliveries in one transaction, then start sending."""
    with transaction.atomic():
        locked = Send.objects.select_for_update().get(pk=send.pk)
        if locked.status != Status.PREPARING:
            return
        if connection.vendor == "postgresql":
            # Losing this commit in a crash only leaves the send "preparing", and the
            # watchdog prepares it again: no need to wait for the disk here. Later commits
            # (every batch's claim) flush the log, this transaction included, before any
            # message leaves.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        contents = freeze_contents(send)
        list_ids = list(send.mailing_lists.values_list("pk", flat=True))
        audience.write_deliveries(send, list_ids, contents)
        audience.skip_suppressed(send)
        total = send.deliveries.exclude(status=Delivery.Status.SKIPPED).count()
        _transition(
            send,
            Status.PREPARING,
            Status.SENDING,
            recipients_total=total,
            heartbeat_at=timezone.now(),
        )
        launch_batches(send)
    logger.info("Send %s prepared: %s recipients", send.pk, total)


def launch_batches(send, count=None):
    from ..tasks import deliver_send

    for _index in range(count or parallel_batches()):
        enqueue(deliver_send, send.pk)


def _enqueue_watchdog(send, token):
    from ..tasks import watch_send

    enqueue(
        watch_send,
        send.pk,
        str(token),
        run_after=timezone.now() + timedelta(seconds=lease_seconds()),
    )


# --- While it runs ---------------------------------------------------------------------------


def pause(send, *, user=None, note=""):
    """Stop handing out new batches; the batches already out finish. True if it paused."""
    note = note or (_("Messo in pausa da %(user)s.") % {"user": user} if user else "")
    return _transition(send, Status.SENDING, Status.PAUSED, status_note=note[:300])


def resume(send, *, user, override_reason=""):
    """Resume a paused send (not inside a blackout window, unless a superuser overrides)."""
    if not can_send(user):
        raise PermissionDenied
    override_reason = (override_reason or "").strip()
    if override_reason and not user.is_superuser:
        raise PermissionDenied
    reason = override_reason or send.blackout_override_reason
    refusal = blackout_refusal(timezone.now(), override_reason=reason)
    if refusal:
        raise SendRefused(refusal)
    token = uuid.uuid4()
    fields = {"status_note": "", "watchdog_token": token, "heartbeat_at": timezone.now()}
    if override_reason:
        fields.update(blackout_override_reason=override_reason, blackout_override_by=user)
    with transaction.atomic():
        if not _transition(send, Status.PAUSED, Status.SENDING, **fields):
            return False
        _enqueue_watchdog(send, token)
        launch_batches(send)
    return True


def cancel(send, *, user):
    """Cancel a scheduled or paused send; what was not handed out yet is never sent."""
    if not can_send(user):
        raise PermissionDenied
    note = _("Annullato da %(user)s.") % {"user": user}
    with transaction.atomic():
        if not _transition(
            send,
            [Status.SCHEDULED, Status.PAUSED],
            Status.CANCELLED,
            status_note=note[:300],
            finished_at=timezone.now(),
        ):
            return False
        send.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED
        )
    return True


def resend_in_doubt(send, *, user):
    """Put the deliveries in doubt back in the queue: a person accepts possible duplicates."""
    if not can_send(user):
        raise PermissionDenied
    with transaction.atomic():
        locked = Send.objects.select_for_update().get(pk=send.pk)
        count = locked.deliveries.filter(status=Delivery.Status.IN_DOUBT).update(
            status=Delivery.Status.PENDING, claim=None, retry_after=None
        )
        if not count:
            return 0
        Send.objects.filter(pk=send.pk).update(
            in_doubt_resent_by=user, in_doubt_resent_at=timezone.now()
        )
        if locked.status == Status.DONE:
            token = uuid.uuid4()
            _transition(
                locked,
                Status.DONE,
                Status.SENDING,
                finished_at=None,
                watchdog_token=token,
                heartbeat_at=timezone.now(),
            )
            _enqueue_watchdog(locked, token)
        if locked.status == Status.SENDING:
            launch_batches(locked)
    send.refresh_from_db()
    return count


def finish_if_complete(send):
    """Mark the send done when no delivery is waiting or being handed off. True if done."""
    if send.deliveries.unfinished().exists():
        return False
    return _transition(send, Status.SENDING, Status.DONE, finished_at=timezone.now())


# --- Crash recovery ----------------------------------------------------------------------------


def recover_abandoned(send, *, now=None):
    """Deal with batches whose worker died: ``(back to pending, now in doubt)``.

    A ``claimed`` row older than the lease never left (the hand-off is recorded before it
    happens), so it goes back to ``pending``. A ``handed_off`` row older than the lease may
    or may not have reached the server: it becomes ``in_doubt``, shown in the admin, and is
    not resent unless a person decides so. A worker that was merely slow still records its
    real outcome over ``in_doubt`` (its claim token still matches).
    """
    cutoff = (now or timezone.now()) - timedelta(seconds=lease_seconds())
    stale = send.deliveries.filter(claimed_at__lt=cutoff)
    returned = stale.filter(status=Delivery.Status.CLAIMED).update(
        status=Delivery.Status.PENDING, claim=None
    )
    doubtful = stale.filter(status=Delivery.Status.HANDED_OFF).update(
        status=Delivery.Status.IN_DOUBT,
        error="worker stopped during the hand-off: fate unknown",
    )
    if returned or doubtful:
        logger.warning(
            "Send %s: %s abandoned deliveries back to pending, %s in doubt",
            send.pk,
            returned,
            doubtful,
        )
    return returned, doubtful


def watch(send_id, token):
    """The watchdog: while a send is active, recover abandoned batches and restart silent
    workers. It queues its own successor first, so a crash here does not end the chain."""
    send = Send.objects.select_related("page", "requested_by").filter(pk=send_id).first()
    if send is None or str(send.watchdog_token) != str(token):
        return False
    if send.status not in (Status.PREPARING, Status.SENDING):
        return False
    _enqueue_watchdog(send, token)
    now = timezone.now()
    silent_since = now - timedelta(seconds=lease_seconds())
    if send.status == Status.PREPARING:
        if send.started_at and send.started_at < silent_since:
            from ..tasks import start_send

            enqueue(start_send, send.pk)
        return True
    recover_abandoned(send, now=now)
    if finish_if_complete(send):
        return True
    if send.heartbeat_at is None or send.heartbeat_at < silent_since:
        logger.warning("Send %s went silent; relaunching its batches", send.pk)
        Send.objects.filter(pk=send.pk).update(heartbeat_at=now)
        launch_batches(send)
    return True
