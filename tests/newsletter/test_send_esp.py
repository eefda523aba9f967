"""Sending through an ESP's batch API with django-anymail: one call per batch of recipients."""

import uuid

from django.core import mail

import pytest

from newsletter.models import Delivery
from newsletter.sending import workflow
from newsletter.sending.transports import AnymailBatchTransport, transport_class
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def anymail_batches(settings):
    # anymail's own test backend records each call; it batches like Mailgun here.
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.NEWSLETTER_ESP_PROFILE = "mailgun"


def test_one_api_call_per_batch_with_personal_merge_data_and_headers(
    anymail_batches, settings, sender_user, newsletter_page, mailing_list
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    people = [make_subscriber(f"esp{n}@example.org", mailing_list) for n in range(5)]
    chosen = transport_class()
    assert issubclass(chosen[0], AnymailBatchTransport) and chosen[1].batch_limit == 1000
    workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    assert [len(m.to) for m in mail.outbox] == [2, 2, 1]  # one call per batch
    seen = set()
    for call in mail.outbox:
        assert "%recipient.unsubscribe_url%" in call.body
        assert "%recipient.manage_url%" in call.alternatives[0][0]
        assert call.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        for address in call.to:
            data = call.merge_data[address]
            headers = call.merge_headers[address]
            assert data["unsubscribe_url"].startswith("http://testserver/newsletter/disiscriviti/")
            assert headers["List-Unsubscribe"] == f"<{data['unsubscribe_url']}>"
            assert headers["Message-ID"].endswith("@testserver>")
            delivery = Delivery.objects.get(subscriber__email=address)
            assert call.merge_metadata[address] == {"piazza_delivery": str(delivery.pk)}
            assert delivery.status == "sent" and delivery.message_id == headers["Message-ID"]
            seen.add(address)
    assert seen == {p.email for p in people}
    # Every recipient's link is their own.
    links = {call.merge_data[a]["unsubscribe_url"] for call in mail.outbox for a in call.to}
    assert len(links) == 5


def test_the_batch_never_exceeds_the_esp_limit(anymail_batches, settings):
    settings.NEWSLETTER_BATCH_SIZE = 5000
    cls, profile = transport_class()
    assert cls.batch_size() == profile.batch_limit == 1000


def test_a_refused_call_is_split_to_find_the_bad_address(
    anymail_batches, monkeypatch, sender_user, newsletter_page, mailing_list
):
    from anymail.backends.test import EmailBackend
    from anymail.exceptions import AnymailAPIError

    for n in range(3):
        make_subscriber(f"esp{n}@example.org", mailing_list)
    make_subscriber("cattivo@example.org", mailing_list)
    send = EmailBackend.send_messages

    class Refused(AnymailAPIError):
        def __init__(self):
            super().__init__("400 invalid address")
            self.response = type("Response", (), {"status_code": 400})()

    def refuse_the_bad_one(self, messages):
        if any("cattivo@example.org" in m.to for m in messages):
            raise Refused
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_the_bad_one)
    workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    states = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert states.pop("cattivo@example.org") == "failed"
    assert set(states.values()) == {"sent"}
    assert sorted(a for m in mail.outbox for a in m.to) == [f"esp{n}@example.org" for n in range(3)]
