"""Personal links of the partner registry: confirm a request, and manage a listing.

Signed with Django's ``TimestampSigner`` (one salt per purpose), carrying the organisation's id
and ``token_key``: no table of tokens, and every link stops working when the organisation is
deleted or its key changes. A confirmation link lasts
``PROGRAM_REGISTRY_CONFIRMATION_MAX_AGE_HOURS``; a manage link (renew, or leave the registry)
lasts a listing's year plus the renewal grace period. Every failure is one ``InvalidToken``, so
views answer the same whatever went wrong.
"""

import datetime

from home.signed_links import MAX_TOKEN_LENGTH, InvalidToken, SignedLinks
from program.models.registry import (
    Organisation,
    confirmation_max_age,
    listing_days,
    renewal_grace_days,
)

CONFIRM = "confirm"
MANAGE = "manage"
_LINKS = SignedLinks("program.registry", {CONFIRM, MANAGE}, id_field="o")

__all__ = ["CONFIRM", "MANAGE", "MAX_TOKEN_LENGTH", "InvalidToken", "make_token", "read_token"]


def max_age(purpose):
    if purpose == CONFIRM:
        return confirmation_max_age()
    return datetime.timedelta(days=listing_days() + renewal_grace_days() + 31)


def make_token(organisation, purpose):
    return _LINKS.make(organisation, purpose)


def read_token(token, purpose):
    """The organisation a valid token belongs to, or ``InvalidToken``."""
    return _LINKS.read(
        token, purpose, max_age=max_age(purpose), queryset=Organisation.objects.all()
    )
