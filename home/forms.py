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


# A database integer key fits in 64 bits; a bigger "id" typed into a form would make SQLite
# raise OverflowError and PostgreSQL a data error (a 500) instead of "not one of the choices".
_KEY_RANGE = range(-(2**63), 2**63)


def _outside_key_range(value):
    try:
        return int(str(value).strip()) not in _KEY_RANGE
    except ValueError:
        return False  # not a number at all: Django's own checks refuse it


class BoundedModelChoiceField(forms.ModelChoiceField):
    """``ModelChoiceField`` that refuses ids no database row can have as a normal error."""

    def to_python(self, value):
        if value not in self.empty_values and _outside_key_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` that refuses ids no database row can have as a normal error."""

    def _check_values(self, value):
        for pk in value:
            if _outside_key_range(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
