"""Journeys through the site and the admin, as a person would make them."""

import re

import pytest

from tests.e2e.conftest import MOBILE
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_keyboard_visitor_opens_the_mobile_menu_and_reaches_the_footer(demo_site, visit):
    tab = visit(MOBILE)
    tab.goto(demo_site + "/")
    page = tab.page
    nav = page.locator("#site-nav")
    assert not nav.is_visible()

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Vai al contenuto"
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    toggle = page.locator(".menu-toggle")
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Chi siamo"

    # Keep tabbing: every focusable element is reachable until the footer's privacy link.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('footer') !== null"):
            break
    else:
        pytest.fail("the footer was not reached with the keyboard")
    assert page.evaluate("document.activeElement.closest('footer') !== null")

    # Escape closes the menu and gives focus back to its button.
    page.keyboard.press("Shift+Tab")
    toggle.focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"


def test_skip_link_moves_focus_to_the_content(demo_site, visit):
    tab = visit()
    tab.goto(demo_site + "/chi-siamo/")
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("document.activeElement.id") == "main"


def test_visitor_searches_and_opens_a_result(demo_site, visit):
    tab = visit()
    tab.goto(demo_site + "/")
    # With its list of suggestions the search field is a combobox.
    field = tab.page.get_by_role("combobox", name="Cerca nel sito")
    field.press_sequentially("La nostra")
    # Suggestions arrive while typing (the form works without them).
    suggestion = tab.page.locator("#site-search-suggestions option[value='La nostra storia']")
    suggestion.wait_for(state="attached")
    field.fill("storia")
    field.press("Enter")
    tab.page.wait_for_load_state("load")
    assert "/search/" in tab.page.url
    tab.page.get_by_role("link", name="La nostra storia").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url.endswith("/la-nostra-storia/")
    assert tab.page.get_by_role("heading", level=1).inner_text() == "La nostra storia"


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.get_by_label(re.compile("Nome utente|Username")).fill(username)
    page.get_by_label(re.compile("Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Accedi|Sign in")).click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_volunteer_drafts_and_submits_then_editor_publishes(demo_site, visit, volunteer, editor):
    from home.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="it")
    tab = visit()
    page = tab.page
    log_in(page, demo_site, volunteer.username)
    page.goto(f"{demo_site}/admin/pages/add/home/standardpage/{home.pk}/")
    page.locator("#id_title").fill("Assemblea di quartiere")
    page.locator("#id_intro").fill("Ci vediamo in piazza.")
    # Volunteers have no publish button: only save and submit for moderation.
    assert page.locator("button[name='action-publish']").count() == 0
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Invia a|Submit to")).click()
    page.wait_for_load_state("load")
    draft = StandardPage.objects.get(title="Assemblea di quartiere")
    assert not draft.live
    assert draft.current_workflow_state.status == "in_progress"

    page2 = visit().page  # a separate browser context: the editor's own session
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

    tab.goto(demo_site + draft.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Assemblea di quartiere"
