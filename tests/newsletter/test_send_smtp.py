"""Real SMTP: the batch goes to an aiosmtpd server started by the test."""

import email
import re
import uuid
from email import policy

from django.core import mail
from django.test import override_settings
from django.utils import timezone

import pytest

from newsletter.messages import Sender, build_message
from newsletter.models import Delivery, Send
from newsletter.sending import batches, workflow
from newsletter.sending.mime import MessageSkeleton
from newsletter.sending.transports import SMTPTransport, transport_class
from tests.newsletter.smtp_sink import SMTPSink, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink():
    with SMTPSink() as running, override_settings(**running.django_settings()):
        yield running


def start(page, user, lists):
    send, _created = workflow.request_send(page, user=user, lists=lists, request_key=uuid.uuid4())
    return send


def test_a_send_over_real_smtp_arrives_with_the_expected_headers(
    sink, sender_user, newsletter_page, mailing_list, audience
):
    assert transport_class() is SMTPTransport
    send = start(newsletter_page, sender_user, [mailing_list])
    assert send.status == Send.Status.DONE
    assert mail.outbox == []  # it really went over SMTP
    assert sink.handler.connections == 1  # one connection for the whole batch
    received = {tuple(rcpts): raw for rcpts, raw in sink.handler.messages}
    assert sorted(received) == sorted((s.email,) for s in audience)
    for (address,), raw in received.items():
        parsed = email.message_from_bytes(raw, policy=policy.default)
        delivery = Delivery.objects.get(subscriber__email=address)
        assert parsed["To"] == address
        assert parsed["Subject"] == "Novembre in piazza"
        assert parsed["From"] == "Officina Comune <noreply@localhost>"
        assert parsed["Reply-To"] == "info@example.org"
        assert parsed["List-Id"] == '"Officina Comune" <newsletter.testserver>'
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert parsed["Message-ID"] == delivery.message_id
        assert parsed["Message-ID"].endswith("@testserver>")
        link = re.fullmatch(r"<(https?://\S+)>", parsed["List-Unsubscribe"])[1]
        assert link.startswith("http://testserver/newsletter/disiscriviti/")
        text = parsed.get_body(("plain",)).get_content()
        html = parsed.get_body(("html",)).get_content()
        assert link in text and f'href="{link}"' in html
        assert "%%PIAZZA" not in text + html
        assert "Novità dal consiglio" in html
        assert delivery.status == Delivery.Status.SENT


def test_the_fast_skeleton_gives_the_same_message_as_the_ordinary_build(newsletter_page, site):
    rendered = newsletter_page.render_email()
    long_text = "È una riga molto lunga, con accenti: perché sì. " * 40
    rendered = type(rendered)(
        subject="Novità: è arrivato l'autunno",
        preheader=rendered.preheader,
        html=rendered.html.replace("</body>", f"<p>{long_text}</p></body>"),
        text=rendered.text + "\n" + long_text + "\n. una riga che comincia con un punto\n",
    )
    sender = Sender.for_site(site)
    unsubscribe = "http://testserver/newsletter/disiscriviti/eyJzIjoxfQ:1abc:Zm9v-_bar/"
    manage = "http://testserver/newsletter/preferenze/eyJzIjoxfQ:1abc:cXV4/"
    message_id = "<12345.67890@testserver>"
    _id, fast = MessageSkeleton(rendered, sender=sender).render(
        to="anna@example.org", unsubscribe_url=unsubscribe, manage_url=manage, message_id=message_id
    )
    ordinary = build_message(
        rendered,
        sender=sender,
        to="anna@example.org",
        unsubscribe_url=unsubscribe,
        manage_url=manage,
        one_click_url=unsubscribe,
        headers={"Message-ID": message_id},
    ).message()
    fast = email.message_from_bytes(fast, policy=policy.default)
    ordinary = email.message_from_bytes(ordinary.as_bytes(), policy=policy.default)
    for header in (
        "From",
        "To",
        "Subject",
        "Reply-To",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "MIME-Version",
    ):
        assert str(fast[header]).strip() == str(ordinary[header]).strip(), header
    for kind in ("plain", "html"):
        # Line breaks are CRLF on the wire; Python decodes 8bit ones to LF, QP ones not.
        fast_body = fast.get_body((kind,)).get_content().replace("\r\n", "\n")
        assert fast_body == ordinary.get_body((kind,)).get_content()
    assert fast.get_body(("plain",))["Content-Transfer-Encoding"] == "quoted-printable"
    assert max(len(line) for line in fast.as_bytes().splitlines()) <= 998


def test_refusals_fail_or_retry_only_the_refused_delivery(
    sink, settings, sender_user, newsletter_page, mailing_list, audience
):
    sink.handler.refuse = {
        "attivo0@example.org": "550 5.1.1 Utente sconosciuto",
        "attivo1@example.org": "451 4.3.0 Riprova più tardi",
    }
    send = start(newsletter_page, sender_user, [mailing_list])
    failed = Delivery.objects.get(subscriber__email="attivo0@example.org")
    later = Delivery.objects.get(subscriber__email="attivo1@example.org")
    sent = Delivery.objects.get(subscriber__email="attivo2@example.org")
    assert (failed.status, failed.error) == ("failed", "550 5.1.1 Utente sconosciuto")
    assert later.status == "pending" and later.attempts == 1
    assert later.retry_after > timezone.now() + timezone.timedelta(seconds=50)
    assert sent.status == "sent"
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING  # waiting for the retry

    sink.handler.refuse = {}
    assert batches.run(send.pk) == 0  # not yet: the back-off holds it
    Delivery.objects.filter(pk=later.pk).update(retry_after=timezone.now())
    assert batches.run(send.pk) == 1
    later.refresh_from_db()
    send.refresh_from_db()
    assert later.status == "sent" and later.attempts == 2
    assert send.status == Send.Status.DONE
    assert sorted(r[0] for r, _raw in sink.handler.messages) == [
        "attivo1@example.org",
        "attivo2@example.org",
    ]


def test_transient_errors_give_up_after_the_last_attempt(
    sink, settings, sender_user, newsletter_page, mailing_list, audience
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 1
    sink.handler.refuse = {"attivo1@example.org": "452 4.2.2 Casella piena"}
    send = start(newsletter_page, sender_user, [mailing_list])
    assert Delivery.objects.get(subscriber__email="attivo1@example.org").status == "failed"
    assert send.status == Send.Status.DONE


def test_a_server_that_cannot_be_reached_leaves_everything_to_retry(
    settings, sender_user, newsletter_page, mailing_list, audience
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    start(newsletter_page, sender_user, [mailing_list])
    states = set(Delivery.objects.exclude(status="skipped").values_list("status", flat=True))
    assert states == {"pending"}


def test_a_connection_lost_after_the_content_leaves_that_message_in_doubt(
    sink, sender_user, newsletter_page, mailing_list, audience
):
    sink.handler.hang_up_after = {"attivo1@example.org"}
    send = start(newsletter_page, sender_user, [mailing_list])
    states = dict(
        Delivery.objects.exclude(status="skipped").values_list("subscriber__email", "status")
    )
    assert states["attivo0@example.org"] == "sent"
    assert states["attivo1@example.org"] == "in_doubt"  # the server did receive it
    assert states["attivo2@example.org"] == "pending"  # never left: retried later
    assert send.status == Send.Status.SENDING
