"""Many simultaneous sign-ups for one address: one subscriber, one e-mail (PostgreSQL)."""

import threading

from django.core import mail
from django.db import connection
from django.test import Client

import pytest

from newsletter import services
from newsletter.models import ConsentEvent, Subscriber, Subscription
from tests.newsletter.browser import find_form

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


def _post_together(data, addresses):
    barrier = threading.Barrier(len(addresses))
    errors = []

    def post(remote_addr):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post("/newsletter/iscriviti/", data, REMOTE_ADDR=remote_addr)
            assert response.status_code == 303, response.status_code
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(address,)) for address in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.fixture
def form(public_lists):
    page = Client().get("/newsletter/iscriviti/")
    data = find_form(page, "/newsletter/iscriviti/").values()
    data.pop("csrfmiddlewaretoken", None)
    data.update({"email": ["anna@example.org"], "consent": ["on"]})
    data["lists"] = [str(public_lists["newsletter"].pk), str(public_lists["events"].pk)]
    return data


def test_concurrent_subscribes_create_one_subscriber_and_one_email(form, settings):
    settings.NEWSLETTER_SUBSCRIBE_LIMIT_PER_EMAIL = 100
    _post_together(form, [f"198.51.100.{n}" for n in range(THREADS)])
    assert Subscriber.objects.count() == 1
    assert Subscription.objects.count() == 2
    assert len(mail.outbox) == 1
    assert ConsentEvent.objects.filter(action="requested").count() >= 2


def test_the_database_alone_keeps_it_to_one_email(form, settings, monkeypatch):
    """Without the cache's cool-down (several caches, or one evicted), the row lock decides."""
    settings.NEWSLETTER_SUBSCRIBE_LIMIT_PER_EMAIL = 100
    monkeypatch.setattr(services.ratelimit, "claim_once", lambda *args, **kwargs: True)
    _post_together(form, [f"203.0.113.{n}" for n in range(THREADS)])
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 1
