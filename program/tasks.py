"""Background work of the program app."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from django_tasks import task

from home import roles


def notification_recipients(page):
    """The page's notification addresses, else every active member of the editorial team."""
    addresses = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if addresses:
        return addresses
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.EDITORS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


@task()
def notify_new_contribution(submission_id):
    """Tell the editors that a contribution arrived, with a link to read it in the admin.

    The e-mail carries nothing the visitor wrote: answers stay in the admin, where only the
    editorial team can read them and where they are deleted after the retention period.
    """
    from program.models import ContributionSubmission

    submission = (
        ContributionSubmission.objects.select_related("page").filter(pk=submission_id).first()
    )
    if submission is None:  # deleted meanwhile (retention purge, an editor)
        return 0
    page = submission.page.specific
    recipients = notification_recipients(page)
    if not recipients:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = page.subject or _("Nuovo contributo: %(title)s") % {"title": page.title}
        body = _(
            "È arrivato un nuovo contributo al modulo «%(title)s» (%(when)s).\n\n"
            "Per leggerlo accedi all'area riservata:\n%(url)s\n\n"
            "Per tutelare chi scrive, le risposte non sono incluse in questa e-mail."
        ) % {
            "title": page.title,
            "when": date_format(timezone.localtime(submission.submit_time), "j F Y, H:i"),
            "url": url,
        }
    message = EmailMessage(
        subject=" ".join(str(subject).split()),  # no line breaks in a header
        body=body,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    return message.send()


# --- Partner registry ----------------------------------------------------------------------------


@task()
def send_registry_email(organisation_id, kind):
    """Send one e-mail of the partner registry (``kind``: see ``program.registry.emails``).

    Does nothing when the organisation is gone meanwhile (withdrawn, purged) or has no contact.
    """
    from program.models import Organisation
    from program.registry import emails

    if kind not in emails.KINDS:
        raise ValueError(kind)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not organisation.contact_email:
        return 0
    return emails.render(organisation, kind).send()


@task()
def notify_registry_request(organisation_id):
    """Tell the editorial team that a confirmed request to join the registry awaits them.

    Like contribution notices, the e-mail carries nothing the applicant wrote: only a link to
    the request in the admin.
    """
    from program.models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.EDITORS)
        .exclude(email="")
    )
    recipients = sorted(set(users.values_list("email", flat=True)))
    if not recipients:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailsnippets_program_organisation:edit", args=[organisation.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nuova richiesta per l'elenco «Con chi»")
        body = _(
            "Un'organizzazione ha chiesto di entrare nell'elenco «Con chi» e ha confermato il "
            "suo indirizzo e-mail (%(when)s).\n\n"
            "Per leggere la richiesta e approvarla o rifiutarla accedi all'area riservata:\n"
            "%(url)s"
        ) % {
            "when": date_format(timezone.localtime(organisation.email_confirmed_at), "j F Y, H:i"),
            "url": url,
        }
    return EmailMessage(
        subject=str(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    ).send()
