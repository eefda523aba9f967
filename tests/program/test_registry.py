"""The partner registry ("Con chi"): the request to join, its confirmation and moderation, the
e-mails, renewal and expiry, personal links and data minimisation."""

import datetime
import html
import io
import re
import time
from unittest import mock
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from program.models import Neighbourhood, Organisation, OrganisationStatus
from program.registry import services, tokens
from tests.factories.program import LensFactory, directory_page, organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LINK = re.compile(r"https?://testserver(/\S+)")


@pytest.fixture
def directory(home_page):
    return directory_page(home_page)


@pytest.fixture
def ecology(db):
    return LensFactory(name="Ecologia", slug="ecologia", colour="#2e7d4f")


@pytest.fixture
def centre(db):
    return Neighbourhood.objects.create(name="Centro storico", slug="centro")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """E-mails are enqueued once the transaction commits: ``with commit():`` runs them."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def join_url(directory):
    return directory.url + "richiesta/"


def request_data(**overrides):
    data = {
        "name": "Ciclofficina del Leno",
        "kind": "associazione",
        "description": "Ripariamo biciclette insieme il sabato mattina.",
        "neighbourhood": "",
        "sito": "https://ciclofficina.example.org",
        "public_email": "",
        "public_phone": "",
        "contact_name": "Marta Referente",
        "contact_email": "marta@example.org",
        "contact_phone": "",
        "publication_consent": "on",
        "privacy_consent": "on",
        "privacy_revision": "",
        "website": "",  # the honeypot
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def links_in(message):
    return [urlsplit("http://testserver" + path).path for path in LINK.findall(message.body)]


def only_message_to(address):
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, [message.subject for message in mail.outbox]
    return messages[0]


# --- The whole journey -------------------------------------------------------------------


def test_a_request_goes_from_the_form_to_the_directory_and_leaves_it_on_expiry(
    client, directory, editor, ecology, commit
):
    response = client.get(join_url(directory))
    assert response.status_code == 200
    assert 'name="publication_consent"' in response.text
    assert (
        "checked" not in re.search(r'<input[^>]*name="publication_consent"[^>]*>', response.text)[0]
    )

    with commit():
        response = client.post(join_url(directory), request_data(lenses=[ecology.pk]))
    assert response.status_code == 303
    assert response["Location"].endswith("richiesta/inviata/")
    assert client.get(response["Location"]).status_code == 200
    requested = Organisation.objects.get()
    assert requested.status == OrganisationStatus.UNCONFIRMED
    assert requested.website == "https://ciclofficina.example.org"
    assert list(requested.lenses.all()) == [ecology]
    assert requested.publication_consent is not None and requested.privacy_consent is not None

    # The confirmation e-mail names nothing the visitor typed, only the link.
    confirmation = only_message_to("marta@example.org")
    assert "Ciclofficina" not in confirmation.body + confirmation.subject
    (confirm_path,) = links_in(confirmation)
    assert confirm_path.endswith("/conferma/")

    # Until confirmed, the editorial team does not even see it.
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_program_organisation:list"))
    assert "Ciclofficina" not in listing.text
    client.logout()

    # GET only shows the button; POST confirms.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Confermo la richiesta" in page.text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.UNCONFIRMED
    mail.outbox.clear()
    with commit():
        assert client.post(confirm_path).status_code == 200
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.PENDING
    assert requested.email_confirmed_at is not None
    notice = only_message_to(editor.email)
    assert "Ciclofficina" not in notice.body  # a link to the admin, nothing the applicant wrote
    with commit():
        client.post(confirm_path)  # twice changes nothing and tells nobody again
    assert len(mail.outbox) == 1

    # The editor approves it from the moderation queue.
    mail.outbox.clear()
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_program_organisation:list"))
    assert "Ciclofficina" in listing.text
    approve = reverse("wagtailsnippets_program_organisation:approve", args=[requested.pk])
    assert client.get(approve).status_code == 200
    until = TODAY + datetime.timedelta(days=365)
    with commit():
        response = client.post(approve, {"until": until.isoformat()})
    assert response.status_code == 302
    client.logout()
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.APPROVED
    assert requested.approved_until == until
    approval = only_message_to("marta@example.org")
    assert "Ciclofficina del Leno" in approval.subject
    assert any("/program/con-chi/" in path for path in links_in(approval))

    # Listed: on the directory, with its page.
    shown = client.get(directory.url)
    assert "Ciclofficina del Leno" in shown.text
    organisation_page = directory.url + requested.slug + "/"
    assert client.get(organisation_page).status_code == 200

    # The day after the approval runs out it is gone, whether or not the daily job ran.
    Organisation.objects.filter(pk=requested.pk).update(
        approved_until=TODAY - datetime.timedelta(1)
    )
    assert "Ciclofficina del Leno" not in client.get(directory.url).text
    assert client.get(organisation_page).status_code == 404
    _quiet("send_registry_reminders")
    requested.refresh_from_db()
    assert requested.status == OrganisationStatus.EXPIRED


def test_a_reminder_with_a_personal_link_renews_the_listing(client, directory, commit):
    listed = organisation("Comitato Borgo Sacco", approved_until=TODAY + datetime.timedelta(20))
    far = organisation("Coop Lontana", approved_until=TODAY + datetime.timedelta(200))
    with commit():
        _quiet("send_registry_reminders")
    reminder = only_message_to(listed.contact_email)
    assert "Comitato Borgo Sacco" in reminder.subject
    assert "Coop Lontana" not in "".join(message.subject for message in mail.outbox)
    assert far.reminder_sent_for is None
    # Once per expiry date, however often the job runs.
    with commit():
        _quiet("send_registry_reminders")
    assert len(mail.outbox) == 1

    (manage_path,) = links_in(reminder)
    page = client.get(manage_path)
    assert page.status_code == 200
    assert "Rinnova per un anno" in page.text
    listed.refresh_from_db()
    assert listed.approved_until == TODAY + datetime.timedelta(20)  # a GET changes nothing
    response = client.post(manage_path, {"azione": "rinnova"})
    assert response.status_code == 200
    listed.refresh_from_db()
    assert listed.approved_until == TODAY + datetime.timedelta(20 + 365)
    assert listed.is_listed()
    # Renewing again right away is refused clearly: the window opens a month before expiry.
    again = client.post(manage_path, {"azione": "rinnova"})
    assert again.status_code == 409
    assert "non è possibile" in again.text


def test_an_expired_listing_can_be_renewed_within_the_grace_period_only(client, directory):
    lapsed = organisation("Gruppo Lizzana", approved_until=TODAY - datetime.timedelta(10))
    services.mark_lapsed()
    path = urlsplit(_manage_link(lapsed)).path
    assert client.post(path, {"azione": "rinnova"}).status_code == 200
    lapsed.refresh_from_db()
    assert lapsed.status == OrganisationStatus.APPROVED and lapsed.is_listed()

    gone = organisation("Gruppo Remoto", approved_until=TODAY - datetime.timedelta(120))
    path = urlsplit(_manage_link(gone)).path
    page = client.get(path)
    assert page.status_code == 200
    assert "Il tempo per rinnovare è passato" in page.text
    assert client.post(path, {"azione": "rinnova"}).status_code == 409


def _manage_link(item):
    from program.registry.emails import manage_url

    return manage_url(item)


def test_the_organisation_can_leave_the_registry_with_its_link(client, directory):
    listed = organisation("Associazione Uscente")
    path = urlsplit(_manage_link(listed)).path
    refused = client.post(path, {"azione": "esci"})
    assert refused.status_code == 400
    assert Organisation.objects.filter(pk=listed.pk).exists()
    done = client.post(path, {"azione": "esci", "conferma": "1"})
    assert done.status_code == 200
    assert not Organisation.objects.filter(pk=listed.pk).exists()
    assert client.get(path).status_code == 400  # the link died with it


# --- Moderation --------------------------------------------------------------------------


def test_a_rejection_needs_a_reason_and_the_applicant_receives_it(client, editor, commit):
    pending = organisation("Gruppo Rifiutato", status="pending", contact_email="g@example.org")
    reject = reverse("wagtailsnippets_program_organisation:reject", args=[pending.pk])
    client.force_login(editor)
    assert client.get(reject).status_code == 200
    with commit():
        empty = client.post(reject, {"reason": "  "})
    assert empty.status_code == 400
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.PENDING
    assert mail.outbox == []

    with commit():
        response = client.post(reject, {"reason": "Non opera a Rovereto."})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.REJECTED
    assert pending.rejection_reason == "Non opera a Rovereto."
    message = only_message_to("g@example.org")
    assert "Non opera a Rovereto." in message.body
    assert "Gruppo Rifiutato" in message.subject


def test_an_unconfirmed_request_cannot_be_moderated(client, editor):
    unconfirmed = organisation("Gruppo Ignoto", status="unconfirmed")
    client.force_login(editor)
    approve = reverse("wagtailsnippets_program_organisation:approve", args=[unconfirmed.pk])
    edit = reverse("wagtailsnippets_program_organisation:edit", args=[unconfirmed.pk])
    assert client.post(approve, {"until": TODAY.isoformat()}).status_code == 404
    assert client.get(edit).status_code == 404
    with pytest.raises(services.NotAllowed):
        services.approve(unconfirmed)


def test_an_approval_date_in_the_past_is_refused(client, editor):
    pending = organisation("Gruppo Datato", status="pending")
    client.force_login(editor)
    approve = reverse("wagtailsnippets_program_organisation:approve", args=[pending.pk])
    # The date input is filled in ISO format, the only one a browser's date picker reads.
    default = (TODAY + datetime.timedelta(days=365)).isoformat()
    assert f'type="date" name="until" value="{default}"' in client.get(approve).text
    response = client.post(approve, {"until": (TODAY - datetime.timedelta(1)).isoformat()})
    assert response.status_code == 400
    assert "passato" in response.text
    assert client.post(approve, {"until": "not a date"}).status_code == 400
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.PENDING


def test_only_the_editorial_team_opens_the_registry_in_the_admin(client, volunteer, treasurer):
    pending = organisation("Gruppo Riservato", status="pending")
    urls = [
        reverse("wagtailsnippets_program_organisation:list"),
        reverse("wagtailsnippets_program_organisation:edit", args=[pending.pk]),
        reverse("wagtailsnippets_program_organisation:approve", args=[pending.pk]),
        reverse("wagtailsnippets_program_organisation:reject", args=[pending.pk]),
    ]
    for user in (volunteer, treasurer):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 403, (user, url)
            assert "referente@example.org" not in response.text
        response = client.post(urls[2], {"until": TODAY.isoformat()})
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.PENDING


# --- The public form ---------------------------------------------------------------------


def test_public_contacts_need_their_own_consent_and_are_hidden_without_it(client, directory):
    refused = client.post(join_url(directory), request_data(public_email="info@example.org"))
    assert refused.status_code == 400
    assert "spunta questa casella" in refused.text
    assert not Organisation.objects.exists()

    client.post(join_url(directory), request_data(name="Senza contatti"))
    quiet = Organisation.objects.get(name="Senza contatti")
    assert quiet.publish_contact is False and quiet.public_email == ""
    assert quiet.contact_consent is None

    client.post(
        join_url(directory),
        request_data(
            name="Con contatti",
            contact_email="altra@example.org",
            public_email="info@example.org",
            contact_consent="on",
        ),
    )
    open_ = Organisation.objects.get(name="Con contatti")
    assert open_.publish_contact is True and open_.public_email == "info@example.org"
    assert open_.contact_consent is not None


def test_the_organisation_page_shows_the_public_contact_only_with_consent(client, directory):
    hidden = organisation("Riservata", public_email="riservata@example.org", publish_contact=False)
    shown = organisation("Aperta", public_email="aperta@example.org", publish_contact=True)
    page = client.get(directory.url + hidden.slug + "/")
    assert "riservata@example.org" not in page.text
    assert "referente@example.org" not in page.text  # the private contact, never
    page = client.get(directory.url + shown.slug + "/")
    assert "aperta@example.org" in page.text
    assert "referente@example.org" not in page.text
    listing = client.get(directory.url)
    assert "riservata@example.org" not in listing.text


@override_settings(PROGRAM_REGISTRY_LIMIT_PER_IP=50)
def test_the_form_refuses_missing_consents_and_bad_values_clearly(client, directory):
    response = client.post(
        join_url(directory),
        request_data(publication_consent=None, privacy_consent=None, kind="partito", sito="x y"),
    )
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "Per entrare nell'elenco serve questo consenso." in text
    assert "Per inviare la richiesta serve il tuo consenso." in text
    assert not Organisation.objects.exists()
    assert mail.outbox == []
    for payload in (
        request_data(name="Riga\nspezzata"),
        request_data(contact_phone="chiamami"),
        request_data(description="nul\x00"),
        request_data(neighbourhood="999999"),
        request_data(lenses=["abc"]),
    ):
        assert client.post(join_url(directory), payload).status_code == 400
    assert not Organisation.objects.exists()
    assert client.put(join_url(directory)).status_code == 405


def test_the_honeypot_answers_like_a_success_and_keeps_nothing(client, directory, commit):
    with commit():
        response = client.post(join_url(directory), request_data(website="http://spam.example"))
    assert response.status_code == 303
    assert not Organisation.objects.exists()
    assert mail.outbox == []


@override_settings(PROGRAM_REGISTRY_LIMIT_PER_IP=3, PROGRAM_REGISTRY_LIMIT_PER_EMAIL=2)
def test_rate_limits_per_connection_and_per_address(client, directory, commit):
    with commit():
        for number in range(2):
            client.post(join_url(directory), request_data(name=f"Stessa e-mail {number}"))
    assert Organisation.objects.count() == 2
    # Over the address's limit: the same answer as always, nothing kept, nothing sent.
    with commit():
        third = client.post(join_url(directory), request_data(name="Stessa e-mail 3"))
    assert third.status_code == 303
    assert Organisation.objects.count() == 2
    assert len(mail.outbox) == 2
    # Over the connection's limit: told clearly.
    fourth = client.post(
        join_url(directory), request_data(name="Altra", contact_email="altra@example.org")
    )
    assert fourth.status_code == 429
    assert "troppe richieste" in fourth.text
    assert Organisation.objects.count() == 2
    other = client.post(
        join_url(directory),
        request_data(name="Altra", contact_email="altra@example.org"),
        REMOTE_ADDR="192.0.2.7",
    )
    assert other.status_code == 303
    assert Organisation.objects.count() == 3


# --- Personal links ----------------------------------------------------------------------


def test_bad_tampered_and_expired_links_give_a_clear_page_never_a_500(client):
    unconfirmed = organisation("Gruppo Lento", status="unconfirmed")
    good = tokens.make_token(unconfirmed, tokens.CONFIRM)
    manage = tokens.make_token(unconfirmed, tokens.MANAGE)
    paths = [
        reverse("program:registry_confirm", args=["nonsense"]),
        reverse("program:registry_confirm", args=[good[:-2] + "xx"]),
        reverse("program:registry_confirm", args=[manage]),  # the wrong purpose
        reverse("program:registry_confirm", args=["a" * 500]),
        reverse("program:registry_manage", args=["nonsense"]),
        reverse("program:registry_manage", args=[manage]),  # not listed: nothing to manage
    ]
    for path in paths:
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 400, path
            assert "Questo collegamento non vale più" in response.text
    later = time.time() + 49 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.post(reverse("program:registry_confirm", args=[good]))
    assert expired.status_code == 400
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == OrganisationStatus.UNCONFIRMED
    # A link to an organisation that is gone, or whose key changed, is dead too.
    listed = organisation("Gruppo Cambiato")
    link = reverse("program:registry_manage", args=[tokens.make_token(listed, tokens.MANAGE)])
    assert client.get(link).status_code == 200
    Organisation.objects.filter(pk=listed.pk).update(token_key="0" * 32)
    assert client.get(link).status_code == 400
    Organisation.objects.filter(pk=listed.pk).delete()
    assert client.get(link).status_code == 400


def test_a_valid_confirmation_link_works_until_its_age_limit(client):
    unconfirmed = organisation("Gruppo Puntuale", status="unconfirmed")
    path = reverse(
        "program:registry_confirm", args=[tokens.make_token(unconfirmed, tokens.CONFIRM)]
    )
    almost = time.time() + 47 * 3600
    with mock.patch("django.core.signing.time.time", return_value=almost):
        assert client.post(path).status_code == 200
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == OrganisationStatus.PENDING


# --- Data minimisation -------------------------------------------------------------------


def _rejected(name, days_ago):
    item = organisation(name, status="rejected", rejection_reason="No.")
    Organisation.objects.filter(pk=item.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return item


def _quiet(command, *args):
    call_command(command, *args, stdout=io.StringIO())


def test_rejected_and_unconfirmed_requests_are_purged_after_their_period():
    old = _rejected("Rifiutata tempo fa", 31)
    recent = _rejected("Rifiutata ieri", 29)
    stale = organisation("Mai confermata", status="unconfirmed")
    Organisation.objects.filter(pk=stale.pk).update(
        requested_at=timezone.now() - datetime.timedelta(hours=49)
    )
    fresh = organisation("Appena arrivata", status="unconfirmed", requested_at=timezone.now())
    listed = organisation("In elenco")
    _quiet("purge_registry_requests", "--dry-run")
    assert Organisation.objects.count() == 5
    _quiet("purge_registry_requests")
    remaining = set(Organisation.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, fresh.pk, listed.pk}
    assert old.pk not in remaining and stale.pk not in remaining


@override_settings(PROGRAM_REGISTRY_REJECTED_RETENTION_DAYS=10)
def test_the_retention_period_of_rejected_requests_is_configurable():
    _rejected("Undici giorni", 11)
    kept = _rejected("Nove giorni", 9)
    _quiet("purge_registry_requests")
    assert list(Organisation.objects.values_list("pk", flat=True)) == [kept.pk]
    _quiet("purge_registry_requests", "--days", "5")
    assert not Organisation.objects.exists()


def test_a_listing_that_ran_out_long_ago_loses_its_private_contact_but_keeps_its_card():
    old = organisation(
        "Scaduta da tempo",
        approved_until=TODAY - datetime.timedelta(400),
        contact_phone="+39 0464 000000",
    )
    current = organisation("Attuale")
    _quiet("purge_registry_requests")
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.name == "Scaduta da tempo"
    assert current.contact_email == "referente@example.org"


def test_the_daily_maintenance_runs_the_registry_commands(commit):
    from django.conf import settings

    assert "send_registry_reminders" in settings.DAILY_MAINTENANCE_COMMANDS
    assert "purge_registry_requests" in settings.DAILY_MAINTENANCE_COMMANDS
    _rejected("Da cancellare", 40)
    organisation("In scadenza", approved_until=TODAY + datetime.timedelta(5))
    with commit():
        _quiet("daily_maintenance")
    assert not Organisation.objects.filter(name="Da cancellare").exists()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "field, value",
    [("lenses", "999999999999999999999"), ("neighbourhood", "99999999999999999999999")],
)
def test_an_id_no_row_can_have_is_a_form_error_not_a_crash(field, value):
    from program.registry.forms import JoinRequestForm

    form = JoinRequestForm(data={field: value})
    assert not form.is_valid()
    assert field in form.errors
