"""The public registration form of an event."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import HoneypotFormMixin

from .models.registrations import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH

CONSENT_WORDING = _(
    "Ho letto l'informativa privacy e acconsento al trattamento del mio nome e del mio "
    "indirizzo e-mail per gestire l'iscrizione a questo evento. I dati sono cancellati "
    "dopo l'evento."
)


class RegistrationForm(HoneypotFormMixin, forms.Form):
    """Name, e-mail and an unticked consent box; the honeypot catches bots."""

    name = forms.CharField(
        label=_("Nome e cognome"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Scrivi il tuo nome.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Scrivi il tuo indirizzo e-mail."),
            "invalid": _("L'indirizzo e-mail non è valido."),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        required=True,
        error_messages={"required": _("Per iscriverti serve il tuo consenso.")},
    )

    field_order = ["name", "email", "consent", "website"]
