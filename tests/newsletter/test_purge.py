"""Unconfirmed requests are deleted after NEWSLETTER_UNCONFIRMED_DAYS by a daily command."""

from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

import pytest

from newsletter import services
from newsletter.models import ConsentEvent, Subscriber, Subscription
from tests.factories.newsletter import SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_the_command_deletes_old_requests_and_the_addresses_left_with_nothing(
    public_lists, settings
):
    old = timezone.now() - timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS, hours=1)
    stale = SubscriptionFactory(
        mailing_list=public_lists["newsletter"],
        subscriber__email="stale@example.org",
        status="pending",
        requested_at=old,
    )
    recent = SubscriptionFactory(
        mailing_list=public_lists["newsletter"],
        subscriber__email="recent@example.org",
        status="pending",
    )
    mixed = SubscriptionFactory(
        mailing_list=public_lists["newsletter"], subscriber__email="mixed@example.org"
    )
    SubscriptionFactory(
        mailing_list=public_lists["events"],
        subscriber=mixed.subscriber,
        status="pending",
        requested_at=old,
    )
    out = StringIO()
    call_command("purge_unconfirmed_subscriptions", stdout=out)
    assert "Unconfirmed requests deleted: 2." in out.getvalue()
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "mixed@example.org",
    }
    assert Subscription.objects.get(subscriber=mixed.subscriber).status == "active"
    assert Subscription.objects.get(pk=recent.pk).status == "pending"
    expired = ConsentEvent.objects.filter(action="expired")
    assert expired.count() == 2
    assert expired.filter(subscriber__isnull=True).count() == 1  # the deleted address's event
    assert not Subscriber.objects.filter(pk=stale.subscriber_id).exists()


def test_the_command_takes_a_number_of_days(public_lists):
    SubscriptionFactory(
        mailing_list=public_lists["newsletter"],
        status="pending",
        requested_at=timezone.now() - timedelta(days=2),
    )
    call_command("purge_unconfirmed_subscriptions", days=3, stdout=StringIO())
    assert Subscription.objects.exists()
    call_command("purge_unconfirmed_subscriptions", days=1, stdout=StringIO())
    assert not Subscription.objects.exists()
    with pytest.raises(CommandError):
        call_command("purge_unconfirmed_subscriptions", days=0, stdout=StringIO())


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_processed_subscribe_tasks_leave_the_queue(public_lists):
    """The database backend keeps finished tasks, with the address typed among their arguments."""
    from django_tasks_db.models import DBTaskResult

    services.request_subscription(
        "anna@example.org", [public_lists["newsletter"]], evidence=services.Evidence()
    )
    row = DBTaskResult.objects.get()
    assert "anna@example.org" in str(row.args_kwargs)
    call_command("purge_unconfirmed_subscriptions", stdout=StringIO())
    assert DBTaskResult.objects.count() == 1  # not processed yet: kept
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
    call_command("purge_unconfirmed_subscriptions", stdout=StringIO())
    assert not DBTaskResult.objects.exists()
