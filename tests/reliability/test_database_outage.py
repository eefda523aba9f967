"""The database restarted or unreachable: visitors get a clear 503 page (never a traceback),
nothing is half written, and the site recovers by itself once the database is back."""

import datetime
import re

from django.core import mail
from django.db import OperationalError, close_old_connections
from django.test import Client

import pytest

from events.models import Registration, RegistrationMode
from newsletter.models import ConsentEvent, Subscriber, Subscription
from program.models import ContributionSubmission
from tests.factories.events import VenueFactory, publish_event
from tests.factories.program import contribution_form, phase, process, process_index
from tests.newsletter.browser import find_form
from tests.newsletter.conftest import privacy_page, public_lists, site_settings  # noqa: F401
from tests.reliability.conftest import cut_after_writes

SUBSCRIBE = "/newsletter/iscriviti/"


def assert_is_the_outage_page(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert "momentaneamente non disponibile" in response.text
    assert "non è stato salvato nulla" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    # Still under the site's policy, and styled by the site's own stylesheet.
    assert "Content-Security-Policy" in response.headers
    assert "/static/css/site.css" in response.text


# --- Any database: the 503 answer itself --------------------------------------------------


@pytest.mark.django_db
def test_a_view_that_loses_the_database_answers_503(client, home_page, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("wagtail.models.Page.route", lost)
    assert_is_the_outage_page(client.get("/"))


@pytest.mark.django_db
def test_middleware_that_loses_the_database_answers_503_too(home_page, editor, monkeypatch):
    """Sessions are read by middleware, before any view: the 500 handler sends the 503 page."""
    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def lost(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", lost)
    assert_is_the_outage_page(client.get("/admin/"))


@pytest.mark.django_db
def test_other_errors_are_still_500_pages(home_page, monkeypatch):
    client = Client(raise_request_exception=False)

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("wagtail.models.Page.route", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert "Qualcosa non ha funzionato" in response.text


# --- PostgreSQL behind a proxy the test cuts ----------------------------------------------

DRILL = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class ServerClient(Client):
    """The test client with what Django's request handler does around every request and the
    test client leaves out: ``close_old_connections`` at the start and the end, which drops a
    connection that failed so that the next request reconnects."""

    def request(self, **request):
        close_old_connections()
        try:
            return super().request(**request)
        finally:
            close_old_connections()


@pytest.fixture
def outage_world(home_page, public_lists, settings):  # noqa: F811
    """The three public forms: subscribe, an event registration and a contribution form."""
    from django.core.cache import cache

    cache.clear()
    settings.PAGE_CACHE_SECONDS = 0
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10)
    calendar = publish_child_calendar(home_page)
    event = publish_event(
        calendar,
        title="Assemblea",
        start=soon,
        end=soon + datetime.timedelta(hours=2),
        venue=VenueFactory(),
        registration=RegistrationMode.SITE,
        capacity=10,
    )
    labs = process(
        process_index(home_page),
        "Laboratori",
        phases=[phase("Avvio", datetime.date(2025, 9, 1))],
    )
    form_page = contribution_form(labs, to_address="redazione@example.org")
    return {"lists": public_lists, "event": event, "form_page": form_page}


def publish_child_calendar(home_page):
    from events.models import EventIndexPage

    index = EventIndexPage(title="Eventi", slug="eventi")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def subscribe_data(client, email):
    data = find_form(client.get(SUBSCRIBE), SUBSCRIBE).values()
    data.update({"email": [email], "consent": ["on"]})
    return data


def rsvp_data(email):
    return {"name": "Anna Rossi", "email": email, "consent": "on"}


def contribution_data(client, page):
    html = client.get(page.url).text
    revision = re.search(r'name="privacy_revision" value="([^"]*)"', html)
    return {
        "privacy_revision": revision.group(1) if revision else "",
        "il_tuo_nome": "Giulia",
        "la_tua_proposta": "Una panchina al parco.",
        "privacy_consent": "on",
    }


def submissions(client, world, email):
    """``(label, url, data)`` of one submission of each public form, read while the database
    is up (as the visitor's browser had the forms before the outage)."""
    return [
        ("subscribe", SUBSCRIBE, subscribe_data(client, email)),
        ("rsvp", world["event"].url + "iscrizione/", rsvp_data(email)),
        ("contribution", world["form_page"].url, contribution_data(client, world["form_page"])),
    ]


def state():
    return {
        "subscribers": Subscriber.objects.count(),
        "subscriptions": Subscription.objects.count(),
        "consent_events": ConsentEvent.objects.count(),
        "registrations": Registration.objects.count(),
        "contributions": ContributionSubmission.objects.count(),
    }


def assert_consistent():
    """No half-written request: every subscriber has its subscriptions and their consent
    events; every registration carries its consent."""
    for subscriber in Subscriber.objects.all():
        subscriptions = list(subscriber.subscriptions.all())
        assert subscriptions, subscriber.email
        for subscription in subscriptions:
            assert ConsentEvent.objects.filter(
                subscriber=subscriber,
                mailing_list_id=subscription.mailing_list_id,
                action=ConsentEvent.Action.REQUESTED,
            ).exists()
    assert not Registration.objects.filter(consent_text__isnull=True).exists()


@DRILL[0]
@DRILL[1]
def test_forms_and_pages_answer_503_while_the_database_is_down_then_recover(
    database_proxy, outage_world
):
    client = ServerClient(raise_request_exception=False)
    forms = submissions(client, outage_world, "anna@example.org")
    before = state()

    database_proxy.cut()
    for label, url, data in forms:
        response = client.post(url, data)
        assert_is_the_outage_page(response)
        assert label  # every form gave the outage page
    for path in ("/", "/search/?q=assemblea", outage_world["event"].url):
        assert_is_the_outage_page(client.get(path))

    database_proxy.restore()
    # Nothing was written while the database was away; the next requests reconnect by
    # themselves and the same submissions go through.
    close_old_connections()  # the test's own queries share this process's connection
    assert state() == before
    mail.outbox.clear()
    for label, url, data in forms:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 303), (label, response.status_code)
    after = state()
    assert after["subscribers"] == before["subscribers"] + 1
    assert after["registrations"] == before["registrations"] + 1
    assert after["contributions"] == before["contributions"] + 1
    assert client.get("/").status_code == 200
    assert_consistent()


@DRILL[0]
@DRILL[1]
@pytest.mark.parametrize("form", ["subscribe", "rsvp", "contribution"])
def test_a_connection_lost_in_the_middle_of_a_submission_writes_nothing(
    database_proxy, outage_world, form
):
    client = ServerClient(raise_request_exception=False)
    label, url, data = next(
        item for item in submissions(client, outage_world, "bea@example.org") if item[0] == form
    )
    before = state()
    with cut_after_writes(database_proxy, writes=1) as seen:
        response = client.post(url, data)
    assert seen["writes"] >= 1, "the submission wrote nothing: the drill tested nothing"
    assert_is_the_outage_page(response)
    database_proxy.restore()
    close_old_connections()
    assert state() == before, label
    assert_consistent()
    # Sent again once the database is back, it is recorded once.
    assert client.post(url, data).status_code in (200, 302, 303)
    assert_consistent()
