"""Personal links of a registration: confirm it, cancel it.

Signed with Django's ``TimestampSigner`` (one salt per purpose) and carrying the
registration's id and ``token_key``: no table of tokens, and the links stop working when the
registration is deleted after the event. A confirmation link expires after
``EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS``; a cancel link lasts until the registration is
purged. Every failure is one ``InvalidToken``, so views answer the same whatever went wrong.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing

from .models import Registration

CONFIRM = "confirm"
CANCEL = "cancel"
_PURPOSES = {CONFIRM, CANCEL}
MAX_TOKEN_LENGTH = 200
# Cancel links live as long as the registration; this only bounds a token's age.
CANCEL_MAX_AGE = timedelta(days=400)


class InvalidToken(Exception):
    """A link that is tampered with, expired or no longer matches a registration."""


def confirmation_max_age():
    return timedelta(hours=int(getattr(settings, "EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS", 48)))


def _signer(purpose):
    if purpose not in _PURPOSES:
        raise ValueError(purpose)
    return signing.TimestampSigner(salt=f"events.registration.{purpose}")


def make_token(registration, purpose):
    return _signer(purpose).sign_object(
        {"r": registration.pk, "k": registration.token_key}, compress=True
    )


def read_token(token, purpose):
    """The registration a valid token belongs to, or ``InvalidToken``."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken
    max_age = confirmation_max_age() if purpose == CONFIRM else CANCEL_MAX_AGE
    try:
        payload = _signer(purpose).unsign_object(token, max_age=max_age.total_seconds())
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if not isinstance(payload, dict):
        raise InvalidToken
    registration_id, key = payload.get("r"), payload.get("k")
    if not isinstance(registration_id, int) or not isinstance(key, str):
        raise InvalidToken
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not secrets.compare_digest(registration.token_key, key):
        raise InvalidToken
    return registration
