"""The send rate shared by every worker: a token bucket in the database.

``NEWSLETTER_SEND_RATE`` messages per second (0: no limit) across all workers and processes.
Each batch reserves its messages before claiming them, in one short transaction on one row;
when the bucket is empty the reservation still succeeds but says how long to wait, so workers
queue up fairly instead of polling. The bucket holds at most one second of messages, so an idle
period never turns into a burst larger than the provider's per-second quota.
"""

import time

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

BUCKET = "newsletter"


class SendRateBucket(models.Model):
    """Tokens left for sending (one per message) and when they were last counted."""

    name = models.CharField(max_length=40, unique=True)
    tokens = models.FloatField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.name}: {self.tokens:.1f}"


def send_rate():
    """Messages per second allowed across all workers; 0 means no limit."""
    return float(getattr(settings, "NEWSLETTER_SEND_RATE", 0) or 0)


def reserve(count, *, rate=None):
    """Take ``count`` tokens; return how many seconds to wait before using them."""
    rate = send_rate() if rate is None else rate
    if rate <= 0 or count <= 0:
        return 0.0
    capacity = max(rate, 1.0)
    with transaction.atomic():
        bucket, _created = SendRateBucket.objects.select_for_update().get_or_create(
            name=BUCKET, defaults={"tokens": capacity}
        )
        now = timezone.now()
        elapsed = max((now - bucket.updated_at).total_seconds(), 0.0)
        tokens = min(capacity, bucket.tokens + elapsed * rate) - count
        SendRateBucket.objects.filter(pk=bucket.pk).update(tokens=tokens, updated_at=now)
    return 0.0 if tokens >= 0 else -tokens / rate


def refund(count):
    """Give back tokens reserved but not used (the batch found fewer messages)."""
    if send_rate() <= 0 or count <= 0:
        return
    SendRateBucket.objects.filter(name=BUCKET).update(tokens=models.F("tokens") + count)


def wait_for(count, *, sleep=time.sleep):
    """Reserve ``count`` messages and sleep until they may go out."""
    delay = reserve(count)
    if delay > 0:
        sleep(delay)
    return delay
