"""Personal links of a registration: confirm it, cancel it.

Signed with Django's ``TimestampSigner`` (one salt per purpose) and carrying the
registration's id and ``token_key``: no table of tokens, and the links stop working when the
registration is deleted after the event. A confirmation link expires after
``EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS``; a cancel link lasts until the registration is
purged. Every failure is one ``InvalidToken``, so views answer the same whatever went wrong.
"""

from datetime import timedelta

from django.conf import settings

from home.signed_links import MAX_TOKEN_LENGTH, InvalidToken, SignedLinks

from .models import Registration

CONFIRM = "confirm"
CANCEL = "cancel"
# Cancel links live as long as the registration; this only bounds a token's age.
CANCEL_MAX_AGE = timedelta(days=400)
_LINKS = SignedLinks("events.registration", {CONFIRM, CANCEL}, id_field="r")

__all__ = ["CANCEL", "CONFIRM", "MAX_TOKEN_LENGTH", "InvalidToken", "make_token", "read_token"]


def confirmation_max_age():
    return timedelta(hours=int(getattr(settings, "EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS", 48)))


def make_token(registration, purpose):
    return _LINKS.make(registration, purpose)


def read_token(token, purpose):
    """The registration a valid token belongs to, or ``InvalidToken``."""
    max_age = confirmation_max_age() if purpose == CONFIRM else CANCEL_MAX_AGE
    return _LINKS.read(
        token,
        purpose,
        max_age=max_age,
        queryset=Registration.objects.select_related("event"),
    )
