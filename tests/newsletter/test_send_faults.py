"""Fault drills of the sending side: an ESP that is overloaded for a while or refuses one
address for good, and a storm of duplicate bounce reports on the tracking webhook.

They run on SQLite and on PostgreSQL (``DATABASE_URL``) alike; CI runs both.
"""

import uuid

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from newsletter.models import ConsentEvent, Delivery, ProviderEvent, Send, Suppression
from newsletter.sending import batches, workflow
from tests.newsletter.conftest import make_subscriber
from tests.newsletter.test_send_webhooks import (
    SECRET,
    SIGNING_KEY,
    delivery_of,
    mailgun_event,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def esp(settings, monkeypatch):
    """anymail's test backend, batching like Mailgun, answering what ``esp.answers`` says
    (an HTTP status per call, in order; then success)."""
    from anymail.backends.test import EmailBackend
    from anymail.exceptions import AnymailAPIError

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.NEWSLETTER_ESP_PROFILE = "mailgun"
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_RETRY_SECONDS = 60
    real_send = EmailBackend.send_messages

    class Answer(AnymailAPIError):
        def __init__(self, status):
            super().__init__(f"{status} from the ESP")
            self.response = type("Response", (), {"status_code": status})()

    class Script:
        answers = []
        refused_addresses = set()
        calls = []

    def answering(self, messages):
        Script.calls.append([address for m in messages for address in m.to])
        if Script.answers:
            raise Answer(Script.answers.pop(0))
        if any(set(m.to) & Script.refused_addresses for m in messages):
            raise Answer(400)
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", answering)
    return Script


def start(newsletter_page, sender_user, mailing_list):
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    return send


def run_due_retries(send, *, rounds=10):
    """What the task queue does over time: each round, the retries that are due run."""
    for _round in range(rounds):
        send.refresh_from_db()
        if send.status == Send.Status.DONE:
            return
        Delivery.objects.filter(send=send, status="pending").update(retry_after=timezone.now())
        batches.run(send.pk)
    send.refresh_from_db()


def sent_copies():
    copies = {}
    for call in mail.outbox:
        for address in call.to:
            copies[address] = copies.get(address, 0) + 1
    return copies


def test_an_overloaded_esp_gets_backed_off_then_the_send_completes(
    esp, sender_user, newsletter_page, mailing_list
):
    people = [make_subscriber(f"carico{n}@example.org", mailing_list) for n in range(5)]
    # 429 (too many requests), then 503 and 500, for the first calls.
    esp.answers = [429, 503, 500, 429]
    send = start(newsletter_page, sender_user, mailing_list)
    waiting = Delivery.objects.filter(send=send, status="pending")
    assert waiting.exists()
    first_retry = {d.pk: d.retry_after for d in waiting}
    assert all(
        when > timezone.now() + timezone.timedelta(seconds=50) for when in first_retry.values()
    )
    # Nothing is sent before the back-off is over.
    calls = len(esp.calls)
    batches.run(send.pk)
    assert len(esp.calls) == calls
    # Once due, the retries wait longer each time the ESP refuses again, then get through.
    Delivery.objects.filter(send=send, status="pending").update(retry_after=timezone.now())
    batches.run(send.pk)
    again = Delivery.objects.filter(send=send, status="pending", attempts=2).first()
    if again is not None:
        assert again.retry_after > timezone.now() + timezone.timedelta(seconds=110)
    run_due_retries(send)
    assert send.status == Send.Status.DONE
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {"sent"}
    assert sent_copies() == {p.email: 1 for p in people}
    assert not esp.answers  # every refusal was met


def test_a_permanent_refusal_fails_that_delivery_and_the_others_continue(
    esp, sender_user, newsletter_page, mailing_list
):
    people = [make_subscriber(f"fermo{n}@example.org", mailing_list) for n in range(5)]
    esp.refused_addresses = {"fermo3@example.org"}
    esp.answers = [503]  # and a passing outage on top
    send = start(newsletter_page, sender_user, mailing_list)
    run_due_retries(send)
    assert send.status == Send.Status.DONE
    states = dict(Delivery.objects.filter(send=send).values_list("subscriber__email", "status"))
    assert states.pop("fermo3@example.org") == "failed"
    assert set(states.values()) == {"sent"}
    failed = Delivery.objects.get(subscriber__email="fermo3@example.org")
    assert "400" in failed.error and failed.attempts == 1  # refused for good: never retried
    assert sent_copies() == {p.email: 1 for p in people if p.email != "fermo3@example.org"}


@pytest.fixture
def webhook(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": SECRET}


def test_a_storm_of_duplicate_bounces_changes_state_once_at_a_constant_cost(
    webhook, client, sender_user, newsletter_page, mailing_list, audience
):
    start(newsletter_page, sender_user, mailing_list)
    delivery = delivery_of("attivo0@example.org")
    bounce = mailgun_event(delivery, "failed", severity="permanent")
    queries = []
    for _n in range(1000):
        with CaptureQueriesContext(connection) as captured:
            response = post(client, bounce)
        assert response.status_code == 200
        queries.append(len(captured))
    # The ESP resends the same report: the first one does the work, the others are
    # recognised at once, and the thousandth costs what the second did.
    assert len(set(queries[1:])) == 1, sorted(set(queries))
    assert queries[1] <= queries[0]
    # The same bounce reported again as new events (new ids and tokens): still one change.
    for _n in range(20):
        assert (
            post(client, mailgun_event(delivery, "failed", severity="permanent")).status_code == 200
        )
    assert Suppression.objects.for_email("attivo0@example.org").count() == 1
    assert ConsentEvent.objects.filter(action=ConsentEvent.Action.BOUNCED).count() == 1
    assert ProviderEvent.objects.filter(delivery=delivery).count() == 21
    delivery.refresh_from_db()
    assert delivery.problem == Delivery.Problem.BOUNCED
    # Nobody else was touched.
    assert not Suppression.objects.is_suppressed("attivo1@example.org")
