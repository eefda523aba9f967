"""Personal links of the partner registry: confirm a request, and manage a listing.

Signed with Django's ``TimestampSigner`` (one salt per purpose), carrying the organisation's id
and ``token_key``: no table of tokens, and every link stops working when the organisation is
deleted or its key changes. A confirmation link lasts
``PROGRAM_REGISTRY_CONFIRMATION_MAX_AGE_HOURS``; a manage link (renew, or leave the registry)
lasts a listing's year plus the renewal grace period. Every failure is one ``InvalidToken``, so
views answer the same whatever went wrong.
"""

import datetime
import secrets

from django.core import signing

from program.models.registry import (
    Organisation,
    confirmation_max_age,
    listing_days,
    renewal_grace_days,
)

CONFIRM = "confirm"
MANAGE = "manage"
_PURPOSES = {CONFIRM, MANAGE}
MAX_TOKEN_LENGTH = 200


class InvalidToken(Exception):
    """A link that is tampered with, expired or no longer matches an organisation."""


def max_age(purpose):
    if purpose == CONFIRM:
        return confirmation_max_age()
    return datetime.timedelta(days=listing_days() + renewal_grace_days() + 31)


def _signer(purpose):
    if purpose not in _PURPOSES:
        raise ValueError(purpose)
    return signing.TimestampSigner(salt=f"program.registry.{purpose}")


def make_token(organisation, purpose):
    return _signer(purpose).sign_object(
        {"o": organisation.pk, "k": organisation.token_key}, compress=True
    )


def read_token(token, purpose):
    """The organisation a valid token belongs to, or ``InvalidToken``."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken
    try:
        payload = _signer(purpose).unsign_object(token, max_age=max_age(purpose).total_seconds())
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if not isinstance(payload, dict):
        raise InvalidToken
    organisation_id, key = payload.get("o"), payload.get("k")
    if not isinstance(organisation_id, int) or not isinstance(key, str):
        raise InvalidToken
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not secrets.compare_digest(organisation.token_key, key):
        raise InvalidToken
    return organisation
