"""The e-mails of the partner registry, in the language the request was made in.

The confirmation e-mail goes to an address nobody has verified yet, so it carries nothing the
visitor typed, not even the organisation's name: the form cannot be used to send strangers text
of one's choosing. Later e-mails (approval, rejection, renewal reminder) follow a decision of the
editorial team and may name the organisation.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Site

from program.models.registry import renewal_grace_days

from . import tokens

KINDS = ("confirm_request", "approved", "rejected", "reminder")


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def confirm_url(organisation):
    token = tokens.make_token(organisation, tokens.CONFIRM)
    return base_url() + reverse("program:registry_confirm", kwargs={"token": token})


def manage_url(organisation):
    token = tokens.make_token(organisation, tokens.MANAGE)
    return base_url() + reverse("program:registry_manage", kwargs={"token": token})


@dataclass
class Message:
    subject: str
    paragraphs: list = field(default_factory=list)
    action: tuple | None = None  # (label, url)
    closing: list = field(default_factory=list)


def _date(day):
    return formats.date_format(day, "j F Y")


def _site_settings():
    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site is not None else None


def build(organisation, kind):
    """The ``Message`` of ``kind`` for ``organisation`` (in the active language)."""
    from .links import organisation_full_url

    if kind == "confirm_request":
        hours = int(tokens.max_age(tokens.CONFIRM).total_seconds() // 3600)
        return Message(
            subject=_("Conferma la richiesta di inserimento nell'elenco «Con chi»"),
            paragraphs=[
                _(
                    "Abbiamo ricevuto, con questo indirizzo e-mail, la richiesta di inserire "
                    "un'organizzazione nel nostro elenco delle realtà con cui collaboriamo."
                ),
                _(
                    "Per inoltrarla alla redazione apri il collegamento qui sotto e premi il "
                    "pulsante: il collegamento vale %(hours)d ore."
                )
                % {"hours": hours},
            ],
            action=(_("Conferma la richiesta"), confirm_url(organisation)),
            closing=[
                _(
                    "Se non l'hai chiesto tu, ignora questo messaggio: senza conferma la "
                    "richiesta e i dati che contiene vengono cancellati."
                )
            ],
        )
    if kind == "approved":
        paragraphs = [
            _("«%(name)s» è ora nell'elenco delle realtà con cui collaboriamo.")
            % {"name": organisation.name},
            _(
                "L'inserimento vale fino al %(date)s. Un mese prima ti scriveremo per "
                "rinnovarlo: basterà un clic."
            )
            % {"date": _date(organisation.approved_until)},
        ]
        page = organisation_full_url(organisation)
        if page:
            paragraphs.append(_("La sua pagina: %(url)s") % {"url": page})
        return Message(
            subject=_("«%(name)s» è nell'elenco «Con chi»") % {"name": organisation.name},
            paragraphs=paragraphs,
            action=(_("Rinnova o togli l'organizzazione dall'elenco"), manage_url(organisation)),
            closing=[
                _(
                    "Per correggere i dati pubblicati rispondi a questo messaggio o scrivi alla "
                    "redazione."
                )
            ],
        )
    if kind == "rejected":
        paragraphs = [
            _(
                "Abbiamo letto la richiesta di inserire «%(name)s» nel nostro elenco delle "
                "realtà con cui collaboriamo e per ora non possiamo accoglierla."
            )
            % {"name": organisation.name},
        ]
        if organisation.rejection_reason.strip():
            paragraphs.append(
                _("Il motivo: %(reason)s") % {"reason": organisation.rejection_reason.strip()}
            )
        return Message(
            subject=_("La richiesta per «%(name)s»") % {"name": organisation.name},
            paragraphs=paragraphs,
            closing=[
                _(
                    "I dati della richiesta vengono cancellati tra qualche settimana. Per "
                    "parlarne rispondi a questo messaggio."
                )
            ],
        )
    if kind == "reminder":
        return Message(
            subject=_("Rinnova la presenza di «%(name)s» nell'elenco «Con chi»")
            % {"name": organisation.name},
            paragraphs=[
                _(
                    "L'inserimento di «%(name)s» nel nostro elenco delle realtà con cui "
                    "collaboriamo scade il %(date)s."
                )
                % {"name": organisation.name, "date": _date(organisation.approved_until)},
                _(
                    "Per restare nell'elenco un altro anno apri il collegamento qui sotto e premi "
                    "il pulsante. Puoi farlo anche fino a %(days)d giorni dopo la scadenza; "
                    "nel frattempo l'organizzazione non compare."
                )
                % {"days": renewal_grace_days()},
            ],
            action=(_("Rinnova l'inserimento"), manage_url(organisation)),
            closing=[_("Dalla stessa pagina puoi anche chiedere di uscire dall'elenco.")],
        )
    raise ValueError(kind)


def render(organisation, kind):
    """An ``EmailMessage`` ready to send to the organisation's contact, in its language."""
    with translation.override(organisation.language), timezone.override(settings.TIME_ZONE):
        message = build(organisation, kind)
        site_settings = _site_settings()
        signature = (site_settings.organisation_name if site_settings else "") or str(
            settings.WAGTAIL_SITE_NAME
        )
        parts = list(message.paragraphs)
        if message.action:
            parts.append(f"{message.action[0]}:\n{message.action[1]}")
        parts.extend(message.closing)
        body = "\n\n".join(parts) + f"\n\n-- \n{signature}\n"
    contact = site_settings.contact_email if site_settings else ""
    return EmailMessage(
        subject=" ".join(message.subject.split()),  # no line breaks in a header
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[organisation.contact_email],
        reply_to=[contact] if contact else None,
    )
