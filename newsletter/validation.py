"""Checks of what people type into the newsletter's forms and imports.

Shared by the public forms, the CSV import and the services, so that an address is judged
the same way wherever it comes from. Every error is a ``ValidationError`` with a message for
people, in Italian through gettext.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, normalise_email


def has_control_characters(value):
    """True if ``value`` holds line breaks, NUL or other control characters.

    Such characters have no place in an address or a name, and in an e-mail header they could
    add lines (header injection).
    """
    return any(unicodedata.category(char) == "Cc" for char in value or "")


def clean_email(value):
    """The normalised address, or ``ValidationError`` with a message for people."""
    value = normalise_email(value)
    if not value:
        raise ValidationError(_("Scrivi il tuo indirizzo e-mail."), code="required")
    if len(value) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("L'indirizzo e-mail è troppo lungo: al massimo %(max)d caratteri."),
            code="max_length",
            params={"max": EMAIL_MAX_LENGTH},
        )
    if has_control_characters(value):
        raise ValidationError(
            _("L'indirizzo e-mail non può contenere a capo o caratteri di controllo."),
            code="control_characters",
        )
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("L'indirizzo e-mail non è valido: controlla che sia scritto come nome@esempio.it."),
            code="invalid",
        ) from None
    return value


def clean_name(value):
    """The name with blanks collapsed; line breaks and over-long names are refused."""
    value = value or ""
    if has_control_characters(value.strip()):
        raise ValidationError(
            _("Il nome non può contenere a capo o caratteri di controllo."),
            code="control_characters",
        )
    value = " ".join(value.split())
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Il nome è troppo lungo: al massimo %(max)d caratteri."),
            code="max_length",
            params={"max": NAME_MAX_LENGTH},
        )
    return value


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def clean_language(value):
    """A site language code; anything else becomes the default language."""
    return value if value in language_codes() else settings.LANGUAGE_CODE
