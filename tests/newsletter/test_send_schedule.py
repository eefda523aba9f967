"""Scheduled sends with the real task queue (django-tasks' database backend and run_after)."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from newsletter.models import Send
from newsletter.sending.forms import ROME
from tests.newsletter.test_send_flow import choose, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def run_due_tasks():
    """What ``manage.py db_worker`` does, once: run every task whose time has come."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    names = []
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        if result.task_path.startswith("newsletter."):  # not Wagtail's search indexing
            names.append(result.task_path.rsplit(".", 1)[-1])
        worker.run_task(result)
    return names


def travel_to(monkeypatch, moment):
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def schedule(client, page, mailing_list, moment):
    local = timezone.localtime(moment, ROME).strftime("%Y-%m-%dT%H:%M")
    confirmation = choose(client, page, [mailing_list], when="later", scheduled_at=local)
    assert "Programma l'invio a 3 destinatari" in confirmation.content.decode()
    response = confirm(client, page, confirmation)
    assert response.status_code == 302
    return Send.objects.get(status=Send.Status.SCHEDULED)


def test_a_scheduled_send_runs_at_its_time(
    client, monkeypatch, database_tasks, sender_user, newsletter_page, mailing_list, audience
):
    client.force_login(sender_user)
    at = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    send = schedule(client, newsletter_page, mailing_list, at)
    assert send.scheduled_at == at
    detail = client.get(reverse("newsletter_send_detail", args=[send.pk])).content.decode()
    assert "Annulla l&#x27;invio programmato" in detail or "Annulla l'invio programmato" in detail

    assert run_due_tasks() == []  # the worker honours run_after
    travel_to(monkeypatch, at - timedelta(seconds=1))
    assert run_due_tasks() == []
    assert mail.outbox == []

    travel_to(monkeypatch, at + timedelta(seconds=1))
    ran = run_due_tasks()
    assert ran[0] == "start_send" and "deliver_send" in ran
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in audience)

    # The watchdog it left behind ends by itself.
    travel_to(monkeypatch, at + timedelta(hours=1))
    assert run_due_tasks() == ["watch_send"]
    assert run_due_tasks() == []


def test_a_cancelled_scheduled_send_never_runs(
    client, monkeypatch, database_tasks, sender_user, newsletter_page, mailing_list, audience
):
    client.force_login(sender_user)
    at = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    send = schedule(client, newsletter_page, mailing_list, at)
    client.post(reverse("newsletter_send_cancel", args=[send.pk]))
    send.refresh_from_db()
    assert send.status == Send.Status.CANCELLED
    travel_to(monkeypatch, at + timedelta(minutes=5))
    run_due_tasks()
    send.refresh_from_db()
    assert send.status == Send.Status.CANCELLED
    assert mail.outbox == [] and not send.deliveries.exists()


def test_a_time_in_the_past_is_refused_with_a_message(
    client, sender_user, newsletter_page, mailing_list, audience
):
    client.force_login(sender_user)
    past = timezone.localtime(timezone.now() - timedelta(hours=1), ROME)
    response = choose(
        client,
        newsletter_page,
        [mailing_list],
        when="later",
        scheduled_at=past.strftime("%Y-%m-%dT%H:%M"),
    )
    content = response.content.decode()
    assert "L&#x27;ora scelta è già passata." in content or "L'ora scelta è già passata." in content
    assert 'aria-invalid="true"' in content
    missing = choose(client, newsletter_page, [mailing_list], when="later", scheduled_at="")
    assert "Scrivi la data e l" in missing.content.decode()
    assert Send.objects.count() == 0
