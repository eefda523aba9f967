"""Electoral silence: sends inside a blackout window are refused unless a superuser overrides."""

import uuid
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from newsletter.models import BlackoutWindow, Send
from newsletter.sending import batches, workflow
from tests.newsletter.test_send_flow import choose, confirm, send_url

pytestmark = pytest.mark.django_db


def window(start, end, title="Silenzio elettorale – elezioni comunali"):
    return BlackoutWindow.objects.create(title=title, starts_at=start, ends_at=end)


@pytest.fixture
def silence_now():
    now = timezone.now()
    return window(now - timedelta(hours=1), now + timedelta(hours=23))


def test_a_send_inside_a_window_is_refused_with_the_reason(
    client, sender_user, newsletter_page, mailing_list, audience, silence_now
):
    client.force_login(sender_user)
    confirmation = choose(client, newsletter_page, [mailing_list])
    content = confirmation.content.decode()
    assert "Silenzio elettorale – elezioni comunali" in content
    assert "Invia ora" not in content  # no button for those who cannot override
    data = {
        "mailing_lists": [mailing_list.pk],
        "language": "",
        "when": "now",
        "request_key": str(uuid.uuid4()),
    }
    refused = client.post(send_url(newsletter_page), data)
    assert refused.status_code == 200
    assert "la newsletter non parte" in refused.content.decode()
    assert Send.objects.count() == 0 and mail.outbox == []


def test_a_scheduled_send_inside_a_window_is_refused(
    client, sender_user, newsletter_page, mailing_list, audience
):
    tomorrow = timezone.localtime() + timedelta(days=1)
    window(tomorrow - timedelta(hours=2), tomorrow + timedelta(hours=2))
    client.force_login(sender_user)
    when = tomorrow.strftime("%Y-%m-%dT%H:%M")
    confirmation = choose(client, newsletter_page, [mailing_list], when="later", scheduled_at=when)
    assert "Programma l'invio" not in confirmation.content.decode()
    with pytest.raises(workflow.SendRefused, match="silenzio elettorale"):
        workflow.request_send(
            newsletter_page,
            user=sender_user,
            lists=[mailing_list],
            request_key=uuid.uuid4(),
            scheduled_at=tomorrow,
        )


def test_a_superuser_overrides_with_a_recorded_reason(
    client, superuser, newsletter_page, mailing_list, audience, silence_now
):
    client.force_login(superuser)
    confirmation = choose(client, newsletter_page, [mailing_list])
    assert 'name="override_reason"' in confirmation.content.decode()
    without_reason = confirm(client, newsletter_page, confirmation)
    assert "la newsletter non parte" in without_reason.content.decode()
    assert Send.objects.count() == 0

    html = confirmation.content.decode()
    key = html.split('name="request_key" value="')[1].split('"')[0]
    data = {
        "mailing_lists": [mailing_list.pk],
        "language": "",
        "when": "now",
        "request_key": key,
        "override_reason": "Comunicazione di servizio sul seggio, non propaganda.",
    }
    response = client.post(send_url(newsletter_page), data)
    send = Send.objects.get()
    assert response.status_code == 302
    assert send.blackout_override_by == superuser
    assert send.blackout_override_reason.startswith("Comunicazione di servizio")
    assert send.status == Send.Status.DONE and len(mail.outbox) == 3
    detail = client.get(reverse("newsletter_send_detail", args=[send.pk])).content.decode()
    assert "Comunicazione di servizio sul seggio" in detail


def test_only_superusers_may_override(sender_user, newsletter_page, mailing_list, silence_now):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        workflow.request_send(
            newsletter_page,
            user=sender_user,
            lists=[mailing_list],
            request_key=uuid.uuid4(),
            override_reason="Perché sì",
        )


def test_a_window_added_after_scheduling_stops_the_start(
    sender_user, newsletter_page, mailing_list, audience
):
    later = timezone.now() + timedelta(hours=3)
    send, _created = workflow.request_send(
        newsletter_page,
        user=sender_user,
        lists=[mailing_list],
        request_key=uuid.uuid4(),
        scheduled_at=later,
    )
    now = timezone.now()
    window(now - timedelta(minutes=1), now + timedelta(hours=5))
    Send.objects.filter(pk=send.pk).update(scheduled_at=now)  # its time has come
    assert workflow.start(send.pk) is False
    send.refresh_from_db()
    assert send.status == Send.Status.FAILED
    assert "Silenzio elettorale" in send.status_note
    assert mail.outbox == []


def test_a_running_send_pauses_when_a_window_begins(
    client, monkeypatch, settings, sender_user, superuser, newsletter_page, mailing_list, audience
):
    settings.NEWSLETTER_BATCH_SIZE = 1
    launch = workflow.launch_batches
    monkeypatch.setattr(workflow, "launch_batches", lambda *args, **kwargs: None)
    send, _created = workflow.request_send(
        newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
    )
    batches.deliver_batch(batches.SendContext(send), 1)
    now = timezone.now()
    window(now - timedelta(seconds=1), now + timedelta(hours=2))
    batches.run(send.pk)
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED and "Silenzio elettorale" in send.status_note
    assert len(mail.outbox) == 1

    # Editors cannot resume inside the window; a superuser can, giving the reason.
    monkeypatch.setattr(workflow, "launch_batches", launch)
    client.force_login(sender_user)
    client.post(reverse("newsletter_send_resume", args=[send.pk]))
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    client.force_login(superuser)
    client.post(
        reverse("newsletter_send_resume", args=[send.pk]),
        {"override_reason": "Avviso urgente sul cambio di seggio."},
    )
    send.refresh_from_db()
    assert send.status == Send.Status.DONE and len(mail.outbox) == 3
    assert send.blackout_override_by == superuser


def test_editors_keep_the_windows_in_the_admin(client, editor):
    client.force_login(editor)
    add = reverse("newsletter_blackout:add")
    assert client.get(add).status_code == 200
    bad = client.post(
        add,
        {"title": "Referendum", "starts_at": "2027-06-02 00:00", "ends_at": "2027-06-01 00:00"},
    )
    assert bad.status_code == 200 and BlackoutWindow.objects.count() == 0
    assert "La fine deve venire dopo l&#x27;inizio." in bad.content.decode()
    client.post(
        add,
        {"title": "Referendum", "starts_at": "2027-06-01 00:00", "ends_at": "2027-06-03 00:00"},
    )
    created = BlackoutWindow.objects.get()
    assert timezone.localtime(created.starts_at).hour == 0  # entered in Italian time
