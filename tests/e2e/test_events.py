"""Events in a real browser: a visitor finds a webinar, takes its calendar file and registers;
a volunteer drafts an event that an editor publishes. No CSP violation, nothing loaded from
other sites until the visitor asks, no WCAG 2.2 AA violation on the event pages."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail

import icalendar
import pytest

from tests.e2e.conftest import DESKTOP, MOBILE
from tests.e2e.test_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def third_party(tab, base_url):
    host = urlsplit(base_url).hostname
    return [url for url in tab.requests if urlsplit(url).hostname not in (host, None)]


def assert_no_axe_violations(tab, name):
    tab.screenshot(name)
    violations, results = tab.axe_violations()
    assert not violations, f"{name}:\n{results.generate_report()}"


def test_visitor_finds_a_webinar_adds_it_to_the_calendar_and_registers(demo_site, visit):
    tab = visit(MOBILE)
    page = tab.page
    tab.goto(demo_site + "/")
    page.locator(".menu-toggle").click()
    page.get_by_role("link", name="Eventi", exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Eventi"
    assert_no_axe_violations(tab, "events-listing")

    # Only webinars, with the filter form (plain GET, no script needed).
    page.get_by_label("Categoria").select_option("webinar")
    page.get_by_role("button", name="Filtra").click()
    page.wait_for_load_state("load")
    assert "categoria=webinar" in page.url
    page.get_by_role("link", name=re.compile("Generare prossimità")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Generare prossimità")
    assert page.get_by_text("Introduce e modera").is_visible()
    assert third_party(tab, demo_site) == []
    assert_no_axe_violations(tab, "events-webinar")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scarica il file .ics").click()
    download = download_info.value
    assert download.suggested_filename == "generare-prossimita.ics"
    [vevent] = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith("Generare prossimità")
    assert "Diretta su YouTube" in str(vevent["DESCRIPTION"])

    mail.outbox.clear()
    form = page.locator("#iscrizione")
    form.get_by_label("Nome e cognome").fill("Anna Rossi")
    form.get_by_label("E-mail", exact=True).fill("anna@example.org")
    form.get_by_label(re.compile("Ho letto l'informativa privacy")).check()
    form.get_by_role("button", name="Iscriviti").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Controlla la posta"

    [message] = mail.outbox
    confirm = re.search(r"http://testserver(/events/iscrizione/\S+/conferma/)", message.body)
    assert confirm, message.body
    tab.goto(demo_site + confirm[1])
    assert_no_axe_violations(tab, "events-confirm")
    page.get_by_role("button", name="Confermo l'iscrizione").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Iscrizione confermata"
    assert any(m.subject.startswith("Iscrizione confermata") for m in mail.outbox)
    assert not tab.csp_violations, "\n".join(tab.csp_violations)


def test_map_loads_only_after_the_click(demo_site, visit):
    tab = visit(DESKTOP)
    page = tab.page
    # Nothing may leave the machine: answer the map provider with an empty page.
    page.route(
        re.compile(r"https://www\.openstreetmap\.org/.*"),
        lambda route: route.fulfill(
            status=200, body="<!doctype html><title>OpenStreetMap</title>", content_type="text/html"
        ),
    )
    tab.goto(demo_site + "/eventi/assemblea-aperta-rovereto/")
    assert third_party(tab, demo_site) == []
    assert page.locator(".event-map iframe").count() == 0
    assert_no_axe_violations(tab, "events-assembly")
    page.get_by_role("button", name="Carica la mappa").click()
    frame = page.locator(".event-map iframe")
    frame.wait_for()
    page.wait_for_load_state("networkidle")
    assert "openstreetmap.org/export/embed.html" in frame.get_attribute("src")
    assert frame.get_attribute("title") == "Mappa: Urban Center"
    assert not tab.csp_violations, "\n".join(tab.csp_violations)


def test_volunteer_drafts_an_event_and_editor_publishes_it(demo_site, visit, volunteer, editor):
    from events.models import EventIndexPage, EventPage

    calendar = EventIndexPage.objects.get(locale__language_code="it")
    tab = visit()
    page = tab.page
    log_in(page, demo_site, volunteer.username)
    page.goto(f"{demo_site}/admin/pages/add/events/eventpage/{calendar.pk}/")
    page.locator("#id_title").fill("Assemblea sul verde di quartiere")
    page.locator("#id_start").fill("2030-06-12 20:30")
    page.locator("#id_end").fill("2030-06-12 22:30")
    page.locator("#id_summary").fill("Parliamo dei giardini di Lizzana.")
    page.locator("#id_title").click()  # close the date picker
    assert page.locator("button[name='action-publish']").count() == 0
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Invia a|Submit to")).click()
    page.wait_for_load_state("load")
    draft = EventPage.objects.get(title="Assemblea sul verde di quartiere")
    assert not draft.live
    assert draft.current_workflow_state.status == "in_progress"

    page2 = visit().page
    log_in(page2, demo_site, editor.username)
    page2.goto(f"{demo_site}/admin/pages/{draft.pk}/edit/")
    page2.locator("[data-w-dropdown-target='toggle']").last.click()
    page2.get_by_role("button", name=re.compile("Approva|Approve")).first.click()
    dialog_confirm = page2.get_by_role("button", name=re.compile("Approva|Approve"))
    if dialog_confirm.count() > 1:
        dialog_confirm.last.click()
    page2.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert draft.live

    tab.goto(demo_site + "/eventi/")
    page.get_by_role("link", name="Assemblea sul verde di quartiere").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Assemblea sul verde di quartiere"
    assert not tab.csp_violations, "\n".join(tab.csp_violations)
