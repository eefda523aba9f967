"""Property-based tests of every public form and token endpoint: whatever a visitor (or a
script) sends, the answer is never a server error, and nothing is written unless the input
was valid.

Hypothesis draws the submissions: the forms' own field names with any text, list or missing
value, extra fields, and tokens of any shape (including real tokens cut short or altered).
"Nothing is written" is checked by counting the rows a submission could add or change, before
and after; a change is only allowed with an answer that says it worked (a redirect to the
"sent" page) and on input the form's own rules call valid.
"""

import datetime
from urllib.parse import quote

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text a browser can send (UTF-8 cannot carry lone surrogates), biased towards the odd:
# null bytes, control characters, RTL overrides, markup and very long strings.
ODD = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202e",
        "<script>alert(1)</script>",
        "{{ settings.SECRET_KEY }}",
        "x" * 5000,
        "a@example.org",
        "on",
        "-1",
        "999999999999999999999",
        "1.5",
        "../../etc/passwd",
        "😀",
    ]
)
TEXT = st.one_of(ODD, st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
VALUE = st.one_of(TEXT, st.lists(TEXT, min_size=0, max_size=4))
EMAIL = st.one_of(TEXT, st.emails().map(str))


def submission(fields, **special):
    """A dict of form data: each of ``fields`` given any value or left out, plus extras."""
    known = {name: st.one_of(st.none(), special.get(name, VALUE)) for name in fields}
    return st.tuples(
        st.fixed_dictionaries(known),
        st.dictionaries(st.text(min_size=1, max_size=20), VALUE, max_size=3),
    ).map(lambda pair: {**pair[1], **{k: v for k, v in pair[0].items() if v is not None}})


def first(value):
    return value[-1] if isinstance(value, list) and value else value


def is_email(value):
    try:
        validate_email(first(value) or "")
    except ValidationError:
        return False
    return True


TOKEN = st.one_of(
    TEXT.filter(lambda text: text.strip("/") != ""),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789:_-.", max_size=250),
)


def altered(token):
    """Real tokens cut short, extended or with one character changed."""
    return st.one_of(
        st.integers(0, max(0, len(token) - 1)).map(lambda n: token[:n]),
        TEXT.map(lambda extra: token + extra),
        st.integers(0, len(token) - 1).map(
            lambda n: token[:n] + ("A" if token[n] != "A" else "B") + token[n + 1 :]
        ),
    ).filter(lambda value: value.strip("/") not in ("", token))


def path_segment(token):
    return quote(token, safe="")


class Rows:
    """The rows a submission could write, counted before and after."""

    def __init__(self, *querysets):
        self.querysets = querysets

    def snapshot(self):
        return [sorted(queryset.values_list(*self.fields(queryset))) for queryset in self.querysets]

    @staticmethod
    def fields(queryset):
        model = queryset.model
        return [field.attname for field in model._meta.concrete_fields]


def answer(client, method, url, data=None):
    cache.clear()  # rate limits and cool-downs would hide the form's own answers
    send = client.get if method == "get" else client.post
    response = send(url, data or {})
    assert response.status_code < 500, (url, data, response.status_code)
    return response


# --- Newsletter ------------------------------------------------------------------------------

SUBSCRIBE_FIELDS = ["email", "name", "consent", "lists", "privacy_revision", "source", "website"]


@pytest.fixture
def newsletter_world(home_page, site):
    from home.models import SiteSettings, StandardPage
    from tests.factories.newsletter import MailingListFactory

    privacy = StandardPage(title="Informativa privacy", slug="privacy", intro="I tuoi dati.")
    home_page.add_child(instance=privacy)
    privacy.save_revision().publish()
    SiteSettings.objects.update_or_create(
        site=site, defaults={"organisation_name": "Officina Comune", "privacy_page": privacy}
    )
    public = MailingListFactory(name="Newsletter", slug="newsletter", default_checked=True)
    MailingListFactory(name="Soci", slug="soci", visibility="internal")
    return public


def newsletter_rows():
    from newsletter.models import ConsentEvent, Subscriber, Subscription, Suppression

    return Rows(
        Subscriber.objects.all(),
        Subscription.objects.all(),
        ConsentEvent.objects.all(),
        Suppression.objects.all(),
    )


@PROPERTY_SETTINGS
@given(data=submission(SUBSCRIBE_FIELDS, email=EMAIL, lists=st.lists(TEXT, max_size=3)))
def test_subscribe_never_errs_and_writes_only_valid_requests(client, newsletter_world, data):
    rows = newsletter_rows()
    before = rows.snapshot()
    response = answer(client, "post", "/newsletter/iscriviti/", data)
    if rows.snapshot() != before:
        assert response.status_code in (302, 303), response.status_code
        assert is_email(data.get("email")) and first(data.get("consent"))
        assert not first(data.get("website"))  # the honeypot stays empty


@pytest.fixture
def subscriber(newsletter_world):
    from newsletter.models import Subscriber, Subscription

    person = Subscriber.objects.create(email="iscritta@example.org")
    Subscription.objects.create(subscriber=person, mailing_list=newsletter_world, status="active")
    pending = Subscriber.objects.create(email="in-attesa@example.org")
    Subscription.objects.create(subscriber=pending, mailing_list=newsletter_world, status="pending")
    return person, pending


@pytest.mark.parametrize("kind", ["conferma", "preferenze", "disiscriviti", "dati", "cancella"])
def test_newsletter_links_with_any_token_never_err_and_change_nothing(client, subscriber, kind):
    from newsletter import tokens

    person, pending = subscriber
    real = {
        "conferma": tokens.issue_confirmation_token(pending),
        "preferenze": tokens.make_token(person, tokens.MANAGE),
        "disiscriviti": tokens.make_token(person, tokens.UNSUBSCRIBE),
        "dati": tokens.make_token(person, tokens.MANAGE),
        "cancella": tokens.make_token(person, tokens.MANAGE),
    }[kind]

    def url(token):
        if kind in ("dati", "cancella"):
            return f"/newsletter/preferenze/{path_segment(token)}/{kind}/"
        return f"/newsletter/{kind}/{path_segment(token)}/"

    rows = newsletter_rows()
    before = rows.snapshot()

    @PROPERTY_SETTINGS
    @given(token=st.one_of(TOKEN, altered(real)), method=st.sampled_from(["get", "post"]))
    def check(token, method):
        answer(client, method, url(token), {"email": "x@example.org", "lists": ["1"]})
        assert rows.snapshot() == before

    check()


@PROPERTY_SETTINGS
@given(data=submission(["email", "name", "lists", "language", "azione", "action"]))
def test_the_preferences_form_never_errs_on_any_submission(client, subscriber, data):
    """With a real link, any submission answers cleanly; nobody else's data changes."""
    from newsletter import tokens
    from newsletter.models import Subscriber

    person, pending = subscriber
    url = f"/newsletter/preferenze/{tokens.make_token(person, tokens.MANAGE)}/"
    others = Rows(Subscriber.objects.exclude(pk=person.pk))
    before = others.snapshot()
    answer(client, "post", url, data)
    assert others.snapshot() == before
    assert Subscriber.objects.filter(email="iscritta@example.org").count() <= 1


# --- Events ----------------------------------------------------------------------------------


@pytest.fixture
def rsvp_world(home_page, monkeypatch):
    from events.models import EventIndexPage, Registration, RegistrationMode
    from home.legal import LegalTextVersion
    from tests.factories.events import VenueFactory, publish_event

    monkeypatch.setattr("events.rsvp.after_commit", lambda function: function())
    calendar = EventIndexPage(title="Eventi", slug="eventi", intro="Gli appuntamenti.")
    home_page.add_child(instance=calendar)
    calendar.save_revision().publish()
    day = timezone.localdate() + datetime.timedelta(days=10)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))
    event = publish_event(
        calendar,
        title="Assemblea con iscrizione",
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue=VenueFactory(name="Urban Center"),
        registration=RegistrationMode.SITE,
        capacity=2,
        waiting_list=True,
    )
    registration = Registration.objects.create(
        event=event,
        event_key=event.translation_key,
        name="Anna",
        email="anna@example.org",
        status=Registration.Status.PENDING,
        consent_text=LegalTextVersion.objects.consent("Acconsento al trattamento."),
    )
    return event, registration


def event_rows():
    from events.models import Registration

    return Rows(Registration.objects.all())


@PROPERTY_SETTINGS
@given(
    data=submission(
        ["name", "email", "consent", "places", "notes", "privacy_revision", "website"],
        email=EMAIL,
    )
)
def test_event_registration_never_errs_and_writes_only_valid_requests(client, rsvp_world, data):
    event, _registration = rsvp_world
    rows = event_rows()
    before = rows.snapshot()
    mail.outbox.clear()
    response = answer(client, "post", event.url + "iscrizione/", data)
    if rows.snapshot() != before:
        assert response.status_code in (302, 303), response.status_code
        assert is_email(data.get("email")) and first(data.get("consent"))


@pytest.mark.parametrize("kind", ["conferma", "annulla"])
def test_event_links_with_any_token_never_err_and_change_nothing(client, rsvp_world, kind):
    from events import tokens

    _event, registration = rsvp_world
    purpose = tokens.CONFIRM if kind == "conferma" else tokens.CANCEL
    real = tokens.make_token(registration, purpose)
    rows = event_rows()
    before = rows.snapshot()

    @PROPERTY_SETTINGS
    @given(token=st.one_of(TOKEN, altered(real)), method=st.sampled_from(["get", "post"]))
    def check(token, method):
        answer(client, method, f"/events/iscrizione/{path_segment(token)}/{kind}/")
        assert rows.snapshot() == before

    check()


# --- Program: contribution forms and the partner registry ------------------------------------


@pytest.fixture
def program_world(home_page, site):
    from home.models import SiteSettings, StandardPage
    from tests.factories.program import (
        contribution_form,
        directory_page,
        phase,
        process,
        process_index,
        publish,
    )

    privacy = publish(
        home_page, StandardPage(title="Informativa privacy", slug="privacy", intro="I dati.")
    )
    SiteSettings.objects.update_or_create(
        site=site, defaults={"organisation_name": "Officina Comune", "privacy_page": privacy}
    )
    labs = process(
        process_index(home_page),
        "Laboratori di quartiere",
        phases=[phase("Avvio", datetime.date(2025, 9, 1))],
    )
    form_page = contribution_form(labs, to_address="redazione@example.org")
    return form_page, directory_page(home_page)


def program_rows():
    from program.models import ContributionSubmission, Organisation

    return Rows(ContributionSubmission.objects.all(), Organisation.objects.all())


@PROPERTY_SETTINGS
@given(
    data=submission(
        ["il_tuo_nome", "la_tua_proposta", "privacy_consent", "privacy_revision", "website"]
    )
)
def test_contribution_form_never_errs_and_writes_only_valid_submissions(
    client, program_world, data
):
    form_page, _directory = program_world
    rows = program_rows()
    before = rows.snapshot()
    response = answer(client, "post", form_page.url, data)
    if rows.snapshot() != before:
        assert response.status_code in (200, 302, 303)
        assert first(data.get("privacy_consent")) and (first(data.get("la_tua_proposta")) or "")


REGISTRY_FIELDS = [
    "name",
    "kind",
    "description",
    "neighbourhood",
    "lenses",
    "sito",
    "public_email",
    "public_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
    "publication_consent",
    "privacy_consent",
    "privacy_revision",
    "website",
]


@PROPERTY_SETTINGS
@given(
    data=submission(
        REGISTRY_FIELDS, contact_email=EMAIL, kind=st.one_of(VALUE, st.just("associazione"))
    )
)
def test_registry_request_never_errs_and_writes_only_valid_requests(client, program_world, data):
    _form_page, directory = program_world
    rows = program_rows()
    before = rows.snapshot()
    response = answer(client, "post", directory.url + "richiesta/", data)
    if rows.snapshot() != before:
        assert response.status_code in (302, 303), response.status_code
        assert is_email(data.get("contact_email"))
        assert first(data.get("privacy_consent")) and first(data.get("publication_consent"))


@pytest.mark.parametrize("kind", ["confirm", "manage"])
def test_registry_links_with_any_token_never_err_and_change_nothing(client, program_world, kind):
    from program.registry import tokens
    from tests.factories.program import organisation

    pending = organisation(
        "Orti in Comune", status="unconfirmed" if kind == "confirm" else "approved"
    )
    real = tokens.make_token(pending, tokens.CONFIRM if kind == "confirm" else tokens.MANAGE)
    rows = program_rows()
    before = rows.snapshot()

    def url(token):
        segment = path_segment(token)
        return (
            f"/program/con-chi/{segment}/conferma/"
            if kind == "confirm"
            else f"/program/con-chi/{segment}/"
        )

    @PROPERTY_SETTINGS
    @given(token=st.one_of(TOKEN, altered(real)), method=st.sampled_from(["get", "post"]))
    def check(token, method):
        answer(client, method, url(token), {"azione": "rinnova"})
        assert rows.snapshot() == before

    check()


# --- Search ----------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(params=submission(["q", "tipo", "lente", "quando", "page", "p"]))
def test_search_never_errs_on_any_query(client, home_page, params):
    answer(client, "get", "/search/", params)
    answer(client, "get", "/search/suggest/", params)
