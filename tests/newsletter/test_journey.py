"""The whole life of a subscription, driven as a person would: forms, e-mails, buttons."""

import json

from django.core import mail
from django.test import Client

import pytest

from newsletter import links
from newsletter.models import (
    ConsentEvent,
    Subscriber,
    Subscription,
    Suppression,
    keyed_email_hash,
)
from tests.newsletter.browser import links_in, submit

pytestmark = pytest.mark.django_db

ADDRESS = "Giulia.Bianchi@Example.org"


def statuses(subscriber):
    return dict(subscriber.subscriptions.values_list("mailing_list__slug", "status"))


def test_subscribe_confirm_manage_export_unsubscribe_and_erase(public_lists):
    browser = Client(enforce_csrf_checks=True)

    # 1. The visitor fills the form: address, name, the proposed list plus events, consent.
    page = browser.get("/newsletter/iscriviti/")
    assert page.status_code == 200
    assert "Informativa privacy" not in page.text or "versione del" in page.text
    response = submit(
        browser,
        page,
        action_contains="/newsletter/iscriviti/",
        changes={
            "email": f"  {ADDRESS} ",
            "name": "Giulia",
            "lists": [str(public_lists["newsletter"].pk), str(public_lists["events"].pk)],
            "consent": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [("/newsletter/iscriviti/inviata/", 303)]
    assert "Controlla la tua casella di posta" in response.text

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Giulia.Bianchi@example.org"
    assert statuses(subscriber) == {"newsletter": "pending", "eventi": "pending"}
    requested = ConsentEvent.objects.filter(action="requested")
    assert requested.count() == 2
    assert all(event.consent_text and event.privacy_notice for event in requested)
    assert "versione del" in requested[0].consent_text.text

    # 2. The confirmation e-mail: nothing the visitor typed, a link that opens a page.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Giulia.Bianchi@example.org"]
    assert "Giulia" not in message.subject + message.body.replace(subscriber.email, "")
    confirm_path = next(path for path in links_in(message.body) if "/conferma/" in path)
    manage_path = next(path for path in links_in(message.body) if "/preferenze/" in path)

    # 3. Opening the link (as a mail scanner would) changes nothing.
    events_before = ConsentEvent.objects.count()
    confirm_page = browser.get(confirm_path)
    assert confirm_page.status_code == 200
    assert "Confermo l'iscrizione" in confirm_page.text
    assert statuses(subscriber) == {"newsletter": "pending", "eventi": "pending"}
    assert ConsentEvent.objects.count() == events_before

    # 4. Pressing the button confirms both lists.
    confirmed = submit(browser, confirm_page)
    assert confirmed.status_code == 200
    assert "Iscrizione confermata" in confirmed.text
    assert statuses(subscriber) == {"newsletter": "active", "eventi": "active"}
    confirmation_events = ConsentEvent.objects.filter(action="confirmed")
    assert confirmation_events.count() == 2
    assert all(len(event.token_hash) == 64 for event in confirmation_events)

    # 5. The manage link from the message: leave "events", switch to English.
    manage_page = browser.get(manage_path)
    assert manage_page.status_code == 200
    assert "Le tue preferenze" in manage_page.text
    saved = submit(
        browser,
        manage_page,
        changes={"lists": [str(public_lists["newsletter"].pk)], "language": "en"},
        follow=True,
    )
    assert saved.redirect_chain[0][0].startswith("/en/newsletter/preferenze/")
    assert saved.redirect_chain[0][0].endswith("?salvato=1")
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert statuses(subscriber) == {"newsletter": "active", "eventi": "unsubscribed"}

    # 6. "Download my data": a JSON attachment with the consent log and the full texts.
    download = submit(browser, saved, action_contains="/dati/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/json")
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    assert data["subscriber"]["email"] == "Giulia.Bianchi@example.org"
    actions = [entry["action"] for entry in data["consent_log"]]
    assert actions[:4] == ["requested", "requested", "confirmed", "confirmed"]
    assert "unsubscribed" in actions and "preferences_changed" in actions
    assert "versione del" in data["consent_log"][0]["consent_text"]["text"]
    assert data["consent_log"][0]["privacy_notice"]["text"].startswith("Trattiamo")

    # 7. The mail provider's one-click unsubscribe: a POST without cookies or CSRF token.
    provider = Client(enforce_csrf_checks=True)
    url = links.unsubscribe_url(subscriber)
    assert url.startswith("http://testserver/en/newsletter/disiscriviti/")
    path = url.removeprefix("http://testserver")
    one_click = provider.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert "Location" not in one_click
    assert not one_click.cookies
    assert statuses(subscriber) == {"newsletter": "unsubscribed", "eventi": "unsubscribed"}
    assert (
        provider.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert ConsentEvent.objects.filter(action="unsubscribed").count() == 2

    # 8. Erasure, with a confirmation step: only the suppression hash is left.
    erase_page = browser.get(saved.redirect_chain[0][0].split("?")[0] + "cancella/")
    assert erase_page.status_code == 200
    assert Subscriber.objects.exists()
    erased = submit(browser, erase_page)
    assert erased.status_code == 200
    assert "Dati cancellati" in erased.text or "Data erased" in erased.text
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert list(Suppression.objects.values_list("email_hash", flat=True)) == [
        keyed_email_hash(ADDRESS)
    ]
    assert not ConsentEvent.objects.filter(subscriber__isnull=False).exists()
    assert ConsentEvent.objects.filter(action="erased").count() == 1
    stored = json.dumps(list(ConsentEvent.objects.values()), default=str).lower()
    assert "giulia" not in stored
    # The old links are dead, and say so without an error.
    assert browser.get(manage_path).status_code == 400
