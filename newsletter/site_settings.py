"""Who newsletters come from, and where test sends go: editable per site in the admin."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    """Sender, reply-to address and test recipients of the newsletter."""

    from_name = models.CharField(
        _("Nome del mittente"),
        max_length=100,
        blank=True,
        help_text=_("Lascia vuoto per usare il nome dell'organizzazione."),
    )
    from_email = models.EmailField(
        _("Indirizzo del mittente"),
        blank=True,
        help_text=_(
            "Un indirizzo del vostro dominio, autenticato con SPF, DKIM e DMARC. "
            "Lascia vuoto per usare il mittente predefinito del sito."
        ),
    )
    reply_to = models.EmailField(
        _("Rispondi a"),
        blank=True,
        help_text=_("Dove arrivano le risposte alla newsletter; vuoto: l'e-mail di contatto."),
    )
    test_recipients = models.TextField(
        _("Indirizzi per gli invii di prova"),
        blank=True,
        help_text=_("Uno per riga. Ricevono ogni invio di prova, oltre a chi lo chiede."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("from_name"), FieldPanel("from_email"), FieldPanel("reply_to")],
            heading=_("Mittente"),
        ),
        FieldPanel("test_recipients"),
    ]

    class Meta:
        verbose_name = _("Impostazioni della newsletter")

    def clean(self):
        super().clean()
        bad = []
        for address in self.test_recipient_list():
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(
                {"test_recipients": _("Indirizzi non validi: %(list)s") % {"list": ", ".join(bad)}}
            )

    def test_recipient_list(self):
        return [line.strip() for line in re.split(r"[\n,;]+", self.test_recipients) if line.strip()]
