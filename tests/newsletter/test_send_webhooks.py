"""ESP tracking webhooks (through django-anymail): bounces, complaints, unsubscribes."""

import base64
import hashlib
import hmac
import json
import time
import uuid

from django.urls import NoReverseMatch, reverse

import pytest

from newsletter.models import (
    ConsentEvent,
    Delivery,
    ProviderEvent,
    Send,
    Subscription,
    Suppression,
)
from newsletter.sending import workflow
from newsletter.sending.models import SendProgress

pytestmark = pytest.mark.django_db

SIGNING_KEY = "chiave-di-firma-mailgun"
SECRET = "piazza:segreto-del-webhook"
URL = "/anymail/mailgun/tracking/"


@pytest.fixture(autouse=True)
def anymail_settings(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def sent(sender_user, newsletter_page, mailing_list, audience):
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    return send


def mailgun_event(delivery, event, *, token=None, severity=None, signing_key=SIGNING_KEY):
    timestamp = str(int(time.time()))
    token = token or uuid.uuid4().hex
    signature = hmac.new(
        signing_key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    data = {
        "event": event,
        "timestamp": timestamp,
        "id": uuid.uuid4().hex,
        "recipient": delivery.subscriber.email,
        "message": {"headers": {"message-id": delivery.message_id.strip("<>")}},
        "user-variables": {},
    }
    if severity:
        data["severity"] = severity
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": data,
    }


def post(client, payload, *, auth=SECRET):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(URL, json.dumps(payload), content_type="application/json", **headers)


def delivery_of(email):
    return Delivery.objects.select_related("subscriber").get(subscriber__email=email)


def test_a_complaint_suppresses_the_address_and_shows_in_the_report(client, sent):
    delivery = delivery_of("attivo0@example.org")
    assert post(client, mailgun_event(delivery, "complained")).status_code == 200
    assert Suppression.objects.is_suppressed("attivo0@example.org")
    subscription = Subscription.objects.get(subscriber__email="attivo0@example.org")
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    event = ConsentEvent.objects.get(action=ConsentEvent.Action.COMPLAINED)
    assert event.source == "esp:Mailgun:complained"
    delivery.refresh_from_db()
    assert delivery.problem == Delivery.Problem.COMPLAINED
    stored = ProviderEvent.objects.get()
    assert stored.processed_at and stored.delivery == delivery
    assert stored.recipient == "" and stored.message_id == ""  # no address kept
    progress = SendProgress.for_send(Send.objects.get(), with_statistics=True)
    assert progress.complained == 1 and progress.bounced == 0


def test_the_same_event_twice_counts_once(client, sent):
    payload = mailgun_event(delivery_of("attivo1@example.org"), "complained")
    assert post(client, payload).status_code == 200
    assert post(client, payload).status_code == 200
    assert ProviderEvent.objects.count() == 1
    assert ConsentEvent.objects.filter(action=ConsentEvent.Action.COMPLAINED).count() == 1


@pytest.mark.parametrize(
    ("tamper", "status"),
    [("signature", 400), ("no auth", 400), ("wrong auth", 400)],
)
def test_a_forged_event_is_refused_and_changes_nothing(client, sent, tamper, status):
    delivery = delivery_of("attivo2@example.org")
    payload = mailgun_event(
        delivery, "complained", signing_key="altra" if tamper == "signature" else SIGNING_KEY
    )
    auth = {"no auth": None, "wrong auth": "piazza:sbagliato"}.get(tamper, SECRET)
    assert post(client, payload, auth=auth).status_code == status
    assert not Suppression.objects.is_suppressed("attivo2@example.org")
    assert ProviderEvent.objects.count() == 0


def test_without_a_webhook_secret_every_event_is_refused(client, sent, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    payload = mailgun_event(delivery_of("attivo2@example.org"), "complained")
    assert post(client, payload, auth=None).status_code == 403
    assert ProviderEvent.objects.count() == 0


def test_a_hard_bounce_suppresses_a_soft_one_does_not(client, sent):
    soft = delivery_of("attivo0@example.org")
    hard = delivery_of("attivo1@example.org")
    post(client, mailgun_event(soft, "failed", severity="temporary"))
    post(client, mailgun_event(hard, "failed", severity="permanent"))
    assert not Suppression.objects.is_suppressed(soft.subscriber.email)
    assert Suppression.objects.for_email(hard.subscriber.email).get().reason == "bounced"
    hard.refresh_from_db()
    assert hard.problem == Delivery.Problem.BOUNCED
    assert ConsentEvent.objects.filter(action=ConsentEvent.Action.BOUNCED).count() == 1


def test_an_unsubscribe_reported_by_the_esp_leaves_the_list(client, sent):
    delivery = delivery_of("attivo2@example.org")
    post(client, mailgun_event(delivery, "unsubscribed"))
    subscription = Subscription.objects.get(subscriber=delivery.subscriber)
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert not Suppression.objects.is_suppressed(delivery.subscriber.email)
    progress = SendProgress.for_send(Send.objects.get(), with_statistics=True)
    assert progress.unsubscribed_total == 1


def test_the_webhook_answers_at_once_and_a_task_does_the_work(client, sent, monkeypatch):
    queued = []
    monkeypatch.setattr("newsletter.services.after_commit", queued.append)
    response = post(client, mailgun_event(delivery_of("attivo0@example.org"), "complained"))
    assert response.status_code == 200
    stored = ProviderEvent.objects.get()
    assert stored.processed_at is None
    assert not Suppression.objects.is_suppressed("attivo0@example.org")
    for callback in queued:
        callback()
    assert Suppression.objects.is_suppressed("attivo0@example.org")


def test_opens_are_counted_only_in_total_and_only_when_enabled(client, sent, settings):
    delivery = delivery_of("attivo0@example.org")
    post(client, mailgun_event(delivery, "opened"))
    assert Send.objects.get().opens == 0
    settings.NEWSLETTER_AGGREGATE_ENGAGEMENT = True
    post(client, mailgun_event(delivery, "opened"))
    post(client, mailgun_event(delivery, "clicked"))
    send = Send.objects.get()
    assert (send.opens, send.clicks) == (1, 1)
    assert ProviderEvent.objects.count() == 0  # nothing about the person


def test_anymail_only_exposes_tracking_endpoints():
    with pytest.raises(NoReverseMatch):
        reverse("newsletter_webhooks:mailgun_inbound_webhook")
    assert reverse("newsletter_webhooks:mailgun_tracking_webhook") == URL
