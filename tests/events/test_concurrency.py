"""Places under pressure: simultaneous confirmations on PostgreSQL, with real threads."""

import threading

from django.db import connection, connections

import pytest

from events import rsvp, tokens
from events.forms import CONSENT_WORDING
from events.models import Registration, RegistrationTally
from home.legal import LegalTextVersion

# Real transactions (each thread has its own connection); the data the migrations create
# (locales, groups) is restored after each test.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Status = Registration.Status


def run_together(functions):
    """Run ``functions`` in threads released at the same moment; return their outcomes."""
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            outcomes[index] = function()
        except Exception as error:  # recorded and checked by the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def pending(event, count):
    consent = LegalTextVersion.objects.consent(CONSENT_WORDING)
    for number in range(count):
        rsvp.register(
            event, name=f"Persona {number}", email=f"p{number}@example.org", consent_text=consent
        )
    return list(Registration.objects.filter(event=event).order_by("pk"))


@pytest.mark.parametrize("waiting_list", [True, False], ids=["waiting-list", "no-waiting-list"])
def test_simultaneous_confirmations_never_exceed_capacity(rsvp_event, waiting_list):
    assert connection.vendor == "postgresql"
    rsvp_event.capacity = 3
    rsvp_event.waiting_list = waiting_list
    rsvp_event.save_revision().publish()
    registrations = pending(rsvp_event, 12)
    confirm_links = [tokens.make_token(r, tokens.CONFIRM) for r in registrations]

    outcomes = run_together([lambda token=token: rsvp.confirm(token) for token in confirm_links])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count(Status.CONFIRMED) == 3
    other = Status.WAITING if waiting_list else Status.REFUSED
    assert statuses.count(other) == 9
    tally = RegistrationTally.objects.get(event_key=rsvp_event.translation_key)
    assert tally.confirmed == 3


def test_cancellations_and_confirmations_at_once_keep_the_count_right(rsvp_event):
    rsvp_event.capacity = 4
    rsvp_event.save_revision().publish()
    registrations = pending(rsvp_event, 10)
    for registration in registrations[:4]:
        rsvp.confirm(tokens.make_token(registration, tokens.CONFIRM))
    cancels = [lambda r=r: rsvp.cancel(r) for r in registrations[:2]]
    links = [tokens.make_token(r, tokens.CONFIRM) for r in registrations[4:]]
    confirms = [lambda token=token: rsvp.confirm(token) for token in links]

    outcomes = run_together(cancels + confirms)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count(Status.CONFIRMED) == 4  # every freed place taken, never more
    assert statuses.count(Status.CANCELLED) == 2
    assert statuses.count(Status.WAITING) == 4


def test_the_same_address_twice_at_once_makes_one_registration(rsvp_event):
    consent = LegalTextVersion.objects.consent(CONSENT_WORDING)

    def sign_up():
        return rsvp.register(
            rsvp_event, name="Anna", email="anna@example.org", consent_text=consent
        )

    outcomes = run_together([sign_up] * 6)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Registration.objects.filter(email="anna@example.org").count() == 1
