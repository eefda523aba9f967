"""The database unreachable for a few seconds in the middle of a newsletter send: a real task
worker, connected through a proxy the test cuts, finishes the send once the database is
back (restarted like systemd would if it exits); every recipient is accounted for and nobody
gets a second copy."""

import time
import uuid
from collections import Counter

from django.db import connection

import pytest

from newsletter.models import Send
from newsletter.sending import workflow
from tests.newsletter.conftest import make_subscriber
from tests.newsletter.smtp_sink import SMTPSink
from tests.newsletter.test_send_kill import StallingHandler, start_worker, wait_for
from tests.reliability.proxy import TCPProxy

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_send_resumes_by_itself_after_the_database_was_unreachable(
    settings, sender_user, newsletter_page, mailing_list
):
    people = [make_subscriber(f"o{n:02}@example.org", mailing_list) for n in range(30)]
    handler = StallingHandler(stall_at=16)  # in the middle of the second batch of ten
    database = connection.settings_dict
    with (
        SMTPSink(handler) as sink,
        TCPProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)) as proxy,
    ):
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        }
        send, _created = workflow.request_send(
            newsletter_page, user=sender_user, lists=[mailing_list], request_key=uuid.uuid4()
        )
        # Like systemd's Restart=always for the worker (README, "Deployment"): a worker that
        # exits is started again; nothing else is done by hand.
        workers = [start_worker(sink.port, database_port=proxy.port)]

        def done():
            if workers[-1].poll() is not None:
                workers.append(start_worker(sink.port, database_port=proxy.port))
            return Send.objects.get(pk=send.pk).status == Send.Status.DONE

        try:
            assert wait_for(lambda: handler.stalled), "the worker never reached the stall"
            # The worker loses the database while a batch is on the wire, and for a while.
            proxy.cut()
            handler.release = True
            time.sleep(4)
            proxy.restore()
            assert wait_for(done, timeout=120), Counter(
                Send.objects.get(pk=send.pk).deliveries.values_list("status", flat=True)
            )
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(10)

    states = Counter(send.deliveries.values_list("status", flat=True))
    assert set(states) <= {"sent", "in_doubt"}, states
    received = Counter(rcpts[0] for rcpts, _raw in handler.messages)
    assert max(received.values()) == 1  # nobody got a second copy
    sent = set(send.deliveries.filter(status="sent").values_list("subscriber__email", flat=True))
    assert all(received[address] == 1 for address in sent)  # what is marked sent arrived
    doubtful = set(
        send.deliveries.filter(status="in_doubt").values_list("subscriber__email", flat=True)
    )
    assert sent | doubtful == {p.email for p in people}  # nobody eligible was skipped
    assert states["sent"] >= 20  # only the batch on the wire during the outage is in doubt
