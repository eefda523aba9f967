"""The e-mails of event registration, in the registered person's language.

Every message is built from the same parts (a heading, a few sentences, the event's details,
a main button, other links) and rendered twice, as plain text and HTML, from two shared
templates. Nothing the visitor typed goes into a message, not even the name: the form cannot
be used to send strangers text of one's choosing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Site

from . import calendar, tokens
from .templatetags.events_tags import event_when

KINDS = (
    "confirm_request",
    "confirmed",
    "waiting",
    "refused",
    "promoted",
    "already_registered",
    "reminder",
    "schedule_changed",
)


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def confirm_url(registration):
    token = tokens.make_token(registration, tokens.CONFIRM)
    return base_url() + reverse("events:confirm", kwargs={"token": token})


def cancel_url(registration):
    token = tokens.make_token(registration, tokens.CANCEL)
    return base_url() + reverse("events:cancel", kwargs={"token": token})


@dataclass
class Message:
    subject: str
    heading: str
    paragraphs: list = field(default_factory=list)
    details: list = field(default_factory=list)  # (label, value)
    streams: list = field(default_factory=list)  # (label, url)
    action: tuple | None = None  # (label, url)
    links: list = field(default_factory=list)  # (label, url)
    closing: list = field(default_factory=list)
    attach_ics: bool = False


def event_details(event):
    details = [(_("Quando"), event_when(event))]
    if event.is_in_person:
        if event.venue is not None:
            place = event.venue.name
            if event.venue.full_address:
                place += f", {event.venue.full_address}"
            if event.venue_note:
                place += f" ({event.venue_note})"
            details.append((_("Dove"), place))
        else:
            details.append((_("Dove"), _("luogo da definire")))
    if event.is_online:
        details.append((_("Online"), _("diretta streaming")))
    url = event.get_full_url()
    if url:
        details.append((_("Pagina dell'evento"), url))
    return details


def _streams(event):
    if not event.is_online or event.is_cancelled:
        return []
    return [(link.display_label, link.url) for link in event.stream_link_list]


def _stream_paragraph(event, streams):
    if event.is_online and not event.is_cancelled and not streams:
        return [_("Il collegamento alla diretta sarà sulla pagina dell'evento prima dell'inizio.")]
    return []


def build(registration, kind):
    """The ``Message`` of ``kind`` for ``registration`` (in the active language)."""
    event = registration.event
    title = event.title
    details = event_details(event)
    streams = _streams(event)
    cancel = (_("Annulla l'iscrizione"), cancel_url(registration))
    if kind == "confirm_request":
        hours = int(tokens.confirmation_max_age().total_seconds() // 3600)
        return Message(
            subject=_("Conferma l'iscrizione: %(title)s") % {"title": title},
            heading=_("Conferma la tua iscrizione"),
            paragraphs=[
                _(
                    "Abbiamo ricevuto una richiesta di iscrizione a «%(title)s» con questo "
                    "indirizzo e-mail."
                )
                % {"title": title},
                _(
                    "Per confermarla apri il link qui sotto e premi il pulsante: il link vale "
                    "%(hours)d ore."
                )
                % {"hours": hours},
            ],
            details=details,
            action=(_("Conferma l'iscrizione"), confirm_url(registration)),
            closing=[
                _(
                    "Se non l'hai chiesta tu, ignora questo messaggio: senza conferma "
                    "l'iscrizione viene cancellata."
                )
            ],
        )
    if kind in ("confirmed", "promoted"):
        first = (
            _("Si è liberato un posto: la tua iscrizione a «%(title)s» è confermata.")
            if kind == "promoted"
            else _("La tua iscrizione a «%(title)s» è confermata.")
        ) % {"title": title}
        return Message(
            subject=(
                _("Si è liberato un posto: %(title)s")
                if kind == "promoted"
                else _("Iscrizione confermata: %(title)s")
            )
            % {"title": title},
            heading=_("Ci vediamo!"),
            paragraphs=[first, *_stream_paragraph(event, streams)],
            details=details,
            streams=streams,
            links=[cancel],
            closing=[
                _("Trovi l'evento anche nel file allegato, da aprire con il tuo calendario."),
                _(
                    "Se non puoi più partecipare, annulla l'iscrizione: il posto andrà a "
                    "qualcun altro."
                ),
            ],
            attach_ics=True,
        )
    if kind == "waiting":
        return Message(
            subject=_("Sei in lista d'attesa: %(title)s") % {"title": title},
            heading=_("Sei in lista d'attesa"),
            paragraphs=[
                _("I posti per «%(title)s» sono esauriti e la tua iscrizione è in lista d'attesa.")
                % {"title": title},
                _(
                    "Se qualcuno rinuncia, il posto va alla prima persona in lista e ti "
                    "scriviamo subito."
                ),
            ],
            details=details,
            links=[(_("Esci dalla lista d'attesa"), cancel[1])],
        )
    if kind == "refused":
        return Message(
            subject=_("Posti esauriti: %(title)s") % {"title": title},
            heading=_("I posti sono esauriti"),
            paragraphs=[
                _(
                    "Ci dispiace: mentre confermavi, gli ultimi posti per «%(title)s» sono "
                    "stati presi e l'evento non ha una lista d'attesa."
                )
                % {"title": title},
            ],
            details=details,
        )
    if kind == "already_registered":
        if registration.status == registration.Status.WAITING:
            state = _("Sei in lista d'attesa per «%(title)s».") % {"title": title}
        else:
            state = _("Sei già iscritto o iscritta a «%(title)s».") % {"title": title}
        confirmed = registration.status == registration.Status.CONFIRMED
        return Message(
            subject=_("La tua iscrizione: %(title)s") % {"title": title},
            heading=_("La tua iscrizione"),
            paragraphs=[
                _("Abbiamo ricevuto una nuova richiesta di iscrizione con questo indirizzo."),
                state,
            ],
            details=details,
            streams=streams if confirmed else [],
            links=[cancel],
            attach_ics=confirmed,
        )
    if kind == "reminder":
        return Message(
            subject=_("Promemoria: %(title)s, %(when)s")
            % {"title": title, "when": event_when(event)},
            heading=_("Ci vediamo presto"),
            paragraphs=[
                _("Ti ricordiamo che sei iscritto o iscritta a «%(title)s».") % {"title": title},
                *_stream_paragraph(event, streams),
            ],
            details=details,
            streams=streams,
            links=[cancel],
            closing=[
                _(
                    "Se non puoi più partecipare, annulla l'iscrizione: il posto andrà a "
                    "qualcun altro."
                )
            ],
            attach_ics=True,
        )
    if kind == "schedule_changed":
        if event.is_cancelled:
            paragraphs = [_("L'evento «%(title)s» è stato annullato.") % {"title": title}]
            if event.status_note:
                paragraphs.append(event.status_note)
            paragraphs.append(_("Non devi fare nulla: la tua iscrizione non vale più."))
            return Message(
                subject=_("Evento annullato: %(title)s") % {"title": title},
                heading=_("L'evento è annullato"),
                paragraphs=paragraphs,
                details=details,
                closing=[_("Il file allegato toglie l'evento dal tuo calendario.")],
                attach_ics=True,
            )
        paragraphs = [
            _(
                "Sono cambiati data, orario, luogo o modalità di «%(title)s». Ecco i dettagli "
                "aggiornati."
            )
            % {"title": title}
        ]
        if event.status_note:
            paragraphs.append(event.status_note)
        return Message(
            subject=_("Cambiamento: %(title)s") % {"title": title},
            heading=_("L'evento è cambiato"),
            paragraphs=[*paragraphs, *_stream_paragraph(event, streams)],
            details=details,
            streams=streams,
            links=[cancel],
            closing=[
                _("Il file allegato aggiorna l'evento nel tuo calendario."),
                _("Se con i nuovi dettagli non puoi partecipare, annulla l'iscrizione."),
            ],
            attach_ics=True,
        )
    raise ValueError(kind)


def _site_settings():
    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site is not None else None


def render(registration, kind):
    """An ``EmailMultiAlternatives`` ready to send, in the registration's language."""
    with translation.override(registration.language), timezone.override(settings.TIME_ZONE):
        message = build(registration, kind)
        site_settings = _site_settings()
        context = {
            "message": message,
            "organisation": (site_settings.organisation_name if site_settings else "")
            or settings.WAGTAIL_SITE_NAME,
        }
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
        ics = calendar.event_ics(registration.event) if message.attach_ics else None
    contact = site_settings.contact_email if site_settings else ""
    reply_to = [contact] if contact else None
    email = EmailMultiAlternatives(
        subject=" ".join(message.subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=reply_to,
    )
    email.attach_alternative(html, "text/html")
    if ics is not None:
        email.attach(
            calendar.ics_filename(registration.event),
            ics,
            "text/calendar; method=PUBLISH; charset=utf-8",
        )
    return email
