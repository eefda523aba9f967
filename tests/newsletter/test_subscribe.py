"""The subscribe form: what it asks, what it answers, and that it never tells who is subscribed."""

import re
from html import unescape

from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from newsletter import services
from newsletter.models import ConsentEvent, Subscriber, Subscription, Suppression
from tests.factories.newsletter import SubscriptionFactory
from tests.newsletter.browser import find_form

pytestmark = pytest.mark.django_db

URL = "/newsletter/iscriviti/"
SENT = "/newsletter/iscriviti/inviata/"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def form_data(client, lists, **changes):
    """What the visitor sends after filling the page's form (hidden fields included)."""
    page = client.get(URL)
    data = find_form(page, URL).values()
    data.update({"email": ["anna@example.org"], "consent": ["on"]})
    data["lists"] = [str(mailing_list.pk) for mailing_list in lists]
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def test_the_form_proposes_lists_and_an_unticked_consent_naming_the_notice(
    client, public_lists, privacy_page
):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.text
    newsletter, events = public_lists["newsletter"], public_lists["events"]
    assert f'value="{newsletter.pk}" id="subscribe-lists_{newsletter.pk}" checked' in html
    assert f'value="{events.pk}" id="subscribe-lists_{events.pk}">' in html
    assert "Soci" not in html  # internal lists are never offered
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert "versione del" in html
    assert f'href="{privacy_page.url}"' in html
    assert 'name="website"' in html and 'class="form-honeypot"' in html
    form = find_form(page, URL)
    assert ("privacy_revision", str(privacy_page.live_revision_id), "hidden", False) in form.fields


def test_a_subscription_records_the_texts_shown_and_the_page_it_came_from(
    client, public_lists, privacy_page
):
    data = form_data(client, [public_lists["events"]], source="/chi-siamo/", name="Anna")
    response = client.post(URL, data)
    assert (response.status_code, response["Location"]) == (303, SENT)
    event = ConsentEvent.objects.get(action="requested")
    assert event.source == "modulo:/chi-siamo/"
    assert event.privacy_notice.source_revision_id == privacy_page.live_revision_id
    assert "Leggi l'informativa privacy (versione del" in event.consent_text.text
    assert event.ip_address is None and event.user_agent == ""
    subscriber = Subscriber.objects.get()
    assert (subscriber.name, subscriber.language) == ("Anna", "it")


def test_english_visitors_subscribe_in_english(client, public_lists):
    page = client.get("/en" + URL)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    data = find_form(page, "/en" + URL).values()
    data.update({"email": ["anna@example.org"], "consent": ["on"]})
    response = client.post("/en" + URL, data)
    assert response["Location"] == "/en" + SENT
    assert Subscriber.objects.get().language == "en"
    [message] = mail.outbox
    assert "/en/newsletter/conferma/" in message.body
    # The e-mail speaks the subscriber's language, from the English catalogue.
    assert message.subject.startswith("Confirm your subscription to the newsletter of")
    assert "Someone, probably you, asked to subscribe" in message.body
    assert "Qualcuno" not in message.body and "Conferma" not in message.subject


def _set_up_states(lists):
    """Five addresses, one in each state the form must not reveal."""
    newsletter = lists["newsletter"]
    SubscriptionFactory(
        mailing_list=newsletter, subscriber__email="pending@example.org", status="pending"
    )
    SubscriptionFactory(mailing_list=newsletter, subscriber__email="active@example.org")
    SubscriptionFactory(
        mailing_list=newsletter, subscriber__email="left@example.org", status="unsubscribed"
    )
    Suppression.add("blocked@example.org", Suppression.Reason.ERASED)
    return {
        "new": "new@example.org",
        "pending": "pending@example.org",
        "active": "active@example.org",
        "unsubscribed": "left@example.org",
        "suppressed": "blocked@example.org",
    }


def test_the_answer_is_the_same_for_every_state_of_the_address(public_lists):
    addresses = _set_up_states(public_lists)
    answers = {}
    for state, address in addresses.items():
        client = Client()
        data = form_data(client, [public_lists["newsletter"]], email=address)
        response = client.post(URL, data, follow=True)
        answers[state] = (
            response.status_code,
            response.redirect_chain,
            sorted(key for key, _value in response.items()),
            CSRF.sub(b"", response.content),
        )
    reference = answers["new"]
    assert reference[1] == [(SENT, 303)]
    assert b"Controlla la tua casella di posta" in reference[3]
    for state, answer in answers.items():
        assert answer == reference, state
    # What happened is only visible in each address's own inbox.
    received = {message.to[0] for message in mail.outbox}
    assert received == {
        "new@example.org",
        "pending@example.org",
        "active@example.org",
        "left@example.org",
    }


@override_settings(TASKS=DUMMY_TASKS)
def test_the_request_does_the_same_work_for_every_state_of_the_address(public_lists):
    """Same queries in the web request; the state-dependent work waits in the task queue."""
    addresses = _set_up_states(public_lists)
    data = form_data(Client(), [public_lists["newsletter"]])  # warms the legal texts
    Client().post(URL, data)
    queries = {}
    for state, address in addresses.items():
        client = Client()
        data = form_data(client, [public_lists["newsletter"]], email=address)
        with CaptureQueriesContext(connection) as captured:
            client.post(URL, data)
        queries[state] = [re.sub(r"'[^']*'|\d+", "?", q["sql"]) for q in captured.captured_queries]
    assert all(sql == queries["new"] for sql in queries.values()), queries
    assert not any("newsletter_subscri" in sql for sql in queries["new"])


def test_fifty_rapid_requests_for_one_address_send_one_email(client, public_lists):
    data = form_data(client, [public_lists["newsletter"]])
    answers = set()
    for number in range(50):
        response = client.post(URL, data, REMOTE_ADDR=f"198.51.100.{number}")
        answers.add((response.status_code, response["Location"]))
    assert answers == {(303, SENT)}
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


def test_fifty_rapid_requests_from_one_client_hit_the_limit(client, public_lists, settings):
    data = form_data(client, [public_lists["newsletter"]])
    codes = [
        client.post(URL, {**data, "email": [f"persona{n}@example.org"]}).status_code
        for n in range(50)
    ]
    limit = settings.NEWSLETTER_SUBSCRIBE_LIMIT_PER_IP
    assert codes[:limit] == [303] * limit
    assert set(codes[limit:]) == {429}
    assert len(mail.outbox) == limit
    page = client.post(URL, data)
    assert "Riprova fra un'ora" in unescape(page.text)


def test_a_repeated_submission_changes_nothing_more(client, public_lists):
    data = form_data(client, [public_lists["newsletter"]])
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first["Location"] == second["Location"] == SENT
    assert Subscriber.objects.count() == 1
    assert Subscription.objects.get().status == "pending"
    assert len(mail.outbox) == 1


def test_an_address_already_subscribed_is_sent_its_preferences_link(client, public_lists):
    SubscriptionFactory(
        mailing_list=public_lists["newsletter"], subscriber__email="anna@example.org"
    )
    client.post(URL, form_data(client, [public_lists["newsletter"]], name="Qualcun altro"))
    message = mail.outbox[0]
    assert "già iscritto" in message.subject
    assert "/newsletter/preferenze/" in message.body
    assert "Qualcun altro" not in message.body
    assert Subscriber.objects.get().name == ""  # a stranger's typing changes nothing


def test_bots_filling_the_honeypot_get_the_usual_answer_and_nothing_happens(client, public_lists):
    response = client.post(URL, form_data(client, [public_lists["newsletter"]], website="x"))
    assert response["Location"] == SENT
    assert not Subscriber.objects.exists()
    assert not mail.outbox


BAD_INPUT = [
    ("email", "anna@", "L'indirizzo e-mail non è valido"),
    ("email", "", "Scrivi il tuo indirizzo e-mail."),
    ("email", "a" * 250 + "@example.org", "L'indirizzo e-mail è troppo lungo"),
    ("email", "anna@example.org\r\nBcc: x@example.org", "a capo o caratteri di controllo"),
    ("email", "x" * 100_000, "L'indirizzo e-mail è troppo lungo"),
    ("name", "Anna\r\nBcc: x@example.org", "a capo o caratteri di controllo"),
    ("name", "A" * 101, "Il nome è troppo lungo"),
    ("lists", [], "Scegli almeno una lista."),
    ("lists", ["999999"], "Una delle liste scelte non esiste più"),
    ("lists", ["uno"], "Una delle liste scelte non esiste più"),
    ("consent", [], "Per iscriverti serve il tuo consenso"),
    ("privacy_revision", "1", "L'informativa privacy è stata aggiornata"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_on_its_field_and_changes_nothing(
    client, public_lists, field, value, message
):
    data = form_data(client, [public_lists["newsletter"]])
    if field == "consent":
        data.pop("consent")
    else:
        data[field] = value if isinstance(value, list) else [value]
    response = client.post(URL, data)
    assert response.status_code == 400
    html = unescape(response.text)
    shown_on = {"privacy_revision": "consent"}.get(field, field)
    error = re.search(rf'<p class="nl-field__error" id="subscribe-{shown_on}_error">([^<]*)', html)
    assert error, f"no error shown on {shown_on}"
    assert message in error.group(1)
    assert re.search(rf'aria-describedby="[^"]*subscribe-{shown_on}_error', html)
    assert 'role="alert"' in html
    assert not Subscriber.objects.exists()
    assert not ConsentEvent.objects.exists()
    assert not mail.outbox


def test_an_internal_list_cannot_be_chosen_by_crafting_the_form(client, public_lists):
    data = form_data(client, [public_lists["internal"]])
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Una delle liste scelte non esiste più" in unescape(response.text)
    assert not Subscriber.objects.exists()


def test_the_confirmation_email_contains_nothing_the_visitor_typed(client, public_lists):
    client.post(URL, form_data(client, [public_lists["newsletter"]], name="<b>Spam</b> cliccami"))
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        assert "Spam" not in text and "cliccami" not in text


def test_form_pages_are_private_and_never_cached(client, public_lists, settings):
    settings.PAGE_CACHE_SECONDS = 60
    for _attempt in range(2):
        response = client.get(URL)
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert response.get("X-Page-Cache") != "hit"
    posted = client.post(URL, form_data(client, [public_lists["newsletter"]]))
    assert "no-store" in posted["Cache-Control"]
    assert "no-store" in client.get(SENT)["Cache-Control"]


def test_get_and_head_change_nothing(client, public_lists):
    client.get(URL, {"email": "anna@example.org", "consent": "on"})
    client.head(URL)
    assert not Subscriber.objects.exists()


def test_other_methods_are_refused(client, public_lists):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_services_refuse_malformed_addresses_too(public_lists):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.request_subscription(
            "not an address", [public_lists["newsletter"]], evidence=services.Evidence()
        )


@pytest.mark.parametrize(
    "body",
    [
        {"email": ["a@example.org", "b@example.org"], "consent": "on", "lists": ["1"]},
        {"email": "a@example.org", "consent": "on", "lists": ["1"] * 2000},
        {"email": "a@example.org", "consent": "forse", "lists": ["-1", "1.5", "0x10"]},
        {"email": "a@example.org\x00", "name": "\x00", "consent": "on"},
        {"email": "😀@😀.😀", "name": "😀" * 50, "consent": "on"},
        {"privacy_revision": "x" * 10_000, "source": "//evil.example/", "email": "a@example.org"},
        {},
    ],
)
def test_odd_submissions_never_break_the_form(client, public_lists, body):
    response = client.post(URL, body)
    assert response.status_code in (303, 400)
    assert not ConsentEvent.objects.exclude(action="requested").exists()


def test_a_body_that_is_not_utf8_is_refused_cleanly(client, public_lists):
    response = client.post(
        URL, b"email=\xff\xfe&consent=on", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (400, 403)
    assert not Subscriber.objects.exists()
