"""Sending a newsletter from the admin, the way an editor does it.

Compose → preview → test send → choose lists → see the exact count → confirm → every active
subscriber gets exactly one e-mail with working personal links and RFC 8058 headers.
"""

import email
import re
import uuid

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from newsletter import services
from newsletter.models import (
    ConsentEvent,
    Delivery,
    NewsletterSettings,
    Send,
    Subscription,
)
from newsletter.sending import batches, workflow
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

UNSUBSCRIBE_LINK = re.compile(r"http://testserver(/newsletter/disiscriviti/[^/\s]+/)")


def send_url(page):
    return reverse("newsletter_send", args=[page.pk])


def choose(client, page, lists, **extra):
    """Fill the send form (GET: nothing changes) and return the confirmation page."""
    params = {"mailing_lists": [ml.pk for ml in lists], "language": "", "when": "now", **extra}
    return client.get(send_url(page), params)


def confirm(client, page, confirmation):
    """Press the confirm button of a confirmation page: post its hidden fields."""
    html = confirmation.content.decode()
    form = html[html.index('<form method="post"') :]
    form = form[: form.index("</form>")]
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    return client.post(send_url(page), data)


def test_compose_preview_test_send_then_send_to_a_list(
    client, sender_user, newsletter_page, mailing_list, audience, site
):
    NewsletterSettings.objects.update_or_create(site=site, defaults={"test_recipients": ""})
    client.force_login(sender_user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[newsletter_page.pk]))
    assert send_url(newsletter_page) in edit.content.decode()

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[newsletter_page.pk])
    from tests.newsletter.test_compose import _preview

    assert _preview(client, newsletter_page, "email").status_code == 200
    assert client.get(preview_url, {"mode": "text"}).status_code == 200

    client.post(reverse("newsletter_test_send", args=[newsletter_page.pk]))
    assert [m.to for m in mail.outbox] == [[sender_user.email]]
    assert Delivery.objects.count() == 0 and Send.objects.count() == 0
    mail.outbox.clear()

    screen = client.get(send_url(newsletter_page))
    assert screen.status_code == 200
    assert "Notizie (4 iscritti attivi)" in screen.content.decode()  # suppressed included
    confirmation = choose(client, newsletter_page, [mailing_list])
    content = confirmation.content.decode()
    assert "3 destinatari" in content
    assert "Escluso 1 indirizzo bloccato." in content
    assert "Invia ora a 3 destinatari" in content
    assert Send.objects.count() == 0  # the GET changed nothing

    response = confirm(client, newsletter_page, confirmation)
    send = Send.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter_send_detail", args=[send.pk])
    assert send.status == Send.Status.DONE
    assert send.recipients_total == 3

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(s.email for s in audience)
    for message in mail.outbox:
        parsed = email.message_from_bytes(message.message().as_bytes())
        assert parsed["Subject"] == "Novembre in piazza"
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert parsed["List-Id"] == '"Officina Comune" <newsletter.testserver>'
        assert parsed["Message-ID"].endswith("@testserver>")
        header_link = re.sub(r"\s+", "", parsed["List-Unsubscribe"]).strip("<>")  # unfold
        assert header_link.startswith("http://testserver/newsletter/disiscriviti/")
        assert header_link in message.body  # the visible link is the one-click URL too
        assert "%%PIAZZA" not in message.body + message.alternatives[0][0]

    # The report: the editor follows the send's page.
    detail = client.get(response["Location"])
    assert "Resoconto" in detail.content.decode()
    assert "attivo0@example.org" not in detail.content.decode()  # numbers, never addresses

    # A recipient uses their personal one-click unsubscribe (RFC 8058: a bare POST).
    message = next(m for m in mail.outbox if m.to == ["attivo1@example.org"])
    path = UNSUBSCRIBE_LINK.search(message.body)[1]
    client.logout()
    assert client.get(path).status_code == 200
    one_click = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    subscription = Subscription.objects.get(subscriber__email="attivo1@example.org")
    assert subscription.status == Subscription.Status.UNSUBSCRIBED

    # Sending the same newsletter again reaches nobody twice.
    client.force_login(sender_user)
    mail.outbox.clear()
    again = choose(client, newsletter_page, [mailing_list])
    assert "0 destinatari" in again.content.decode()


def test_pending_unsubscribed_and_suppressed_get_nothing(
    sender_user, newsletter_page, mailing_list, audience
):
    workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    received = {m.to[0] for m in mail.outbox}
    assert received == {s.email for s in audience}
    assert not received & {"inattesa@example.org", "uscito@example.org", "bloccato@example.org"}
    skipped = Delivery.objects.get(status=Delivery.Status.SKIPPED)
    assert skipped.subscriber.email == "bloccato@example.org"
    assert skipped.error == "suppressed"


def test_double_submit_creates_one_send_and_one_email_each(
    client, sender_user, newsletter_page, mailing_list, audience
):
    client.force_login(sender_user)
    confirmation = choose(client, newsletter_page, [mailing_list])
    first = confirm(client, newsletter_page, confirmation)
    second = confirm(client, newsletter_page, confirmation)
    assert first["Location"] == second["Location"]
    assert Send.objects.count() == 1
    assert len(mail.outbox) == 3
    # A fresh form for the same newsletter while one is active is refused with a reason.
    send = Send.objects.get()
    Send.objects.filter(pk=send.pk).update(status=Send.Status.PAUSED)
    with pytest.raises(workflow.SendRefused):
        workflow.request_send(
            newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
        )


def test_a_person_on_two_lists_gets_one_email_and_leaves_both_with_one_click(
    client, sender_user, newsletter_page, mailing_list, other_list
):
    person = make_subscriber("doppia@example.org", mailing_list)
    Subscription.objects.create(subscriber=person, mailing_list=other_list, status="active")
    make_subscriber("sola@example.org", other_list)
    workflow.request_send(
        newsletter_page,
        user=sender_user,
        lists=[mailing_list, other_list],
        request_key=uuid.uuid4(),
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["doppia@example.org", "sola@example.org"]
    assert Delivery.objects.get(subscriber=person).mailing_list is None
    message = next(m for m in mail.outbox if m.to == ["doppia@example.org"])
    client.post(UNSUBSCRIBE_LINK.search(message.body)[1], {"List-Unsubscribe": "One-Click"})
    assert not person.subscriptions.active().exists()


def test_only_the_published_revision_is_sent_frozen_at_the_start(
    monkeypatch, sender_user, newsletter_page, mailing_list, audience
):
    draft = newsletter_page.get_latest_revision_as_object()
    draft.subject = "Bozza non pubblicata"
    draft.save_revision()
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    assert send.status == Send.Status.SENDING and mail.outbox == []
    # Published after the start: recipients still get what was frozen.
    later = newsletter_page.get_latest_revision_as_object()
    later.subject = "Pubblicata dopo la partenza"
    later.save_revision().publish()
    batches.run(send.pk)
    assert {m.subject for m in mail.outbox} == {"Novembre in piazza"}


def test_an_unpublished_newsletter_cannot_be_sent(
    client, sender_user, newsletter_page, mailing_list, audience
):
    newsletter_page.unpublish()
    client.force_login(sender_user)
    screen = client.get(send_url(newsletter_page))
    assert "si può inviare solo una versione pubblicata" in screen.content.decode()
    with pytest.raises(workflow.SendRefused):
        workflow.request_send(
            newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
        )
    assert Send.objects.count() == 0


def test_unsubscribe_mid_send_gets_nothing_more(
    monkeypatch, settings, sender_user, newsletter_page, mailing_list, audience
):
    settings.NEWSLETTER_BATCH_SIZE = 1
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    context = batches.SendContext(send)
    assert batches.deliver_batch(context, 1) == 1
    first = mail.outbox[0].to[0]
    leaving, suppressed = (s for s in audience if s.email != first)
    services.unsubscribe(leaving, evidence=services.Evidence(source="test"))
    services.record_delivery_problem(
        suppressed.email, ConsentEvent.Action.COMPLAINED, evidence=services.Evidence()
    )
    batches.run(send.pk)
    assert [m.to[0] for m in mail.outbox] == [first]
    assert Delivery.objects.get(subscriber=leaving).error == "unsubscribed"
    assert Delivery.objects.get(subscriber=suppressed).error == "suppressed"
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


def test_erased_mid_send_is_skipped_and_detached(
    monkeypatch, sender_user, newsletter_page, mailing_list, audience
):
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    services.erase(audience[0], evidence=services.Evidence(source="test"))
    batches.run(send.pk)
    assert len(mail.outbox) == 2
    erased = Delivery.objects.get(subscriber__isnull=True, status=Delivery.Status.SKIPPED)
    assert erased.error == "erased"


def test_language_versions_and_the_fallback_rule(
    client, sender_user, newsletter_page, mailing_list, newsletter_index
):
    from wagtail.models import Locale

    make_subscriber("italiana@example.org", mailing_list, language="it")
    make_subscriber("inglese@example.org", mailing_list, language="en")
    english = Locale.objects.create(language_code="en")
    client.force_login(sender_user)

    # No English translation yet: English readers get the Italian version, and are told so.
    confirmation = choose(client, newsletter_page, [mailing_list])
    content = confirmation.content.decode()
    assert "la traduzione non è pubblicata" in content

    translation = newsletter_page.copy_for_translation(english, copy_parents=True)
    translation.subject = "November in the square"
    translation.save_revision().publish()
    confirmation = choose(client, newsletter_page, [mailing_list])
    assert "la versione in questa lingua" in confirmation.content.decode()
    # The send screen counts the recipients of each language and names the version they get.
    from bs4 import BeautifulSoup

    rows = BeautifulSoup(confirmation.content, "html.parser").select("table tbody tr")
    counts = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in rows}
    assert len(counts) == 2 and sorted(counts.values()) == ["1", "1"], counts
    only_english = choose(client, newsletter_page, [mailing_list], language="en")
    assert "1 destinatario" in only_english.content.decode()

    confirm(client, newsletter_page, confirmation)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "italiana@example.org": "Novembre in piazza",
        "inglese@example.org": "November in the square",
    }


def test_progress_json_and_detail_pages_have_pinned_query_counts(
    client, sender_user, newsletter_page, mailing_list, audience, django_assert_num_queries
):
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    client.force_login(sender_user)
    url = reverse("newsletter_send_status", args=[send.pk])
    client.get(url)  # session and user loaded once
    # Session, user, permissions (2), the send, the counts by state.
    with django_assert_num_queries(7):
        data = client.get(url).json()
    assert data["sent"] == 3 and data["pending"] == 0 and data["finished"] is True
    assert data["status"] == "done" and data["percent"] == 100
    for number in range(30):
        make_subscriber(f"altro{number}@example.org", mailing_list)
    Send.objects.filter(pk=send.pk).update(status=Send.Status.CANCELLED)
    workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    with django_assert_num_queries(7):
        client.get(url)
    index = client.get(reverse("newsletter_send_index"))
    assert index.status_code == 200 and "Numero di novembre" in index.content.decode()


def test_pause_resume_and_cancel_from_the_admin(
    client, monkeypatch, sender_user, newsletter_page, mailing_list, audience
):
    launch = workflow.launch_batches
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    client.force_login(sender_user)
    detail = reverse("newsletter_send_detail", args=[send.pk])
    page = client.get(detail).content.decode()
    assert "send-progress.js" in page and 'http-equiv="refresh"' in page
    client.post(reverse("newsletter_send_pause", args=[send.pk]))
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    assert batches.run(send.pk) == 0 and mail.outbox == []
    page = client.get(detail).content.decode()
    assert "Riprendi l'invio" in page and "send-progress.js" not in page

    monkeypatch.setattr(workflow, "launch_batches", launch)
    client.post(reverse("newsletter_send_resume", args=[send.pk]))
    send.refresh_from_db()
    assert send.status == Send.Status.DONE and len(mail.outbox) == 3

    # Cancelling the rest of a paused send: nothing more leaves.
    mail.outbox.clear()
    make_subscriber("nuova@example.org", mailing_list)
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    Send.objects.filter(pk=send.pk).update(status=Send.Status.CANCELLED)
    second, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    workflow.pause(second, user=sender_user)
    client.post(reverse("newsletter_send_cancel", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == Send.Status.CANCELLED
    new = second.deliveries.get(subscriber__email="nuova@example.org")
    assert new.status == Delivery.Status.CANCELLED
    assert batches.run(second.pk) == 0 and mail.outbox == []


@pytest.mark.parametrize("role", ["volunteer", "editor", "privacy_officer"])
def test_without_the_send_permission_there_is_no_button_and_403(
    client, request, role, newsletter_page, mailing_list, audience, sender_user
):
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    user = request.getfixturevalue(role)
    client.force_login(user)
    if role != "privacy_officer":
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[newsletter_page.pk]))
        assert edit.status_code == 200
        assert send_url(newsletter_page) not in edit.content.decode()
    assert client.get(send_url(newsletter_page)).status_code == 403
    data = {"mailing_lists": [mailing_list.pk], "when": "now", "request_key": str(uuid.uuid4())}
    assert client.post(send_url(newsletter_page), data).status_code == 403
    for name in ("newsletter_send_detail", "newsletter_send_status"):
        assert client.get(reverse(name, args=[send.pk])).status_code == 403
    for name in ("newsletter_send_pause", "newsletter_send_resume", "newsletter_send_cancel"):
        assert client.post(reverse(name, args=[send.pk])).status_code == 403
    assert client.get(reverse("newsletter_send_index")).status_code == 403
    assert Send.objects.count() == 1


def test_get_never_changes_anything(client, sender_user, newsletter_page, mailing_list, audience):
    client.force_login(sender_user)
    send, _created = workflow.request_send(
        newsletter_page,
        user=sender_user,
        lists=[mailing_list],
        request_key=uuid.uuid4(),
        scheduled_at=timezone.now() + timezone.timedelta(days=1),
    )
    for name in ("newsletter_send_pause", "newsletter_send_cancel", "newsletter_send_resume"):
        assert client.get(reverse(name, args=[send.pk])).status_code == 405
    send.refresh_from_db()
    assert send.status == Send.Status.SCHEDULED


def test_the_permission_is_checked_again_when_the_task_runs(
    sender_user, newsletter_page, mailing_list, audience
):
    send, _created = workflow.request_send(
        newsletter_page,
        user=sender_user,
        lists=[mailing_list],
        request_key=uuid.uuid4(),
        scheduled_at=timezone.now() + timezone.timedelta(hours=1),
    )
    sender_user.groups.remove(Group.objects.get(name="Newsletter"))
    Send.objects.filter(pk=send.pk).update(scheduled_at=timezone.now())
    from newsletter.tasks import start_send

    start_send.call(send.pk)
    send.refresh_from_db()
    assert send.status == Send.Status.FAILED
    assert "non ha più il permesso" in send.status_note
    assert mail.outbox == [] and not send.deliveries.exists()


def test_a_revoked_permission_pauses_a_running_send(
    monkeypatch, sender_user, newsletter_page, mailing_list, audience
):
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    sender_user.groups.remove(Group.objects.get(name="Newsletter"))
    assert batches.run(send.pk) == 0
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED and mail.outbox == []


def test_batch_links_are_the_personal_links_of_links_py(mailing_list, other_list):
    from newsletter import links
    from newsletter.sending.personal_links import PersonalLinks

    fast = PersonalLinks()
    for language in ("it", "en"):
        person = make_subscriber(f"link-{language}@example.org", mailing_list, language=language)
        for chosen in (mailing_list, None):
            assert fast.unsubscribe_url(person, chosen) == links.unsubscribe_url(person, chosen)
        assert fast.manage_url(person) == links.manage_url(person)
