"""The consent wording shown next to the newsletter's checkboxes, and its stored versions.

The checkbox names the privacy notice the visitor can read (the site's live privacy page, with
the date of its published version). When a form is sent, the exact wording shown and the
privacy notice are stored once per distinct text (``home.legal.LegalTextVersion``) and every
consent event points at them, so that what a person agreed to can be shown years later.

The wording is built from the privacy page already loaded with the site settings: showing the
form costs no query.
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from home.legal import LegalTextVersion


@dataclass(frozen=True)
class ConsentWording:
    """What one checkbox says: its label, the sentence under it and the notice it names."""

    label: str
    help_text: str
    privacy_page: object = None
    privacy_revision_id: int | None = None

    @property
    def text(self):
        """The full wording as stored with the consent events."""
        return f"{self.label}\n{self.help_text}".strip()


def privacy_page(site_settings):
    """The site's live privacy page in the active language (the Italian one when it is not
    translated), or ``None`` when none is set."""
    if site_settings is None or getattr(site_settings, "privacy_page", None) is None:
        return None
    return site_settings.localized_privacy_page


def organisation_name(site_settings):
    return getattr(site_settings, "organisation_name", "") or "Piazza"


def _notice_sentence(page):
    if page is None:
        return ""
    published = page.last_published_at or page.first_published_at
    if published is None:
        return _("Leggi l'informativa privacy.")
    date = formats.date_format(timezone.localtime(published), "j F Y")
    return _("Leggi l'informativa privacy (versione del %(date)s).") % {"date": date}


def subscribe_wording(site_settings):
    """The consent checkbox of the subscribe form, in the active language."""
    page = privacy_page(site_settings)
    label = _(
        "Acconsento a ricevere per e-mail le liste che ho scelto da %(organisation)s e al "
        "trattamento del mio indirizzo per questo scopo."
    ) % {"organisation": organisation_name(site_settings)}
    help_text = " ".join(
        part
        for part in (
            _(
                "L'iscrizione può rivelare un tuo orientamento politico: per questo chiediamo il "
                "tuo consenso esplicito. Puoi revocarlo quando vuoi con il collegamento presente "
                "in ogni e-mail."
            ),
            _notice_sentence(page),
        )
        if part
    )
    return ConsentWording(label, help_text, page, getattr(page, "live_revision_id", None))


def preferences_wording(site_settings):
    """The consent checkbox of the preference centre, asked when lists are added."""
    page = privacy_page(site_settings)
    label = _(
        "Acconsento a ricevere per e-mail anche le liste che ho aggiunto, da %(organisation)s."
    ) % {"organisation": organisation_name(site_settings)}
    help_text = " ".join(
        part
        for part in (
            _("Serve solo se aggiungi una lista. Puoi revocare il consenso quando vuoi."),
            _notice_sentence(page),
        )
        if part
    )
    return ConsentWording(label, help_text, page, getattr(page, "live_revision_id", None))


def confirmation_wording(site_settings):
    """What the confirmation page says the button means."""
    page = privacy_page(site_settings)
    label = _(
        "Premendo «Confermo l'iscrizione» confermi il consenso che hai dato nel modulo: "
        "ricevere per e-mail le liste indicate da %(organisation)s."
    ) % {"organisation": organisation_name(site_settings)}
    return ConsentWording(
        label, _notice_sentence(page), page, getattr(page, "live_revision_id", None)
    )


def stored_versions(site, wording):
    """``(consent text, privacy notice)`` as stored ``LegalTextVersion`` rows, for the log."""
    consent = LegalTextVersion.objects.consent(wording.text)
    notice = LegalTextVersion.objects.current_privacy_notice(site)
    return consent, notice
