"""The preference centre: lists, language, lenses, download and erasure of one's data."""

import json
from html import unescape

from django.core import mail
from django.test import Client

import pytest

from newsletter import links, services
from newsletter.models import ConsentEvent, Subscriber, Suppression
from program.models import Lens
from tests.factories.newsletter import SubscriptionFactory
from tests.newsletter.browser import find_form, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(public_lists):
    subscription = SubscriptionFactory(
        mailing_list=public_lists["newsletter"],
        subscriber__email="anna@example.org",
        subscriber__name="Anna",
    )
    return subscription.subscriber


@pytest.fixture
def manage_path(subscriber):
    return links.manage_url(subscriber).removeprefix("http://testserver")


@pytest.fixture
def lenses(home_page):
    from wagtail.models import Locale

    italian = Locale.get_default()
    return [
        Lens.objects.create(
            name="Ecologia", slug="ecologia", short_description="x", locale=italian
        ),
        Lens.objects.create(name="Lavoro", slug="lavoro", short_description="x", locale=italian),
    ]


def statuses(subscriber):
    return dict(subscriber.subscriptions.values_list("mailing_list__slug", "status"))


def test_the_page_shows_the_current_choices(client, manage_path, public_lists):
    page = client.get(manage_path)
    assert page.status_code == 200
    assert "anna@example.org" in page.text
    form = find_form(page, None)
    assert form.values()["lists"] == [str(public_lists["newsletter"].pk)]
    assert form.values()["language"] == ["it"]
    assert "Soci" not in page.text
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]


def test_adding_a_list_needs_consent(client, subscriber, manage_path, public_lists):
    ids = [str(public_lists["newsletter"].pk), str(public_lists["events"].pk)]
    refused = submit(client, client.get(manage_path), changes={"lists": ids})
    assert refused.status_code == 400
    assert "Per aggiungere una lista serve il tuo consenso" in unescape(refused.text)
    assert statuses(subscriber) == {"newsletter": "active"}

    saved = submit(client, client.get(manage_path), changes={"lists": ids, "consent": "on"})
    assert saved.status_code == 303
    assert statuses(subscriber) == {"newsletter": "active", "eventi": "active"}
    event = ConsentEvent.objects.get(action="preferences_changed", mailing_list__slug="eventi")
    assert event.consent_text and event.privacy_notice and event.token_hash


def test_leaving_a_list_needs_no_consent(client, subscriber, manage_path):
    saved = submit(client, client.get(manage_path), uncheck=["lists"], follow=True)
    assert "Preferenze salvate." in saved.text
    assert statuses(subscriber) == {"newsletter": "unsubscribed"}
    assert ConsentEvent.objects.filter(action="unsubscribed").count() == 1


def test_a_pending_request_stays_pending_until_ticked(
    client, subscriber, manage_path, public_lists
):
    SubscriptionFactory(
        subscriber=subscriber, mailing_list=public_lists["events"], status="pending"
    )
    page = client.get(manage_path)
    assert "In attesa di conferma" in page.text
    submit(client, page, changes={"name": "Anna Maria"})
    assert statuses(subscriber)["eventi"] == "pending"
    ids = [str(public_lists["newsletter"].pk), str(public_lists["events"].pk)]
    submit(client, client.get(manage_path), changes={"lists": ids, "consent": "on"})
    assert statuses(subscriber)["eventi"] == "active"


def test_changing_language_moves_the_page_to_that_language(client, subscriber, manage_path):
    response = submit(client, client.get(manage_path), changes={"language": "en"}, follow=True)
    final = response.redirect_chain[-1][0]
    assert final.startswith("/en/newsletter/preferenze/") and final.endswith("?salvato=1")
    assert '<html lang="en">' in response.text
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert ConsentEvent.objects.get(action="preferences_changed").detail == {
        "changed": ["language"]
    }


def test_lenses_of_interest_are_chosen_in_the_default_language(
    client, subscriber, manage_path, lenses
):
    page = client.get(manage_path)
    assert "Temi che ti interessano" in page.text
    submit(client, page, changes={"lenses": [str(lenses[1].pk)]})
    assert list(subscriber.lenses.all()) == [lenses[1]]
    assert services.export_data(subscriber)["subscriber"]["lenses"] == ["Lavoro"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "Anna\nBcc: x@example.org"}, "name", "a capo o caratteri di controllo"),
        ({"name": "A" * 500}, "name", "Il nome è troppo lungo"),
        ({"language": "klingon"}, "language", "Scegli una delle lingue proposte."),
        ({"lists": ["424242"]}, "lists", "Una delle liste scelte non esiste più"),
        ({"lenses": ["424242"]}, "lenses", "Uno dei temi scelti non esiste più"),
    ],
)
def test_bad_input_is_refused_on_its_field(
    client, subscriber, manage_path, lenses, changes, field, message
):
    response = submit(client, client.get(manage_path), changes=changes)
    assert response.status_code == 400
    html = unescape(response.text)
    assert f'id="preferences-{field}_error">' in html
    assert message in html.split(f'id="preferences-{field}_error">')[1].split("</p>")[0]
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.language) == ("Anna", "it")
    assert statuses(subscriber) == {"newsletter": "active"}
    assert not ConsentEvent.objects.exists()


def test_a_suppressed_address_cannot_add_lists(client, subscriber, manage_path, public_lists):
    Suppression.add(subscriber.email, Suppression.Reason.COMPLAINED)
    page = client.get(manage_path)
    assert "non inviamo più nulla a questo indirizzo" in unescape(page.text)
    ids = [str(public_lists["events"].pk)]
    client.post(manage_path, {"lists": ids, "language": "it", "consent": "on"})
    assert "eventi" not in statuses(subscriber)


def test_downloading_my_data_is_a_post_and_returns_everything(client, subscriber, manage_path):
    services.update_preferences(
        subscriber,
        lists=[],
        evidence=services.Evidence(source="test"),
    )
    export_path = manage_path + "dati/"
    assert client.get(export_path).status_code == 405
    response = submit(client, client.get(manage_path), action_contains="/dati/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="newsletter-i-miei-dati.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["subscriber"]["email"] == "anna@example.org"
    assert data["subscriptions"][0]["status"] == "unsubscribed"
    assert [entry["action"] for entry in data["consent_log"]] == ["unsubscribed"]


def test_erasure_asks_first_then_deletes_and_says_so(client, subscriber, manage_path):
    erase_path = manage_path + "cancella/"
    page = client.get(erase_path)
    assert page.status_code == 200
    assert "Non si può annullare" in unescape(page.text)
    assert Subscriber.objects.exists()  # asking changes nothing
    done = submit(client, page)
    assert done.status_code == 200
    assert "Abbiamo cancellato il tuo indirizzo" in done.text
    assert not Subscriber.objects.exists()
    assert Suppression.objects.is_suppressed("ANNA@example.org")
    assert ConsentEvent.objects.get(action="erased").source == "preferenze"
    # Replaying the button, or any old link, finds nothing to act on.
    assert client.post(erase_path).status_code == 400
    assert client.get(manage_path).status_code == 400


def test_an_erased_address_is_never_subscribed_again_by_the_form(client, subscriber, public_lists):
    services.erase(subscriber, evidence=services.Evidence(source="test"))
    mail.outbox.clear()
    page = client.get("/newsletter/iscriviti/")
    data = find_form(page, "/newsletter/iscriviti/").values()
    data.update({"email": ["anna@example.org"], "consent": ["on"]})
    client.post("/newsletter/iscriviti/", data)
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_the_pages_work_with_csrf_checks_on(subscriber, manage_path, public_lists):
    browser = Client(enforce_csrf_checks=True)
    response = submit(browser, browser.get(manage_path), changes={"name": "Anna B."})
    assert response.status_code == 303
    subscriber.refresh_from_db()
    assert subscriber.name == "Anna B."
    forged = Client(enforce_csrf_checks=True).post(manage_path, {"name": "X", "language": "it"})
    assert forged.status_code == 403
