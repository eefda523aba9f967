"""Tokens in newsletter links.

Two kinds:

- **Confirmation tokens** are random (``secrets.token_urlsafe``), single-use and expire after
  ``NEWSLETTER_CONFIRMATION_MAX_AGE_HOURS``. Only their SHA-256 is stored, on the subscriber;
  confirming clears it, so a replayed link finds nothing.
- **Personal tokens** (manage and unsubscribe links, one per purpose) are signed with Django's
  ``TimestampSigner`` and carry the subscriber's id and ``token_key``: no table of tokens, yet
  changing the key (or erasing the subscriber) invalidates every link ever sent. They expire
  after ``NEWSLETTER_LINK_MAX_AGE_DAYS``; every newsletter carries fresh ones.

Every failure (tampered, expired, replayed, unknown subscriber) is one ``InvalidToken``: views
answer with the same generic message whatever went wrong.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Subscriber, token_hash

MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"
_PURPOSES = {MANAGE, UNSUBSCRIBE}


class InvalidToken(Exception):
    """A link that is tampered with, expired, already used or no longer valid."""


def confirmation_max_age():
    return timedelta(hours=getattr(settings, "NEWSLETTER_CONFIRMATION_MAX_AGE_HOURS", 48))


def link_max_age():
    return timedelta(days=getattr(settings, "NEWSLETTER_LINK_MAX_AGE_DAYS", 400))


# --- Confirmation --------------------------------------------------------------------------


def issue_confirmation_token(subscriber):
    """A new single-use confirmation token; only its hash is stored (caller saves)."""
    token = secrets.token_urlsafe(32)
    subscriber.confirmation_token_hash = token_hash(token)
    subscriber.confirmation_sent_at = timezone.now()
    return token


def subscriber_for_confirmation(token):
    """The subscriber a confirmation token belongs to, or ``InvalidToken``."""
    if not token or len(token) > 100:
        raise InvalidToken
    subscriber = Subscriber.objects.filter(confirmation_token_hash=token_hash(token)).first()
    if subscriber is None or subscriber.confirmation_sent_at is None:
        raise InvalidToken
    if timezone.now() - subscriber.confirmation_sent_at > confirmation_max_age():
        raise InvalidToken
    return subscriber


# --- Manage and unsubscribe links ----------------------------------------------------------


def _signer(purpose):
    if purpose not in _PURPOSES:
        raise ValueError(purpose)
    return signing.TimestampSigner(salt=f"newsletter.{purpose}")


def make_token(subscriber, purpose, *, mailing_list=None):
    """A signed personal token for ``purpose`` (``MANAGE`` or ``UNSUBSCRIBE``).

    An unsubscribe token may name one list: the one-click unsubscribe then leaves that list
    only; without a list it leaves every list.
    """
    payload = {"s": subscriber.pk, "k": subscriber.token_key}
    if mailing_list is not None:
        payload["l"] = mailing_list.pk
    return _signer(purpose).sign_object(payload, compress=True)


def read_token(token, purpose):
    """``(subscriber, mailing_list_id or None)`` for a valid token, else ``InvalidToken``."""
    if not token or len(token) > 300:
        raise InvalidToken
    try:
        payload = _signer(purpose).unsign_object(token, max_age=link_max_age().total_seconds())
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if not isinstance(payload, dict):
        raise InvalidToken
    subscriber_id, key, list_id = payload.get("s"), payload.get("k"), payload.get("l")
    if not isinstance(subscriber_id, int) or not isinstance(key, str):
        raise InvalidToken
    if list_id is not None and not isinstance(list_id, int):
        raise InvalidToken
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not secrets.compare_digest(subscriber.token_key, key):
        raise InvalidToken
    return subscriber, list_id
