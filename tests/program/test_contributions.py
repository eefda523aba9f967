"""Contribution forms: consent, honeypot, rate limits, notification, permissions, retention, CSV."""

import csv
import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.forms.models import FormMixin
from wagtail.models import get_page_models

import pytest

from home.legal import LegalTextKind
from home.models import SiteSettings, StandardPage
from program.models import ContributionFormPage, ContributionSubmission
from program.submissions import SafeSubmissionsListView
from tests.factories.program import contribution_form, phase, process, process_index, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy_page(home_page, site):
    page = publish(
        home_page, StandardPage(title="Informativa privacy", slug="privacy", intro="I tuoi dati.")
    )
    SiteSettings.objects.update_or_create(
        site=site, defaults={"organisation_name": "Officina Comune", "privacy_page": page}
    )
    return page


@pytest.fixture
def labs(home_page):
    index = process_index(home_page)
    return process(
        index, "Laboratori di quartiere", phases=[phase("Avvio", datetime.date(2025, 9, 1))]
    )


@pytest.fixture
def form_page(labs, privacy_page):
    return contribution_form(labs, to_address="redazione@example.org")


def answers(**extra):
    data = {
        "il_tuo_nome": "Giulia",
        "la_tua_proposta": "Una panchina al parco.",
        "privacy_consent": "on",
    }
    data.update(extra)
    return data


def post(client, page, data, **headers):
    """Open the form as a visitor does, then send it with the notice revision it carried."""
    html = client.get(page.url).text
    revision = re.search(r'name="privacy_revision" value="([^"]*)"', html)
    payload = {"privacy_revision": revision.group(1) if revision else "", **data}
    return client.post(page.url, payload, **headers)


def test_form_shows_the_questions_an_unticked_consent_and_a_hidden_honeypot(client, form_page):
    html = client.get(form_page.url).text
    assert 'name="il_tuo_nome"' in html and 'name="la_tua_proposta"' in html
    assert "La tua proposta (obbligatorio)" in html
    consent = re.search(r'<input type="checkbox" name="privacy_consent"[^>]*>', html).group(0)
    assert "checked" not in consent and "aria-describedby" in consent
    assert "Ho letto l&#x27;informativa privacy" in html
    assert 'href="/privacy/">Leggi l\'informativa privacy</a>' in html
    assert '<div class="form-honeypot" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


def test_a_contribution_is_stored_with_the_consent_and_the_editors_are_told(
    client, form_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_page, answers())
    assert response.status_code == 200
    assert "Grazie per il tuo contributo" in response.text
    submission = ContributionSubmission.objects.get()
    assert submission.form_data == {
        "il_tuo_nome": "Giulia",
        "la_tua_proposta": "Una panchina al parco.",
    }
    assert submission.consent_text.kind == LegalTextKind.CONSENT
    assert "per «Laboratori di quartiere»" in submission.consent_text.text  # the process
    assert submission.privacy_notice.kind == LegalTextKind.PRIVACY_NOTICE
    assert submission.privacy_notice.title == "Informativa privacy"

    (message,) = mail.outbox
    assert message.to == ["redazione@example.org"]
    assert message.subject == "Nuovo contributo: Dai il tuo contributo"
    assert "panchina" not in message.body and "Giulia" not in message.body
    link = re.search(r"http://testserver(/admin/forms/submissions/\d+/)", message.body).group(1)
    assert link == f"/admin/forms/submissions/{form_page.pk}/"


def test_the_link_in_the_email_shows_the_contribution_to_the_editorial_team(
    client, form_page, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_page, answers())
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    client.force_login(editor)
    response = client.get(link)
    assert response.status_code == 200
    assert "Una panchina al parco." in response.text


def test_without_a_recipient_every_editor_is_told(
    client, labs, privacy_page, editor, volunteer, django_capture_on_commit_callbacks
):
    page = contribution_form(labs, slug="secondo-modulo")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, page, answers())
    (message,) = mail.outbox
    assert message.to == [editor.email]


def test_consent_is_required(client, form_page):
    response = post(client, form_page, answers(privacy_consent=""))
    assert response.status_code == 400
    assert "Per inviare il contributo serve il tuo consenso." in response.text
    assert 'aria-invalid="true"' in response.text
    assert "Una panchina al parco." in response.text  # what they wrote is kept in the form
    assert not ContributionSubmission.objects.exists()
    assert not mail.outbox


def test_a_privacy_notice_changed_meanwhile_asks_for_consent_again(client, form_page, privacy_page):
    html = client.get(form_page.url).text
    shown = re.search(r'name="privacy_revision" value="([^"]*)"', html).group(1)
    privacy_page.intro = "I tuoi dati, con una novità."
    privacy_page.save_revision().publish()
    response = client.post(form_page.url, {**answers(), "privacy_revision": shown})
    assert response.status_code == 400
    assert "informativa privacy è stata aggiornata" in response.text
    assert not ContributionSubmission.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(
    client, form_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_page, answers(website="https://spam.example"))
    assert response.status_code == 200
    assert "Grazie per il tuo contributo" in response.text
    assert not ContributionSubmission.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_client_address(client, form_page, settings):
    settings.PROGRAM_CONTRIBUTION_LIMIT_PER_IP = 2
    for _number in range(2):
        assert post(client, form_page, answers()).status_code == 200
    response = post(client, form_page, answers())
    assert response.status_code == 429
    assert "troppi invii da questa connessione" in response.text
    assert ContributionSubmission.objects.count() == 2
    # Another address is not affected.
    assert post(client, form_page, answers(), REMOTE_ADDR="203.0.113.9").status_code == 200


def test_rate_limit_across_every_form(client, form_page, labs, settings):
    settings.PROGRAM_CONTRIBUTION_LIMIT_PER_IP_ALL_FORMS = 1
    other = contribution_form(labs, slug="altro-modulo")
    assert post(client, form_page, answers()).status_code == 200
    assert post(client, other, answers()).status_code == 429


@pytest.mark.parametrize(
    "data",
    [
        {"la_tua_proposta": ""},
        {"la_tua_proposta": "x" * 100_000, "il_tuo_nome": "y" * 5000},
        {"il_tuo_nome": ["a", "b"]},
        {"privacy_consent": "\x00"},
        {"privacy_revision": "not-a-number"},
        {"la_tua_proposta": "\x00\x01"},
    ],
)
def test_bad_input_gets_a_message_never_a_500(client, form_page, data):
    response = post(client, form_page, answers(**data))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Il contributo non è stato inviato." in response.text


def test_typed_questions_are_validated(client, labs, privacy_page):
    page = contribution_form(
        labs,
        slug="modulo-tipi",
        fields=[("La tua e-mail", "email", True), ("Quanti anni hai", "number", False)],
    )
    response = post(
        client,
        page,
        {"la_tua_e_mail": "non-una-mail", "quanti_anni_hai": "tanti", "privacy_consent": "on"},
    )
    assert response.status_code == 400
    assert not ContributionSubmission.objects.exists()
    response = post(
        client,
        page,
        {"la_tua_e_mail": "a@example.org", "quanti_anni_hai": "42", "privacy_consent": "on"},
    )
    assert response.status_code == 200
    assert ContributionSubmission.objects.get().form_data["quanti_anni_hai"] == "42"


def test_get_changes_nothing(client, form_page):
    client.get(form_page.url, {"il_tuo_nome": "x", "privacy_consent": "on"})
    assert not ContributionSubmission.objects.exists()


# --- Who reads the contributions --------------------------------------------------------------


def test_only_the_editorial_team_reads_contributions(
    client, form_page, editor, volunteer, superuser
):
    post(client, form_page, answers())
    submission = ContributionSubmission.objects.get()
    listing = f"/admin/forms/submissions/{form_page.pk}/"
    delete = f"/admin/forms/submissions/{form_page.pk}/delete/?selected-submissions={submission.pk}"

    client.logout()
    assert client.get(listing).status_code == 302  # to the sign-in page

    client.force_login(volunteer)
    assert client.get(listing).status_code == 403
    assert client.get(listing + "?export=csv").status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    assert "Una panchina" not in client.get("/admin/forms/").text
    assert 'href="/admin/forms/"' not in client.get("/admin/").text  # no menu item
    # Volunteers still edit the form page itself.
    assert client.get(f"/admin/pages/{form_page.pk}/edit/").status_code == 200
    assert ContributionSubmission.objects.exists()

    for user in (editor, superuser):
        client.force_login(user)
        response = client.get(listing)
        assert response.status_code == 200
        assert "Una panchina al parco." in response.text

    client.force_login(editor)
    assert client.post(delete).status_code == 302
    assert not ContributionSubmission.objects.exists()


# --- Exports ----------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","clic")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def dangerous_submissions(form_page):
    from home.legal import LegalTextVersion

    consent = LegalTextVersion.objects.consent("Acconsento.")
    for value in FORMULAS:
        ContributionSubmission.objects.create(
            page=form_page,
            form_data={"il_tuo_nome": value, "la_tua_proposta": "Testo normale, àèì"},
            consent_text=consent,
        )


def test_csv_export_neutralises_formulas(client, editor, form_page, dangerous_submissions):
    client.force_login(editor)
    response = client.get(f"/admin/forms/submissions/{form_page.pk}/", {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    header, *data = rows
    assert header[:3] == ["Data di invio", "Il tuo nome", "La tua proposta"]
    names = [row[1] for row in data]
    assert names == ["'" + value for value in FORMULAS]
    assert all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )
    assert data[0][2] == "Testo normale, àèì"


def test_xlsx_export_stores_formulas_as_text(client, editor, form_page, dangerous_submissions):
    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get(f"/admin/forms/submissions/{form_page.pk}/", {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [row[1] for row in workbook.active.iter_rows(min_row=2)]
    # XML stores a carriage return as a line feed.
    assert [cell.value for cell in cells] == [value.replace("\r", "\n") for value in FORMULAS]
    assert {cell.data_type for cell in cells} == {"s"}


def test_every_form_page_type_uses_the_safe_export():
    form_models = [model for model in get_page_models() if issubclass(model, FormMixin)]
    assert form_models == [ContributionFormPage]
    for model in form_models:
        assert issubclass(model().get_submissions_list_view_class(), SafeSubmissionsListView)


# --- Retention --------------------------------------------------------------------------------


def test_purge_deletes_contributions_older_than_the_retention_period(form_page, settings):
    from home.legal import LegalTextVersion

    settings.PROGRAM_CONTRIBUTION_RETENTION_DAYS = 30
    consent = LegalTextVersion.objects.consent("Acconsento.")
    old = ContributionSubmission.objects.create(page=form_page, form_data={}, consent_text=consent)
    recent = ContributionSubmission.objects.create(
        page=form_page, form_data={}, consent_text=consent
    )
    ContributionSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=31)
    )
    ContributionSubmission.objects.filter(pk=recent.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=29)
    )

    out = io.StringIO()
    call_command("purge_contributions", "--dry-run", stdout=out)
    assert "1 contributions older than 30 days." in out.getvalue()
    assert ContributionSubmission.objects.count() == 2

    call_command("purge_contributions", stdout=out)
    assert list(ContributionSubmission.objects.all()) == [recent]
    call_command("purge_contributions", "--days", "10", stdout=out)
    assert not ContributionSubmission.objects.exists()


def test_purge_refuses_a_retention_of_zero_days(form_page):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("purge_contributions", "--days", "0", stdout=io.StringIO())


def test_notification_for_a_contribution_deleted_meanwhile_sends_nothing(form_page):
    from program.tasks import notify_new_contribution

    notify_new_contribution.call(999_999)
    assert not mail.outbox


# --- The admin and the process page -------------------------------------------------------------


def test_process_page_invites_to_contribute(client, form_page, labs):
    html = client.get(labs.url).text
    assert "Dai il tuo contributo" in html
    assert f'href="{form_page.url}"' in html


def test_reserved_names_are_refused_in_the_admin(client, editor, labs):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Modulo",
            "slug": "modulo",
            "intro": "",
            "thank_you_text": rich_text(""),
            "to_address": "",
            "from_address": "",
            "subject": "",
            "form_fields": inline_formset(
                [
                    {
                        "label": "Website",
                        "help_text": "",
                        "required": "",
                        "field_type": "singleline",
                        "choices": "",
                        "default_value": "",
                    }
                ],
                min=1,
            ),
        }
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/add/program/contributionformpage/{labs.pk}/", data)
    assert response.status_code == 200
    assert "riservato al modulo" in response.text
    assert not ContributionFormPage.objects.exists()
