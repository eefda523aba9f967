"""Concurrency on PostgreSQL: real threads, each with its own database connection."""

import threading
import time
import uuid
from collections import Counter

from django.core import mail
from django.db import connection, transaction
from django.test import Client

import pytest

from newsletter.models import Delivery, Send
from newsletter.sending import batches, transports, workflow
from tests.newsletter.conftest import make_subscriber
from tests.newsletter.test_send_flow import choose, send_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_threads(count, target):
    """Run ``target(index)`` in ``count`` threads released together; re-raise any error."""
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait()
            target(index)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]


@pytest.fixture
def crowd(mailing_list):
    return [make_subscriber(f"persona{n:03}@example.org", mailing_list) for n in range(60)]


def test_two_clicks_at_the_same_moment_create_one_send(
    client, sender_user, newsletter_page, mailing_list, crowd
):
    client.force_login(sender_user)
    html = choose(client, newsletter_page, [mailing_list]).content.decode()
    key = html.split('name="request_key" value="')[1].split('"')[0]
    data = {"mailing_lists": [mailing_list.pk], "language": "", "when": "now", "request_key": key}
    answers = []

    def click(_index):
        browser = Client()
        browser.force_login(sender_user)
        answers.append(browser.post(send_url(newsletter_page), data))

    in_threads(2, click)
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert Send.objects.count() == 1
    assert Counter(m.to[0] for m in mail.outbox) == Counter(s.email for s in crowd)


def test_two_forms_at_the_same_moment_still_make_one_active_send(
    sender_user, newsletter_page, mailing_list, crowd, monkeypatch
):
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    outcomes = []

    def request(_index):
        try:
            workflow.request_send(
                newsletter_page,
                user=sender_user,
                lists=[mailing_list],
                request_key=uuid.uuid4(),
            )
            outcomes.append("created")
        except workflow.SendRefused:
            outcomes.append("refused")

    in_threads(3, request)
    assert sorted(outcomes) == ["created", "refused", "refused"]
    assert Send.objects.active().count() == 1


def test_concurrent_batch_workers_send_one_email_per_recipient(
    settings, monkeypatch, sender_user, newsletter_page, mailing_list, crowd
):
    settings.NEWSLETTER_BATCH_SIZE = 4
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    deliver = transports.ConnectionTransport.deliver
    handled_by = Counter()

    def slow_deliver(self, messages):
        handled_by[threading.get_ident()] += len(messages)
        time.sleep(0.02)  # let the other workers claim meanwhile
        return deliver(self, messages)

    monkeypatch.setattr(transports.ConnectionTransport, "deliver", slow_deliver)
    in_threads(4, lambda _index: batches.run(send.pk))
    assert len(handled_by) > 1  # the work really was shared
    assert Counter(m.to[0] for m in mail.outbox) == Counter(s.email for s in crowd)
    assert set(send.deliveries.values_list("status", flat=True)) == {"sent"}
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


def test_a_claim_skips_rows_locked_by_another_worker(
    monkeypatch, sender_user, newsletter_page, mailing_list, crowd
):
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    locked, release = threading.Event(), threading.Event()
    held = []

    def hold_lock():
        with transaction.atomic():
            rows = list(
                Delivery.objects.filter(send=send, status="pending")
                .order_by("pk")
                .select_for_update()[:10]
                .values_list("pk", flat=True)
            )
            held.extend(rows)
            locked.set()
            release.wait(30)
        connection.close()

    other = threading.Thread(target=hold_lock)
    other.start()
    try:
        assert locked.wait(30)
        started = time.monotonic()
        _token, claimed, _skipped = batches.claim(send, {mailing_list.pk}, 10)
        assert time.monotonic() - started < 5  # did not wait for the other transaction
        assert len(claimed) == 10
        assert not {d.pk for d in claimed} & set(held)
    finally:
        release.set()
        other.join(30)


def test_two_workers_starting_the_same_send_prepare_it_once(
    sender_user, newsletter_page, mailing_list, crowd, monkeypatch
):
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    monkeypatch.setattr(workflow, "enqueue", lambda *args, **kwargs: None)  # tasks left queued
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    assert send.status == Send.Status.SCHEDULED
    in_threads(3, lambda _index: workflow.start(send.pk))
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING
    assert send.deliveries.count() == len(crowd) == send.recipients_total
