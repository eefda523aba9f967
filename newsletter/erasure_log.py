"""The list of erasures kept outside the database, so that a restored backup never brings an
erased subscriber back.

A backup taken before an erasure still holds the person's address, subscriptions and consent
history. ``privacy.erase`` therefore first appends the keyed hash of the address (the same
HMAC the suppression list uses, never the address) to an append-only file,
``NEWSLETTER_ERASURE_LOG``, kept on the server next to the media files and backed up on its own,
more often than the database. After restoring a dump, ``manage.py reapply_erasures`` erases
every subscriber whose address is in the list and puts back the suppression entries, so the
address is not mailed (or subscribed by the form) again.

The line is written, and flushed to disk, before the erasure commits: if the erasure then
fails, the list holds an address that was meant to be erased, and the next restore erases it,
which is what the person asked for. The opposite order could lose an erasure.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Subscriber, Suppression


def path():
    """The erasure list's file (``NEWSLETTER_ERASURE_LOG``)."""
    return Path(settings.NEWSLETTER_ERASURE_LOG)


def record(email_hash):
    """Append one erasure (the keyed hash of the address) and flush it to disk."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = f"{datetime.now(UTC).isoformat(timespec='seconds')}\t{email_hash}\n".encode()
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def erased_hashes():
    """Every keyed hash in the list (empty when there is no list yet)."""
    target = path()
    if not target.exists():
        return set()
    hashes = set()
    with target.open(encoding="ascii") as lines:
        for line in lines:
            _when, _tab, email_hash = line.strip().partition("\t")
            if len(email_hash) == 64:
                hashes.add(email_hash)
    return hashes


def reapply(*, evidence):
    """Erase again every subscriber whose address is in the list, and suppress every address
    of the list; returns ``(erased, suppressions_restored)``. Safe to run any number of times.
    """
    from .privacy import erase

    hashes = erased_hashes()
    if not hashes:
        return 0, 0
    erased = 0
    # Addresses are only stored in clear on subscribers: hash each one (no index can help).
    for subscriber in Subscriber.objects.only("pk", "email").iterator(chunk_size=2000):
        if subscriber.email_hash in hashes:
            erase(subscriber, evidence=evidence)
            erased += 1
    with transaction.atomic():
        present = set(
            Suppression.objects.filter(email_hash__in=hashes).values_list("email_hash", flat=True)
        )
        missing = [
            Suppression(email_hash=email_hash, reason=Suppression.Reason.ERASED)
            for email_hash in sorted(hashes - present)
        ]
        Suppression.objects.bulk_create(missing, ignore_conflicts=True)
    return erased, len(missing)
