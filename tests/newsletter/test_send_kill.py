"""``kill -9`` of a real worker in the middle of a batch, then a new worker: the send ends,
nobody gets a second copy, and the batch that was on the wire is reported as in doubt."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection

import pytest

from newsletter.models import Send
from newsletter.sending import workflow
from tests.newsletter.conftest import make_subscriber
from tests.newsletter.smtp_sink import RecordingHandler, SMTPSink

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


class StallingHandler(RecordingHandler):
    """Accepts messages, but holds the answer to the ``stall_at``-th DATA until released."""

    def __init__(self, stall_at):
        super().__init__()
        self.stall_at = stall_at
        self.stalled = False
        self.release = False

    async def handle_DATA(self, server, session, envelope):
        if self.count + 1 == self.stall_at and not self.stalled:
            self.stalled = True
            while not self.release:
                await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


def start_worker(port, database_port=None):
    """A real ``db_worker`` sending to the SMTP server on ``port``; its database connection
    goes to ``database_port`` on the loopback interface when given (a proxy)."""
    database = dict(connection.settings_dict)
    host = "127.0.0.1" if database_port else database["HOST"] or "127.0.0.1"
    url = (
        f"postgres://{database['USER']}@{host}:"
        f"{database_port or database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PIAZZA_TEST_SMTP_PORT": str(port),
        "DJANGO_SETTINGS_MODULE": "tests.newsletter.worker_settings",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
            "--queue-name",
            "*",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_kill_9_during_a_batch_then_restart(
    settings, sender_user, newsletter_page, mailing_list, monkeypatch
):
    people = [make_subscriber(f"p{n:02}@example.org", mailing_list) for n in range(30)]
    handler = StallingHandler(stall_at=16)  # the 6th message of the second batch
    workers = []
    with SMTPSink(handler) as sink:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        }
        send, _created = workflow.request_send(
            newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
        )
        try:
            workers.append(start_worker(sink.port))
            assert wait_for(lambda: handler.stalled), "the worker never reached the stall"
            # The first batch's outcome is written while the second is on the wire.
            assert wait_for(lambda: send.deliveries.filter(status="sent").count() == 10)
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(10)
            handler.release = True  # the server accepted the message it was holding

            workers.append(start_worker(sink.port))
            assert wait_for(lambda: Send.objects.get(pk=send.pk).status == Send.Status.DONE), (
                Counter(Send.objects.get(pk=send.pk).deliveries.values_list("status", flat=True))
            )
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(10)

    states = Counter(send.deliveries.values_list("status", flat=True))
    assert states == {"sent": 20, "in_doubt": 10}
    received = Counter(rcpts[0] for rcpts, _raw in handler.messages)
    assert max(received.values()) == 1  # nobody got a second copy
    sent = set(send.deliveries.filter(status="sent").values_list("subscriber__email", flat=True))
    assert all(received[address] == 1 for address in sent)  # what is marked sent arrived
    doubtful = set(
        send.deliveries.filter(status="in_doubt").values_list("subscriber__email", flat=True)
    )
    assert sent | doubtful == {p.email for p in people}  # nobody eligible was skipped
    assert 0 < sum(received[address] for address in doubtful) < len(doubtful)
    assert django_settings.EMAIL_BACKEND  # the test process itself sent nothing
