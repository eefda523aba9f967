"""Access, erasure and expiry of subscriber data (GDPR art. 15, 17, 20 and 5(1)(e)).

Part of the services' API: ``services.export_data``, ``services.erase`` and
``services.purge_unconfirmed`` are these functions.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import erasure_log
from .evidence import Evidence
from .models import ConsentEvent, Subscriber, Subscription, Suppression, keyed_email_hash

Action = ConsentEvent.Action


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
        "exported_at": iso(timezone.now()),
        "subscriber": {
            "email": subscriber.email,
            "name": subscriber.name,
            "language": subscriber.language,
            "created_at": iso(subscriber.created_at),
            "updated_at": iso(subscriber.updated_at),
            "lenses": [lens.name for lens in subscriber.lenses.all()],
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


def forget_admin_history(subscriber_ids):
    """Remove addresses from the admin's audit log of these subscribers (part of erasure).

    Wagtail labels its log entries with the object's name, which for a subscriber is the
    address; the entries stay (who did what, when) under a neutral label.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Value
    from django.db.models.functions import Concat

    from wagtail.models import ModelLogEntry

    ids = [str(pk) for pk in subscriber_ids]
    if ids:
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Subscriber), object_id__in=ids
        ).update(label=Concat(Value("#"), "object_id"), data={})


def erase(subscriber, *, evidence):
    """Erase a subscriber (GDPR art. 17): personal data gone, the address suppressed.

    The subscriber and subscriptions are deleted; consent events stay as anonymous records
    (detached, without client data) followed by one "erased" event; the admin's audit log
    keeps its entries without the address; only the keyed hash of the address is kept, in the
    suppression list, so it is never mailed again. The hash is also appended to the erasure
    list outside the database (``erasure_log``), which ``manage.py reapply_erasures`` applies
    again after a backup is restored.
    """
    # Kept outside the database first, so that restoring an older backup cannot bring the
    # person back (erasure_log.reapply after a restore).
    erasure_log.record(keyed_email_hash(subscriber.email))
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        Suppression.add(subscriber.email, Suppression.Reason.ERASED)
        subscriber.consent_events.all().anonymise()
        evidence.ip_address = None
        evidence.user_agent = ""
        evidence.event(Action.ERASED).save()
        forget_admin_history([subscriber.pk])
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
        forget_admin_history(orphans.values_list("pk", flat=True))
        orphans.delete()
    return removed


def prune_subscription_requests():
    """Remove finished subscribe-form tasks from the database task queue; returns how many.

    Those tasks carry what the visitor typed (address and name) as arguments, and the
    database backend keeps finished tasks until pruned. Other backends keep nothing: 0.
    """
    from .tasks import handle_subscription_request

    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a dependency of the project
        return 0
    backend = handle_subscription_request.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    deleted, _detail = (
        DBTaskResult.objects.finished()
        .filter(backend_name=backend.alias, task_path=handle_subscription_request.module_path)
        .delete()
    )
    return deleted
