"""The transparency section: the page, the register's publication rule on real rows, open data,
the Tesoreria's admin and its dashboard panel."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from wagtail.documents import get_document_model

import pytest

from home import roles
from home.models import StandardPage
from program.models import (
    Contribution,
    Donor,
    TransparencyDocument,
    TransparencyPage,
)
from program.transparency.dashboard import register_deadlines
from tests.factories.program import contribution, donor, publish, transparency_page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1
# Routing and site chrome, the documents, the register's years and its rows with their donors.
PINNED_TRANSPARENCY_PAGE_QUERIES = 16


def on(month, day, year=LAST_YEAR):
    return datetime.date(year, month, day)


def document(title):
    return get_document_model().objects.create(
        title=title, file=SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4 prova")
    )


@pytest.fixture
def page(home_page):
    return transparency_page(home_page)


def shown(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.text


# --- The page ----------------------------------------------------------------------------


def test_the_page_lives_once_under_the_home_page_only(home_page, page):
    assert TransparencyPage.parent_page_types == ["home.HomePage"]
    assert TransparencyPage.subpage_types == []
    assert not TransparencyPage.can_create_at(home_page)  # one per home page
    standard = publish(home_page, StandardPage(title="Chi siamo", slug="chi-siamo"))
    assert not TransparencyPage.can_create_at(standard)


def test_documents_are_grouped_by_year_newest_first_and_by_kind_in_legal_order(client, home_page):
    page = transparency_page(
        home_page,
        documents=[
            TransparencyDocument(year=2024, kind="rendiconto", document=document("Rendiconto 24")),
            TransparencyDocument(
                year=2025, kind="verbale-approvazione", document=document("Verbale")
            ),
            TransparencyDocument(year=2025, kind="statuto", document=document("Statuto")),
            TransparencyDocument(
                year=2025,
                kind="curriculum",
                person="Alice Esempio",
                document=document("CV"),
            ),
        ],
    )
    groups = page.documents_by_year()
    assert [year for year, _kinds in groups] == [2025, 2024]
    assert [label for label, _items in groups[0][1]] == [
        "Statuto",
        "Verbale di approvazione",
        "Curriculum di candidate e candidati",
    ]
    html = shown(client, page)
    assert html.index("Statuto") < html.index("Verbale") < html.index("Rendiconto 24")
    assert "CV — Alice Esempio" in html


def test_candidate_documents_name_the_candidate_and_certificates_their_date():
    item = TransparencyDocument(year=2026, kind="casellario", title="Certificato")
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert set(error.value.message_dict) == {"person", "document_date"}
    item.person = "Alice Esempio"
    item.document_date = TODAY + datetime.timedelta(days=1)
    # Checked by field, not by wording: an earlier test may leave another language active.
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert set(error.value.message_dict) == {"document_date"}
    item.document_date = TODAY
    item.clean()


def test_only_what_the_law_asks_is_published_and_only_name_amount_and_date(client, page):
    anna = donor("Anna Sopra", tax_code="SPRNNA80A41H612X", notes="Amica di vecchia data")
    contribution(anna, "300.00", on(2, 1))
    contribution(anna, "200.01", on(3, 1), description="Bonifico")
    bruno = donor("Bruno Sotto")
    contribution(bruno, "300.00", on(2, 1))
    contribution(bruno, "200.00", on(3, 1))
    html = shown(client, page)
    assert html.count("Anna Sopra") == 2
    assert "300,00 €" in html and "200,01 €" in html
    assert "Bruno Sotto" not in html
    for private in ("SPRNNA80A41H612X", "Amica di vecchia data", "Bonifico", "R-0"):
        assert private not in html


def test_gifts_across_two_years_are_not_added_up(client, page):
    carla = donor("Carla Capodanno")
    contribution(carla, "400.00", on(12, 31, LAST_YEAR - 1))
    contribution(carla, "400.00", on(1, 1))
    assert "Carla Capodanno" not in shown(client, page)


def test_a_gift_from_an_objecting_donor_is_never_published_nor_counted(client, page):
    dario = donor("Dario Contrario")
    contribution(dario, "900.00", on(4, 1), donor_objected=True)
    contribution(dario, "100.00", on(5, 1))
    assert "Dario Contrario" not in shown(client, page)
    assert list(Contribution.objects.to_refuse()) == list(dario.contributions.filter(amount=900))


def test_published_rows_stay_five_years_and_then_leave_the_page():
    elena = donor("Elena Quinquennio")
    row = contribution(elena, "800.00", datetime.date(2020, 3, 10))
    deadline = datetime.date(2020, 4, 30)
    assert row.publication.deadline == deadline
    for day, online in [
        (datetime.date(2020, 3, 9), False),
        (datetime.date(2020, 3, 10), True),
        (datetime.date(2025, 4, 30), True),
        (datetime.date(2025, 5, 1), False),
    ]:
        years = Contribution.objects.published_by_year(day)
        assert (row in years.get(2020, [])) is online, day


def test_the_page_drops_rows_older_than_five_years_on_its_own(client, page):
    old = donor("Franca Antica")
    contribution(old, "800.00", datetime.date(TODAY.year - 7, 3, 10))
    recent = donor("Gino Recente")
    contribution(recent, "800.00", datetime.date(TODAY.year - 4, 3, 10))
    html = shown(client, page)
    assert "Franca Antica" not in html
    assert "Gino Recente" in html


def test_a_gift_recorded_late_stays_five_years_from_when_it_went_online():
    late = contribution(
        donor("Ivo Ritardo"),
        "800.00",
        datetime.date(2018, 3, 10),
        recorded_on=datetime.date(2021, 6, 1),
    )
    assert late.publication.online_until == datetime.date(2026, 6, 1)
    assert late in Contribution.objects.published_by_year(datetime.date(2026, 6, 1))[2018]
    assert 2018 not in Contribution.objects.published_by_year(datetime.date(2026, 6, 2))


def test_the_page_costs_the_same_queries_for_any_number_of_gifts(
    client, page, django_assert_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    # The first request stores the site's settings, which starts a new content generation: the
    # request after it fills the caches kept under that generation. Count from the third.
    client.get(page.url)
    contribution(donor("Uno"), "600.00", on(1, 5))
    client.get(page.url)
    few = count()
    for number in range(30):
        contribution(donor(f"Donatore {number}"), "501.00", on(1 + number % 12, 1 + number % 27))
    client.get(page.url)
    assert count() == few
    with django_assert_num_queries(PINNED_TRANSPARENCY_PAGE_QUERIES):
        client.get(page.url)


# --- Open data ---------------------------------------------------------------------------


def test_csv_and_json_per_year_with_formula_cells_neutralised(client, page):
    sneaky = donor('=HYPERLINK("http://example.com","premi")')
    contribution(sneaky, "600.00", on(2, 3))
    plain = donor("Lia Bianchi")
    contribution(plain, "250.00", on(1, 9))
    contribution(plain, "250.50", on(6, 9))

    response = client.get(f"{page.url}contributi/{LAST_YEAR}/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"contributi-{LAST_YEAR}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["donatore", "importo_euro", "data_ricezione"]
    assert ["Lia Bianchi", "250.00", on(1, 9).isoformat()] in rows
    assert ['\'=HYPERLINK("http://example.com","premi")', "600.00", on(2, 3).isoformat()] in rows
    assert len(rows) == 4

    response = client.get(f"{page.url}contributi/{LAST_YEAR}/json/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["anno"] == LAST_YEAR
    assert data["soglia_euro"] == "500.00"
    assert {
        "donatore": "Lia Bianchi",
        "importo_euro": "250.50",
        "data_ricezione": on(6, 9).isoformat(),
    } in data["contributi"]
    assert len(data["contributi"]) == 3
    # The page links both.
    html = shown(client, page)
    assert f"contributi/{LAST_YEAR}/csv/" in html and f"contributi/{LAST_YEAR}/json/" in html


@pytest.mark.parametrize(
    "path",
    [
        "contributi/2019/csv/",
        "contributi/0/json/",
        "contributi/x/csv/",
        "contributi/99999999999999999999/csv/",
    ],
)
def test_open_data_of_a_year_without_published_rows_is_a_404(client, page, path):
    contribution(donor("Sotto Soglia"), "100.00", datetime.date(2019, 5, 1))
    assert client.get(page.url + path).status_code == 404


# --- Donors ------------------------------------------------------------------------------


def test_a_second_donor_with_the_same_name_needs_a_tax_code():
    donor("Maria Rossi")
    twin = Donor(name="  maria   ROSSÌ ")
    with translation.override("it"), pytest.raises(ValidationError, match="già un donatore"):
        twin.clean()
    twin.tax_code = "rssmra80a41h612x"
    with translation.override("it"), pytest.raises(ValidationError, match="senza codice fiscale"):
        twin.clean()
    Donor.objects.filter(name="Maria Rossi").update(tax_code="RSSMRA70A41H612Y")
    twin.clean()
    assert twin.tax_code == "RSSMRA80A41H612X"
    assert twin.name == "maria ROSSÌ"


def test_services_and_goods_need_a_description_and_dates_cannot_be_in_the_future():
    item = Contribution(
        donor=donor(),
        amount=Decimal("10"),
        kind="services",
        received_on=TODAY + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert set(error.value.message_dict) == {"received_on", "description"}
    item = Contribution(
        donor=donor("Altro"), amount=Decimal("10"), received_on=TODAY, returned_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert set(error.value.message_dict) == {"returned_on"}
    with translation.override("it"):
        assert "rifiutati per opposizione" in error.value.message_dict["returned_on"][0]


# --- The Tesoreria's admin ---------------------------------------------------------------


def test_the_treasury_group_holds_the_register_and_nobody_else_does(db):
    treasury = Group.objects.get(name=roles.TREASURY)
    codenames = set(treasury.permissions.values_list("codename", flat=True))
    assert {
        "add_contribution",
        "change_contribution",
        "delete_contribution",
        "add_donor",
    } <= codenames
    holders = Permission.objects.get(codename="change_contribution").group_set.all()
    assert list(holders) == [treasury]


def test_the_treasurer_records_donors_and_gifts_and_the_listing_says_what_is_published(
    client, treasurer, page
):
    client.force_login(treasurer)
    response = client.post(
        "/admin/trasparenza/donatori/new/",
        {"name": "Nadia Nuova", "kind": "person", "tax_code": "", "notes": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    nadia = Donor.objects.get(name="Nadia Nuova")
    for reference, amount, received in [
        ("2025/1", "300.00", on(1, 10)),
        ("2025/2", "250.00", on(3, 2)),
    ]:
        response = client.post(
            "/admin/trasparenza/contributi/new/",
            {
                "donor": nadia.pk,
                "amount": amount,
                "kind": "money",
                "description": "",
                "received_on": received.isoformat(),
                "receipt_reference": reference,
                "returned_on": "",
                "notes": "",
            },
        )
        assert response.status_code == 302, response.content[:3000]
    assert Contribution.objects.filter(donor=nadia).count() == 2
    listing = client.get("/admin/trasparenza/contributi/")
    assert listing.status_code == 200
    assert listing.text.count("Pubblicato") >= 2
    assert "Nadia Nuova" in client.get(page.url).text


def test_the_admin_refuses_a_duplicate_receipt_and_a_negative_amount(client, treasurer):
    client.force_login(treasurer)
    someone = donor()
    contribution(someone, "10.00", on(1, 1), receipt_reference="2025/7")
    response = client.post(
        "/admin/trasparenza/contributi/new/",
        {
            "donor": someone.pk,
            "amount": "-5",
            "kind": "money",
            "received_on": on(1, 2).isoformat(),
            "receipt_reference": "2025/7",
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    assert Contribution.objects.count() == 1


def test_an_objecting_donor_is_flagged_and_the_treasurer_warned(client, treasurer):
    client.force_login(treasurer)
    someone = donor("Oscar Oppositore")
    response = client.post(
        "/admin/trasparenza/contributi/new/",
        {
            "donor": someone.pk,
            "amount": "700.00",
            "kind": "money",
            "received_on": on(4, 4).isoformat(),
            "receipt_reference": "2025/9",
            "donor_objected": "on",
        },
        follow=True,
    )
    assert "la legge impone di rifiutare il contributo" in response.text
    assert "Da rifiutare" in client.get("/admin/trasparenza/contributi/").text
    dashboard = client.get("/admin/")
    assert "Trasparenza: scadenze" in dashboard.text
    assert "contributo da rifiutare" in dashboard.text


def test_the_export_is_formula_safe_and_carries_the_computed_state(client, treasurer):
    client.force_login(treasurer)
    contribution(donor("@SUM(A1)"), "600.00", on(2, 2))
    response = client.get("/admin/trasparenza/contributi/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'@SUM(A1)" in text
    assert "Pubblicato" in text


def test_a_donor_with_gifts_cannot_be_deleted(client, treasurer):
    client.force_login(treasurer)
    someone = donor()
    contribution(someone, "10.00", on(1, 1))
    client.post(f"/admin/trasparenza/donatori/delete/{someone.pk}/")
    assert Donor.objects.filter(pk=someone.pk).exists()


@pytest.mark.parametrize("role", ["volunteer", "editor", "privacy_officer"])
def test_nobody_but_the_treasury_opens_the_register(client, request, role):
    someone = donor()
    row = contribution(someone, "10.00", on(1, 1))
    client.force_login(request.getfixturevalue(role))
    for url in [
        "/admin/trasparenza/contributi/",
        "/admin/trasparenza/contributi/new/",
        f"/admin/trasparenza/contributi/edit/{row.pk}/",
        "/admin/trasparenza/contributi/?export=csv",
        "/admin/trasparenza/donatori/",
        f"/admin/trasparenza/donatori/edit/{someone.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Tesoreria" in response.text
    response = client.post(f"/admin/trasparenza/contributi/delete/{row.pk}/")
    assert response.status_code == 403
    assert Contribution.objects.filter(pk=row.pk).exists()
    assert "Trasparenza: scadenze" not in client.get("/admin/").text


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/trasparenza/contributi/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


# --- Deadlines on the dashboard ----------------------------------------------------------


def test_without_a_live_page_due_and_overdue_gifts_are_flagged(home_page):
    today = datetime.date(TODAY.year, 6, 15)
    someone = donor("Pia Puntuale")
    overdue = contribution(someone, "600.00", datetime.date(TODAY.year, 3, 1))
    due = contribution(donor("Ugo Urgente"), "600.00", datetime.date(TODAY.year, 6, 1))
    contribution(donor("Sandro Sotto"), "100.00", datetime.date(TODAY.year, 6, 1))
    state = register_deadlines(today)
    assert not state["page_online"]
    assert state["overdue"] == [overdue]
    assert state["due"] == [due]


def test_with_a_live_page_only_late_recordings_are_flagged(page):
    today = datetime.date(TODAY.year, 6, 15)
    contribution(donor("Pia Puntuale"), "600.00", datetime.date(TODAY.year, 5, 1))
    late = contribution(
        donor("Leo Lento"),
        "600.00",
        datetime.date(TODAY.year, 2, 1),
        recorded_on=datetime.date(TODAY.year, 6, 1),
    )
    state = register_deadlines(today)
    assert state["page_online"]
    assert state["overdue"] == state["due"] == []
    assert state["late"] == [late]


def test_the_page_is_renderable_and_bad_years_never_500(client, page):
    for path in ["", "contributi/", "contributi/2025/", "contributi/2025/xml/", "?anno=%00"]:
        assert client.get(page.url + path).status_code in (200, 404)
