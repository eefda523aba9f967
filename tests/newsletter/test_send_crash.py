"""A worker that dies mid-send: nobody gets a second copy of what was marked sent, nobody
eligible is skipped, and what cannot be known is shown as "in doubt"."""

import uuid
from collections import Counter
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from newsletter.models import Delivery, Send
from newsletter.sending import batches, transports, workflow
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for ``kill -9``: nothing after it runs, no ``except Exception`` catches it."""


@pytest.fixture
def five(mailing_list):
    return [make_subscriber(f"persona{n}@example.org", mailing_list) for n in range(5)]


@pytest.fixture
def started(monkeypatch, settings, sender_user, newsletter_page, mailing_list, five):
    """A send prepared, its batches not launched: the test drives the workers itself."""
    settings.NEWSLETTER_BATCH_SIZE = 2
    launch = workflow.launch_batches
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    monkeypatch.setattr(workflow, "launch_batches", launch)
    assert send.status == Send.Status.SENDING
    return send


def kill_at(monkeypatch, module, name):
    """Make the first call of ``module.name`` kill the worker; later calls work."""
    original = getattr(module, name)
    calls = []

    def dying(*args, **kwargs):
        if not calls:
            calls.append(True)
            raise Killed
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, dying)


def after_the_lease(monkeypatch):
    later = timezone.now() + timedelta(seconds=workflow.lease_seconds() + 1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)


def states(send):
    return Counter(send.deliveries.values_list("status", flat=True))


def test_killed_between_hand_off_and_commit_leaves_that_batch_in_doubt(
    client, monkeypatch, started, sender_user, five
):
    kill_at(monkeypatch, batches, "record")
    with pytest.raises(Killed):
        batches.run(started.pk)
    # The two messages of the first batch left; their outcome was never written.
    assert len(mail.outbox) == 2
    assert states(started) == {"handed_off": 2, "pending": 3}

    # The worker restarts: it finishes the rest, and never touches the batch it lost.
    batches.run(started.pk)
    assert states(started) == {"handed_off": 2, "sent": 3}
    started.refresh_from_db()
    assert started.status == Send.Status.SENDING  # not done while the fate is unknown

    # Once the lease is over, the watchdog declares the lost batch in doubt and finishes.
    after_the_lease(monkeypatch)
    assert workflow.watch(started.pk, started.watchdog_token)
    started.refresh_from_db()
    assert started.status == Send.Status.DONE
    assert states(started) == {"in_doubt": 2, "sent": 3}

    copies = Counter(m.to[0] for m in mail.outbox)
    assert set(copies) == {s.email for s in five}  # nobody eligible was skipped
    assert max(copies.values()) == 1  # and nobody got a second copy
    sent_to = list(
        started.deliveries.filter(status="sent").values_list("subscriber__email", flat=True)
    )
    assert len(sent_to) == len(set(sent_to)) == 3

    # The admin shows it, and resending is a person's explicit decision.
    client.force_login(sender_user)
    detail = reverse("newsletter_send_detail", args=[started.pk])
    page = client.get(detail).content.decode()
    assert "Recapiti in dubbio" in page and "potrebbe averli accettati" in page
    status = client.get(reverse("newsletter_send_status", args=[started.pk])).json()
    assert status["in_doubt"] == 2
    resend = reverse("newsletter_send_resend_in_doubt", args=[started.pk])
    client.post(resend)  # without accepting duplicates: nothing happens
    assert states(started)["in_doubt"] == 2
    monkeypatch.undo()
    monkeypatch.setattr("newsletter.services.after_commit", lambda function: function())
    client.post(resend, {"accept_duplicates": "1"})
    started.refresh_from_db()
    assert started.in_doubt_resent_by == sender_user
    assert states(started) == {"sent": 5}
    assert len(mail.outbox) == 7


def test_killed_after_the_claim_before_the_hand_off_sends_everyone_once(monkeypatch, started, five):
    kill_at(monkeypatch, batches, "hand_off")
    with pytest.raises(Killed):
        batches.run(started.pk)
    assert mail.outbox == []
    assert states(started) == {"claimed": 2, "pending": 3}
    batches.run(started.pk)
    assert states(started) == {"claimed": 2, "sent": 3}
    # Claimed rows certainly never left: after the lease they go back to the queue.
    after_the_lease(monkeypatch)
    workflow.watch(started.pk, started.watchdog_token)
    assert states(started) == {"sent": 5}
    assert Counter(m.to[0] for m in mail.outbox) == Counter(s.email for s in five)


def test_an_error_while_building_messages_gives_the_batch_back_at_once(monkeypatch, started):
    def broken(*args, **kwargs):
        raise RuntimeError("template error")

    monkeypatch.setattr(batches, "outgoing", broken)
    with pytest.raises(RuntimeError):
        batches.run(started.pk)
    assert states(started) == {"pending": 5}
    assert set(started.deliveries.values_list("attempts", flat=True)) == {0}


def test_a_slow_worker_still_records_the_real_outcome_over_in_doubt(monkeypatch, started):
    context = batches.SendContext(started)
    token, deliveries, _skipped = batches.claim(started, context.list_ids, 2)
    deliveries = batches.hand_off(token, deliveries)
    outcomes = context.transport.deliver(batches.outgoing(context, deliveries))
    real_now = timezone.now
    after_the_lease(monkeypatch)
    workflow.recover_abandoned(started)
    assert states(started)["in_doubt"] == 2
    monkeypatch.setattr("django.utils.timezone.now", real_now)
    batches.record(token, deliveries, outcomes)  # the worker was alive after all
    assert states(started) == {"sent": 2, "pending": 3}
    assert all(outcome.result == transports.SENT for outcome in outcomes)


def test_the_watchdog_relaunches_a_send_whose_workers_all_died(monkeypatch, started, five):
    after_the_lease(monkeypatch)  # no heartbeat for longer than the lease
    assert workflow.watch(started.pk, started.watchdog_token)
    started.refresh_from_db()
    assert started.status == Send.Status.DONE
    assert len(mail.outbox) == 5


def test_a_stale_watchdog_chain_stops(started):
    assert not workflow.watch(started.pk, uuid.uuid4())


def test_the_outcome_of_a_batch_is_written_in_a_bounded_number_of_statements(
    started, django_assert_max_num_queries, settings
):
    context = batches.SendContext(started)
    # Rate bucket, claim (lock, suppression, subscriptions, update), hand-off, record,
    # heartbeat: the same for 2 recipients or 2,000.
    with django_assert_max_num_queries(12):
        assert batches.deliver_batch(context, 2) == 2
    assert Delivery.objects.filter(status="sent").count() == 2
