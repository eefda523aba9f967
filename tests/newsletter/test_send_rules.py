"""Rules of the sending side: the shared send rate, blackout windows, backoff."""

from datetime import timedelta

from django.utils import timezone

import pytest

from newsletter.models import BlackoutWindow
from newsletter.sending import batches, throttle
from newsletter.sending.blackout import window_at

pytestmark = pytest.mark.django_db


def test_the_send_rate_is_one_bucket_for_every_worker(settings, monkeypatch):
    settings.NEWSLETTER_SEND_RATE = 10
    now = timezone.now()
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    assert throttle.reserve(10) == 0  # a full second of quota is there
    assert throttle.reserve(5) == pytest.approx(0.5)  # another worker waits its turn
    assert throttle.reserve(5) == pytest.approx(1.0)
    later = now + timedelta(seconds=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert throttle.reserve(10) == 0  # refilled, but never beyond one second of quota
    assert throttle.reserve(1) == pytest.approx(0.1)
    throttle.refund(1)
    assert throttle.reserve(1) == pytest.approx(0.1)


def test_no_rate_means_no_wait(settings):
    settings.NEWSLETTER_SEND_RATE = 0
    assert throttle.reserve(10_000) == 0


def test_a_batch_is_about_one_second_of_quota(settings):
    from newsletter.sending import transports

    settings.NEWSLETTER_SEND_RATE = 20
    assert transports.batch_size() == 100  # the locmem backend's default
    # ``run`` caps the batch at the rate, so a worker never sleeps long holding rows.
    assert max(1, min(transports.batch_size(), int(throttle.send_rate()))) == 20


def test_blackout_windows_include_the_start_and_exclude_the_end():
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    window = BlackoutWindow.objects.create(
        title="Referendum", starts_at=start, ends_at=start + timedelta(days=1)
    )
    assert window_at(start - timedelta(seconds=1)) is None
    assert window_at(start) == window
    assert window_at(start + timedelta(hours=23)) == window
    assert window_at(start + timedelta(days=1)) is None
    assert "Referendum" in window.explanation()


def test_retries_back_off_exponentially(settings):
    settings.NEWSLETTER_RETRY_SECONDS = 60
    assert [batches.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
