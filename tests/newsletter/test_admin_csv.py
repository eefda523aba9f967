"""The privacy officer's CSV export and import: formula-safe, documented consent, audit log."""

import csv
import io
from datetime import timedelta
from html import unescape

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from newsletter.models import (
    ConsentEvent,
    Subscriber,
    SubscriberTransfer,
    Subscription,
    Suppression,
)
from tests.factories.newsletter import SubscriberFactory, SubscriptionFactory
from tests.newsletter.browser import submit

pytestmark = pytest.mark.django_db

EXPORT = "newsletter_subscribers:export"
IMPORT = "newsletter_subscribers:import"


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- Export --------------------------------------------------------------------------------


def test_export_neutralises_formula_cells(client, privacy_officer, public_lists):
    for name in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "Anna"):
        SubscriptionFactory(
            mailing_list=public_lists["newsletter"],
            subscriber=SubscriberFactory(name=name),
        )
    client.force_login(privacy_officer)
    page = client.get(reverse(EXPORT))
    assert page.status_code == 200
    response = submit(client, page, changes={"purpose": "Verifica del registro"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="iscritti-')
    rows = read_csv(response)
    assert rows[0][:5] == ["email", "nome", "lingua", "lista", "stato"]
    names = {row[1] for row in rows[1:]}
    assert names == {
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "Anna",
    }
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_export_follows_the_listing_filters_and_is_audit_logged(
    client, privacy_officer, public_lists
):
    SubscriptionFactory(mailing_list=public_lists["newsletter"], subscriber__email="a@example.org")
    SubscriptionFactory(
        mailing_list=public_lists["events"], subscriber__email="b@example.org", status="pending"
    )
    client.force_login(privacy_officer)
    page = client.get(reverse(EXPORT), {"mailing_list": public_lists["events"].pk})
    response = submit(client, page, changes={"purpose": "Invito all'assemblea"})
    rows = read_csv(response)
    assert [row[0] for row in rows[1:]] == ["b@example.org"]

    transfer = SubscriberTransfer.objects.get()
    assert (transfer.kind, transfer.user, transfer.rows) == ("export", privacy_officer, 1)
    entry = ModelLogEntry.objects.get(action="newsletter.export")
    assert entry.user == privacy_officer
    assert entry.data["purpose"] == "Invito all'assemblea"
    assert entry.data["filters"]["mailing_list"] == "eventi"
    assert "example.org" not in str(entry.data) + entry.label
    assert "Esportate 1 righe" in entry.message


def test_export_needs_a_purpose_and_a_get_exports_nothing(client, privacy_officer, public_lists):
    SubscriptionFactory(mailing_list=public_lists["newsletter"])
    client.force_login(privacy_officer)
    assert client.get(reverse(EXPORT)).get("Content-Disposition") is None
    response = client.post(reverse(EXPORT), {"purpose": ""})
    assert response.status_code == 400
    response = client.post(reverse(EXPORT), {"purpose": "riga\nsecondo"})
    assert response.status_code == 400
    assert not SubscriberTransfer.objects.exists()
    assert not ModelLogEntry.objects.filter(action="newsletter.export").exists()


def test_export_query_count_does_not_grow(
    client, privacy_officer, public_lists, django_assert_max_num_queries
):
    client.force_login(privacy_officer)
    client.post(reverse(EXPORT), {"purpose": "prova"})
    with django_assert_max_num_queries(20) as few:
        client.post(reverse(EXPORT), {"purpose": "prova"})
    baseline = len(few)
    for _number in range(30):
        SubscriptionFactory(mailing_list=public_lists["newsletter"])
        SubscriptionFactory(mailing_list=public_lists["events"])
    with django_assert_max_num_queries(baseline):
        response = client.post(reverse(EXPORT), {"purpose": "prova"})
    assert len(read_csv(response)) == 61


# --- Import --------------------------------------------------------------------------------


def upload(text, name="iscritti.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def import_form(chosen, text, **changes):
    data = {
        "file": upload(text),
        "lists": [mailing_list.pk for mailing_list in chosen],
        "source": "Moduli cartacei dell'assemblea del 12 ottobre 2026",
        "legal_basis": "consent",
        "consent_text": "Acconsento a ricevere la newsletter di Officina Comune.",
        "attestation": "on",
        "step": "preview",
    }
    data.update(changes)
    return data


GOOD_FILE = (
    "email;nome;lingua;data_consenso\n"
    "Carla@Example.org;Carla;it;2026-10-12\n"
    "dario@example.org;;en;12/10/2026\n"
)


def test_import_previews_then_writes_consent_events_and_an_audit_entry(
    client, privacy_officer, public_lists
):
    client.force_login(privacy_officer)
    assert client.get(reverse(IMPORT)).status_code == 200
    preview = client.post(reverse(IMPORT), import_form([public_lists["newsletter"]], GOOD_FILE))
    assert preview.status_code == 200
    assert "Anteprima dell" in preview.text
    assert "Carla@example.org" in preview.text
    assert not Subscriber.objects.exists()  # nothing is written before confirming

    done = submit(client, preview, follow=True)
    assert done.redirect_chain[-1][0] == reverse("newsletter_subscribers:index")
    assert "Importazione fatta: 2 iscritti" in unescape(done.text)
    carla = Subscriber.objects.get(email="Carla@example.org")
    assert (carla.name, carla.language) == ("Carla", "it")
    assert Subscriber.objects.get(email="dario@example.org").language == "en"
    assert set(Subscription.objects.values_list("status", flat=True)) == {"active"}
    events = ConsentEvent.objects.filter(action="imported")
    assert events.count() == 2
    for event in events:
        assert event.source == "importazione: Moduli cartacei dell'assemblea del 12 ottobre 2026"
        assert event.actor == privacy_officer
        assert event.consent_text.text.startswith("Acconsento a ricevere")
        assert event.detail == {"legal_basis": "consent", "consent_date": "2026-10-12"}
    assert not mail.outbox  # documented consent: no e-mail to strangers

    entry = ModelLogEntry.objects.get(action="newsletter.import")
    assert entry.user == privacy_officer
    assert (entry.data["imported"], entry.data["refused"], entry.data["rows"]) == (2, 0, 2)
    assert "example.org" not in str(entry.data) + entry.label
    assert SubscriberTransfer.objects.get().kind == "import"


def test_rows_without_documented_consent_are_refused_with_a_reason(
    client, privacy_officer, public_lists
):
    SubscriptionFactory(
        mailing_list=public_lists["newsletter"],
        subscriber__email="left@example.org",
        status="unsubscribed",
        unsubscribed_at=timezone.now() - timedelta(days=3),
    )
    SubscriptionFactory(mailing_list=public_lists["newsletter"], subscriber__email="in@example.org")
    Suppression.add("blocked@example.org", Suppression.Reason.ERASED)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    old = (timezone.localdate() - timedelta(days=30)).isoformat()
    text = (
        "email,data_consenso,nome,lingua\n"
        "ok@example.org,2026-01-01,Ok,it\n"
        "nodate@example.org,,,\n"
        "baddate@example.org,ieri,,\n"
        f"future@example.org,{future},,\n"
        "not-an-address,2026-01-01,,\n"
        'crlf@example.org,2026-01-01,"Riga\nnuova",\n'
        "lang@example.org,2026-01-01,,fr\n"
        "blocked@example.org,2026-01-01,,\n"
        f"left@example.org,{old},,\n"
        "in@example.org,2026-01-01,,\n"
        "OK@example.org,2026-01-01,,\n"
    )
    client.force_login(privacy_officer)
    preview = client.post(reverse(IMPORT), import_form([public_lists["newsletter"]], text))
    html = unescape(preview.text)
    for message in (
        "Manca la data del consenso",
        "Data del consenso non valida",
        "La data del consenso è nel futuro",
        "L'indirizzo e-mail non è valido",
        "a capo o caratteri di controllo",
        "Lingua «fr» sconosciuta",
        "Indirizzo bloccato",
        "dopo il consenso dichiarato",
        "Già iscritto a «Newsletter»",
        "Indirizzo già presente alla riga 2",
    ):
        assert message in html, message
    submit(client, preview)
    assert set(
        Subscription.objects.filter(status="active").values_list("subscriber__email", flat=True)
    ) == {"ok@example.org", "in@example.org"}
    assert ConsentEvent.objects.filter(action="imported").count() == 1
    assert Subscription.objects.get(subscriber__email="left@example.org").status == "unsubscribed"
    assert not Subscriber.objects.filter(email__startswith="nodate").exists()
    entry = ModelLogEntry.objects.get(action="newsletter.import")
    assert (entry.data["imported"], entry.data["unchanged"], entry.data["refused"]) == (1, 1, 9)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": ""}, "Questo campo è obbligatorio"),
        ({"source": "riga\nseconda"}, "una sola riga"),
        ({"attestation": ""}, "Serve la tua conferma per importare."),
        ({"lists": []}, "Scegli almeno una lista."),
        ({"legal_basis": "legittimo interesse"}, "Scegli un'opzione valida"),
        ({"file": ""}, "Scegli il file CSV da importare."),
    ],
)
def test_the_import_form_requires_source_basis_and_attestation(
    client, privacy_officer, public_lists, changes, message
):
    client.force_login(privacy_officer)
    data = import_form([public_lists["newsletter"]], GOOD_FILE, **changes)
    if data.get("file") == "":
        del data["file"]
    response = client.post(reverse(IMPORT), data)
    assert response.status_code == 400
    assert message in unescape(response.text)
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"nome;cognome\nAnna;Rossi\n", "servono le colonne «email» e «data_consenso»"),
        (b"email;data_consenso\n", "Il file non contiene indirizzi."),
        (b"", "vuoto"),
        ("email;data_consenso\nà@example.org;2026-01-01\n".encode("latin-1"), "non è in UTF-8"),
        (b"email,data_consenso\n" + b"x" * (1024 * 1024 + 1), "Il file è troppo grande"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(
    client, privacy_officer, public_lists, content, message
):
    client.force_login(privacy_officer)
    data = import_form([public_lists["newsletter"]], "")
    data["file"] = SimpleUploadedFile("x.csv", content, content_type="text/csv")
    response = client.post(reverse(IMPORT), data)
    assert response.status_code == 400
    assert message in unescape(response.text)
    assert not Subscriber.objects.exists()
