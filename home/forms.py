"""Form pieces shared by the public forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotFormMixin(forms.Form):
    """Adds a field people never see (hidden by CSS, skipped by keyboard and screen readers).

    Bots that fill every field fill it too; ``is_bot()`` then tells the view to answer as if
    all went well while doing nothing.
    """

    website = forms.CharField(
        label=_("Lascia vuoto questo campo"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool((self.data.get(self.add_prefix(HONEYPOT_FIELD)) or "").strip())
