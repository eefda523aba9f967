"""Personal links: confirmation, preferences and unsubscribe; tampering, expiry and replay."""

from datetime import timedelta
from html import unescape

from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

import pytest

from newsletter import links, services, tokens
from newsletter.models import ConsentEvent, Subscriber, Subscription
from tests.factories.newsletter import SubscriptionFactory
from tests.newsletter.browser import links_in, submit

pytestmark = pytest.mark.django_db

GENERIC = "Questo collegamento non vale più"


@pytest.fixture
def pending(public_lists):
    """A pending request and the path of the confirmation link e-mailed for it."""
    services.subscribe(
        "anna@example.org",
        [public_lists["newsletter"], public_lists["events"]],
        evidence=services.Evidence(source="test"),
    )
    path = next(p for p in links_in(mail.outbox[-1].body) if "/conferma/" in p)
    return Subscriber.objects.get(), path


@pytest.fixture
def active(public_lists):
    subscription = SubscriptionFactory(
        mailing_list=public_lists["newsletter"], subscriber__email="bruno@example.org"
    )
    SubscriptionFactory(mailing_list=public_lists["events"], subscriber=subscription.subscriber)
    return subscription.subscriber


def path_of(url):
    return url.removeprefix("http://testserver")


def statuses(subscriber):
    return set(subscriber.subscriptions.values_list("status", flat=True))


def assert_generic_error(response):
    assert response.status_code == 400
    assert GENERIC in unescape(response.text)
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


# --- Confirmation ----------------------------------------------------------------------


def test_opening_the_confirmation_link_changes_nothing(client, pending):
    subscriber, path = pending
    for _attempt in range(3):
        response = client.get(path)
        assert response.status_code == 200
    client.head(path)
    assert statuses(subscriber) == {"pending"}
    assert not ConsentEvent.objects.filter(action="confirmed").exists()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_confirming_twice_replays_nothing(client, pending):
    subscriber, path = pending
    first = submit(client, client.get(path))
    assert first.status_code == 200
    assert statuses(subscriber) == {"active"}
    events = ConsentEvent.objects.count()
    assert_generic_error(client.post(path))
    assert_generic_error(client.get(path))
    assert ConsentEvent.objects.count() == events


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:20],
        lambda token: token + "x",
        lambda token: "x" * 500,
        lambda token: "%E2%80%AE" + token,
    ],
)
def test_a_tampered_confirmation_link_is_refused(client, pending, tamper):
    subscriber, path = pending
    token = path.rstrip("/").rsplit("/", 1)[1]
    bad = path.replace(token, tamper(token))
    assert_generic_error(client.get(bad))
    assert_generic_error(client.post(bad))
    assert statuses(subscriber) == {"pending"}


def test_an_expired_confirmation_link_is_refused(client, pending, settings):
    subscriber, path = pending
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmation_sent_at=timezone.now()
        - timedelta(hours=settings.NEWSLETTER_CONFIRMATION_MAX_AGE_HOURS, minutes=1)
    )
    assert_generic_error(client.get(path))
    assert_generic_error(client.post(path))
    assert statuses(subscriber) == {"pending"}


def test_a_newer_confirmation_link_replaces_the_older_one(client, pending, settings):
    subscriber, old_path = pending
    settings.NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS = 0
    cache.clear()  # the cool-down the first e-mail started
    services.request_confirmation_email(subscriber)
    new_path = next(p for p in links_in(mail.outbox[-1].body) if "/conferma/" in p)
    assert new_path != old_path
    assert_generic_error(client.post(old_path))
    assert submit(client, client.get(new_path)).status_code == 200


def test_an_address_suppressed_after_asking_cannot_be_confirmed(client, pending):
    subscriber, path = pending
    services.record_delivery_problem(
        subscriber.email, ConsentEvent.Action.COMPLAINED, evidence=services.Evidence()
    )
    assert_generic_error(client.post(path))
    assert not Subscription.objects.filter(status="active").exists()


# --- Preferences and unsubscribe links -------------------------------------------------


def _signed_long_ago(monkeypatch, days, make):
    real = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - days * 86400)
    try:
        return make()
    finally:
        monkeypatch.setattr(signing.time, "time", real)


@pytest.mark.parametrize("kind", ["manage", "unsubscribe"])
def test_expired_personal_links_are_refused(client, active, monkeypatch, settings, kind):
    make = {
        "manage": lambda: links.manage_url(active),
        "unsubscribe": lambda: links.unsubscribe_url(active),
    }[kind]
    old = path_of(_signed_long_ago(monkeypatch, settings.NEWSLETTER_LINK_MAX_AGE_DAYS + 1, make))
    fresh = path_of(_signed_long_ago(monkeypatch, settings.NEWSLETTER_LINK_MAX_AGE_DAYS - 1, make))
    assert_generic_error(client.get(old))
    assert_generic_error(client.post(old, {"List-Unsubscribe": "One-Click", "language": "it"}))
    assert statuses(active) == {"active"}
    assert client.get(fresh).status_code == 200


@pytest.mark.parametrize("kind", ["manage", "unsubscribe"])
def test_tampered_personal_links_are_refused(client, active, public_lists, kind):
    other = SubscriptionFactory(
        mailing_list=public_lists["newsletter"], subscriber__email="carla@example.org"
    ).subscriber
    purpose = {"manage": tokens.MANAGE, "unsubscribe": tokens.UNSUBSCRIBE}[kind]
    name = {"manage": "newsletter:manage", "unsubscribe": "newsletter:unsubscribe"}[kind]
    token = tokens.make_token(active, purpose)
    signer = signing.TimestampSigner(salt=f"newsletter.{purpose}")
    value, timestamp, signature = token.rsplit(":", 2)
    forged_for_other = signer.sign_object({"s": other.pk, "k": "guess"}, compress=True)
    wrong_purpose = tokens.make_token(
        active, tokens.UNSUBSCRIBE if purpose == tokens.MANAGE else tokens.MANAGE
    )
    from django.urls import reverse

    for bad in (
        f"{value}:{timestamp}:{signature[:-2]}xx",
        f"{value}x:{timestamp}:{signature}",
        forged_for_other,
        wrong_purpose,
        "nonsense",
    ):
        path = reverse(name, kwargs={"token": bad})
        assert_generic_error(client.get(path))
        assert_generic_error(client.post(path, {"List-Unsubscribe": "One-Click"}))
    assert statuses(active) == {"active"} and statuses(other) == {"active"}


def test_a_new_token_key_voids_every_link_sent(client, active):
    manage = path_of(links.manage_url(active))
    unsubscribe = path_of(links.unsubscribe_url(active))
    active.rotate_token_key()
    active.save()
    assert_generic_error(client.get(manage))
    assert_generic_error(client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}))
    assert statuses(active) == {"active"}


def test_links_of_an_erased_subscriber_are_refused(client, active):
    manage = path_of(links.manage_url(active))
    unsubscribe = path_of(links.unsubscribe_url(active))
    services.erase(active, evidence=services.Evidence(source="test"))
    assert_generic_error(client.get(manage))
    assert_generic_error(client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}))


# --- Unsubscribe ---------------------------------------------------------------------------


def test_the_unsubscribe_link_shows_one_button_and_changes_nothing(client, active):
    path = path_of(links.unsubscribe_url(active))
    page = client.get(path)
    assert page.status_code == 200
    main = page.text.split('<main id="main"')[1].split("</main>")[0]
    assert main.count('type="submit"') == 1
    assert "Disiscrivimi" in page.text
    assert statuses(active) == {"active"}
    done = submit(client, page)
    assert done.status_code == 200
    assert statuses(active) == {"unsubscribed"}
    assert ConsentEvent.objects.get(
        action="unsubscribed", mailing_list__slug="newsletter"
    ).source == ("pagina di disiscrizione")


def test_one_click_unsubscribe_needs_no_cookie_and_no_csrf_token(active):
    provider = Client(enforce_csrf_checks=True)
    path = path_of(links.unsubscribe_url(active))
    response = provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not response.has_header("Location")
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert statuses(active) == {"unsubscribed"}
    events = ConsentEvent.objects.filter(action="unsubscribed")
    assert {event.source for event in events} == {"one-click (RFC 8058)"}
    assert all(event.token_hash for event in events)


def test_one_click_unsubscribe_is_idempotent(active):
    provider = Client(enforce_csrf_checks=True)
    path = path_of(links.unsubscribe_url(active))
    answers = [
        provider.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        for _attempt in range(3)
    ]
    assert answers == [200, 200, 200]
    assert ConsentEvent.objects.filter(action="unsubscribed").count() == 2


def test_a_link_for_one_list_leaves_only_that_list(client, active, public_lists):
    path = path_of(links.unsubscribe_url(active, public_lists["events"]))
    assert path.startswith("/newsletter/disiscriviti/")
    client.post(path, {"List-Unsubscribe": "One-Click"})
    assert dict(active.subscriptions.values_list("mailing_list__slug", "status")) == {
        "newsletter": "active",
        "eventi": "unsubscribed",
    }


def test_links_follow_the_subscriber_language(active):
    active.language = "en"
    active.save()
    assert links.manage_url(active).startswith("http://testserver/en/newsletter/preferenze/")
    headers = links.list_unsubscribe_headers(active)
    assert headers["List-Unsubscribe"].startswith("<http://testserver/en/newsletter/disiscriviti/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = Client().post(
        headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/newsletter/conferma/%00/",
        "/newsletter/preferenze/%C3%A8%C3%A8/",
        "/newsletter/disiscriviti/" + "a" * 5000 + "/",
        "/newsletter/preferenze/a:b:c/dati/",
        "/newsletter/preferenze/x/cancella/",
    ],
)
def test_garbage_in_links_never_breaks_the_page(client, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code in (400, 404, 405)


def test_no_personal_page_is_ever_stored_in_the_page_cache(client, pending, active, settings):
    """Every page behind a personal link is private, no-store, and never served from cache."""
    from django.core.cache import caches

    from home import page_cache

    settings.PAGE_CACHE_SECONDS = 60
    _subscriber, confirm_path = pending
    manage = path_of(links.manage_url(active))
    paths = [
        confirm_path,
        manage,
        manage + "cancella/",
        path_of(links.unsubscribe_url(active)),
        "/newsletter/conferma/non-valido/",
    ]
    for path in paths:
        for _attempt in range(2):
            response = client.get(path)
            assert "private" in response["Cache-Control"], path
            assert "no-store" in response["Cache-Control"], path
            assert response.get("X-Page-Cache") != "hit", path
    backend = caches["default"]
    stored = [key for key in backend._cache if "page-cache:" in key and "generation" not in key]
    assert stored == []
    assert page_cache.request_is_cacheable(client.get(manage).wsgi_request) is False
