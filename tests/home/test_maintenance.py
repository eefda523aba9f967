"""`manage.py daily_maintenance`: every daily housekeeping command in one run."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

import pytest

from newsletter.models import MailingList, Subscriber, Subscription


@pytest.fixture
def stale_request(db):
    mailing_list = MailingList.objects.create(name="Newsletter", slug="newsletter")
    subscriber = Subscriber.objects.create(email="vecchia@example.org")
    long_ago = timezone.now() - datetime.timedelta(days=60)
    Subscription.objects.create(
        subscriber=subscriber, mailing_list=mailing_list, requested_at=long_ago
    )
    return subscriber


def test_runs_every_listed_command(stale_request, settings):
    out = StringIO()

    call_command("daily_maintenance", stdout=out)

    for name in settings.DAILY_MAINTENANCE_COMMANDS:
        assert f"→ {name}" in out.getvalue()
    assert "Daily maintenance done." in out.getvalue()
    assert not Subscriber.objects.filter(pk=stale_request.pk).exists()


def test_a_failing_command_does_not_stop_the_others(stale_request, settings):
    settings.DAILY_MAINTENANCE_COMMANDS = ["no_such_command", "purge_unconfirmed_subscriptions"]
    err = StringIO()

    with pytest.raises(CommandError, match="no_such_command"):
        call_command("daily_maintenance", stdout=StringIO(), stderr=err)

    assert "no_such_command failed" in err.getvalue()
    assert not Subscriber.objects.filter(pk=stale_request.pk).exists()
