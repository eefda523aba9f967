"""The only code that changes an organisation's place in the registry.

Views, admin views and commands call these functions; e-mails are sent by tasks enqueued after
the transaction commits, so a rolled-back change never mails anyone.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.log_actions import log

from program.models.registry import (
    Organisation,
    OrganisationStatus,
    listing_days,
    new_token_key,
)

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The organisation is not in a state that allows this change."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _enqueue_email(organisation, kind):
    from program.tasks import send_registry_email

    organisation_id = organisation.pk
    transaction.on_commit(lambda: send_registry_email.enqueue(organisation_id, kind))


# --- The public request ------------------------------------------------------------------------


@transaction.atomic
def request_listing(data, *, lenses=(), consents, language):
    """Store a request from the public form (unconfirmed) and mail the confirmation link.

    ``data`` holds the model's fields; ``consents`` the ``LegalTextVersion`` rows of what the
    applicant agreed to (``publication``, ``contact`` or ``None``, ``privacy``, ``notice``).
    """
    organisation = Organisation(
        **data,
        status=OrganisationStatus.UNCONFIRMED,
        requested_at=timezone.now(),
        language=language,
        publication_consent=consents["publication"],
        contact_consent=consents.get("contact"),
        publish_contact=consents.get("contact") is not None,
        privacy_consent=consents["privacy"],
        privacy_notice=consents.get("notice"),
    )
    organisation.save()
    organisation.lenses.set(lenses)
    _enqueue_email(organisation, "confirm_request")
    return organisation


@transaction.atomic
def confirm_request(organisation):
    """The applicant proved the address: the request reaches the moderation queue.

    Confirming twice changes nothing; the editorial team is told once.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != OrganisationStatus.UNCONFIRMED:
        return organisation, False
    organisation.status = OrganisationStatus.PENDING
    organisation.email_confirmed_at = timezone.now()
    organisation.save(update_fields=["status", "email_confirmed_at", "updated_at"])
    from program.tasks import notify_registry_request

    organisation_id = organisation.pk
    transaction.on_commit(lambda: notify_registry_request.enqueue(organisation_id))
    return organisation, True


# --- Moderation --------------------------------------------------------------------------------


def _log(organisation, action, user, **data):
    # Logged in the default language, whatever the editor's interface language.
    with override(None):
        log(organisation, action, user=user, data=data or None)


@transaction.atomic
def approve(organisation, *, user=None, until=None, today=None):
    """List the organisation until ``until`` (a year from today by default) and tell them."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == OrganisationStatus.UNCONFIRMED:
        raise NotAllowed(_("La richiesta non è ancora confermata da chi l'ha inviata."))
    today = today or timezone.localdate()
    until = until or today + datetime.timedelta(days=listing_days())
    if until < today:
        raise NotAllowed(_("La data di scadenza non può essere nel passato."))
    now = timezone.now()
    organisation.status = OrganisationStatus.APPROVED
    organisation.approved_at = organisation.approved_at or now
    organisation.approved_until = until
    organisation.decided_at = now
    organisation.rejection_reason = ""
    organisation.save()
    _log(organisation, "program.registry.approve", user, until=until.isoformat())
    if organisation.contact_email:
        _enqueue_email(organisation, "approved")
    return organisation


@transaction.atomic
def reject(organisation, *, reason, user=None):
    """Refuse the request with a reason, which the applicant receives by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed(_("Scrivi il motivo: lo riceverà chi ha fatto la richiesta."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == OrganisationStatus.UNCONFIRMED:
        raise NotAllowed(_("La richiesta non è ancora confermata da chi l'ha inviata."))
    organisation.status = OrganisationStatus.REJECTED
    organisation.decided_at = timezone.now()
    organisation.rejection_reason = reason
    organisation.approved_until = None
    organisation.save()
    _log(organisation, "program.registry.reject", user)
    if organisation.contact_email:
        _enqueue_email(organisation, "rejected")
    return organisation


# --- Renewal and withdrawal (the organisation's personal link) ---------------------------------


@transaction.atomic
def renew(organisation, *, today=None):
    """Another year in the registry, counted from the current expiry (or today, if later)."""
    today = today or timezone.localdate()
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.can_renew(today):
        raise NotAllowed(_("Il rinnovo ora non è possibile."))
    start = max(organisation.approved_until, today)
    organisation.approved_until = start + datetime.timedelta(days=listing_days())
    organisation.status = OrganisationStatus.APPROVED
    organisation.save(update_fields=["approved_until", "status", "updated_at"])
    _log(
        organisation, "program.registry.renew", None, until=organisation.approved_until.isoformat()
    )
    return organisation


@transaction.atomic
def withdraw(organisation):
    """The organisation leaves the registry: it and every translation of it are deleted.

    Events and processes that named it keep their free-text partners; the link disappears.
    """
    Organisation.objects.filter(translation_key=organisation.translation_key).delete()


# --- Daily maintenance -------------------------------------------------------------------------


def send_due_reminders(today=None):
    """Mail the renewal reminder to every listing about to run out (once per expiry date)."""
    today = today or timezone.localdate()
    sent = 0
    for organisation_id in Organisation.objects.due_for_reminder(today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            organisation = (
                Organisation.objects.select_for_update().filter(pk=organisation_id).first()
            )
            if organisation is None or organisation.reminder_sent_for == (
                organisation.approved_until
            ):
                continue  # another run claimed it meanwhile
            organisation.reminder_sent_for = organisation.approved_until
            organisation.save(update_fields=["reminder_sent_for"])
            _enqueue_email(organisation, "reminder")
            sent += 1
    return sent


def mark_lapsed(today=None):
    """Record as expired the listings that ran out (the directory already leaves them out)."""
    return Organisation.objects.lapsed(today).update(
        status=OrganisationStatus.EXPIRED, updated_at=timezone.now()
    )


def purge(*, rejected_days=None, lapsed_days=None, now=None, dry_run=False):
    """Data minimisation. Returns ``{what: count}``.

    - unconfirmed requests whose link expired: deleted;
    - rejected requests older than ``rejected_days``: deleted, with their personal data;
    - listings that ran out ``lapsed_days`` ago: private contact and notes cleared (the public
      card stays, so past events and processes still name the organisation).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    unconfirmed = Organisation.objects.unconfirmed_expired(now)
    rejected = Organisation.objects.rejected_expired(rejected_days, now)
    lapsed = Organisation.objects.lapsed_with_private_data(lapsed_days, today)
    counts = {
        "unconfirmed": unconfirmed.count(),
        "rejected": rejected.count(),
        "lapsed": lapsed.count(),
    }
    if dry_run:
        return counts
    with transaction.atomic():
        keys = list(unconfirmed.values_list("translation_key", flat=True)) + list(
            rejected.values_list("translation_key", flat=True)
        )
        Organisation.objects.filter(translation_key__in=keys).delete()
        lapsed.update(
            contact_name="",
            contact_email="",
            contact_phone="",
            editor_notes="",
            token_key=new_token_key(),
            updated_at=now,
        )
    return counts
