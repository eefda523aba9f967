"""Personal links signed with Django's ``TimestampSigner``: no table of tokens.

A token carries the id of a row and that row's random ``token_key``, signed with one salt per
app and purpose, so a link stops working when its row is deleted or its key changes, and a link
made for one purpose is worthless for another. Every failure (tampered, expired, too long, the
wrong shape, the row gone, another key) is one ``InvalidToken``, so a view answers the same
whatever went wrong and says nothing about which rows exist.
"""

import secrets

from django.core import signing

MAX_TOKEN_LENGTH = 200


class InvalidToken(Exception):
    """A link that is tampered with, expired or no longer matches its row."""


class SignedLinks:
    """Tokens for the rows of one model: ``namespace`` and ``purposes`` make the salts."""

    def __init__(self, namespace, purposes, id_field):
        self.namespace = namespace
        self.purposes = frozenset(purposes)
        self.id_field = id_field  # the payload's one-letter name for the row id

    def _signer(self, purpose):
        if purpose not in self.purposes:
            raise ValueError(purpose)
        return signing.TimestampSigner(salt=f"{self.namespace}.{purpose}")

    def make(self, row, purpose):
        return self._signer(purpose).sign_object(
            {self.id_field: row.pk, "k": row.token_key}, compress=True
        )

    def read(self, token, purpose, *, max_age, queryset):
        """The row of ``queryset`` a valid ``token`` names, or ``InvalidToken``."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            raise InvalidToken
        try:
            payload = self._signer(purpose).unsign_object(token, max_age=max_age.total_seconds())
        except (signing.BadSignature, ValueError, TypeError):
            raise InvalidToken from None
        if not isinstance(payload, dict):
            raise InvalidToken
        row_id, key = payload.get(self.id_field), payload.get("k")
        if not isinstance(row_id, int) or not isinstance(key, str):
            raise InvalidToken
        row = queryset.filter(pk=row_id).first()
        if row is None or not secrets.compare_digest(row.token_key, key):
            raise InvalidToken
        return row
