"""A visitor subscribes from the footer, confirms from the e-mail, then unsubscribes."""

import re

from django.core import mail
from django.core.cache import cache

import pytest

from newsletter.models import Subscriber
from tests.e2e.conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_no_axe_violations(tab, name):
    violations, results = tab.axe_violations()
    assert not violations, f"{name}:\n{results.generate_report()}"


def only_this_site(tab, base):
    return [url for url in tab.requests if not url.startswith((base, "data:", "blob:"))]


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375", "1280"])
def test_subscribe_from_the_footer_confirm_then_unsubscribe(demo_site, visit, settings, viewport):
    settings.WAGTAILADMIN_BASE_URL = demo_site  # links in e-mails lead to this server
    cache.clear()  # cool-downs and limits of an earlier run
    mail.outbox.clear()
    tab = visit(viewport)
    page = tab.page

    tab.goto(demo_site + "/chi-siamo/")
    tab.screenshot("newsletter-footer-form")
    footer = page.locator("footer")
    footer.get_by_label("Indirizzo e-mail").fill("giulia@example.org")
    newsletter = footer.get_by_role("checkbox", name="Newsletter", exact=True)
    assert newsletter.is_checked()  # proposed by the editors
    consent = footer.get_by_role("checkbox", name=re.compile("Acconsento"))
    assert not consent.is_checked()
    consent.check()
    footer.get_by_role("button", name="Iscrivimi").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Controlla la tua casella di posta"
    assert_no_axe_violations(tab, "newsletter-sent")

    [message] = mail.outbox
    confirm = re.search(r"(/newsletter/conferma/\S+/)", message.body)[1]
    tab.goto(demo_site + confirm)
    assert Subscriber.objects.get().subscriptions.get().status == "pending"
    assert_no_axe_violations(tab, "newsletter-confirm")
    page.get_by_role("button", name="Confermo l'iscrizione").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Iscrizione confermata"
    assert Subscriber.objects.get().subscriptions.get().status == "active"

    page.get_by_role("link", name="Le mie preferenze").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Le tue preferenze"
    assert page.get_by_role("checkbox", name="Newsletter", exact=True).is_checked()
    tab.screenshot("newsletter-preferences")
    assert_no_axe_violations(tab, "newsletter-preferences")

    page.get_by_role("link", name="Disiscriviti da tutte le liste").click()
    page.wait_for_load_state("load")
    assert_no_axe_violations(tab, "newsletter-unsubscribe")
    page.get_by_role("button", name="Disiscrivimi").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Disiscrizione fatta"
    assert Subscriber.objects.get().subscriptions.get().status == "unsubscribed"

    assert only_this_site(tab, demo_site) == []
    assert not tab.csp_violations, "\n".join(tab.csp_violations)


def test_errors_are_announced_and_tied_to_their_fields(demo_site, visit):
    tab = visit(DESKTOP)
    page = tab.page
    tab.goto(demo_site + "/newsletter/iscriviti/")
    form = page.locator("main form")
    form.evaluate("form => { form.noValidate = true; }")  # what a browser without checks sends
    page.get_by_label("Indirizzo e-mail").fill("giulia@")
    form.get_by_role("button", name="Iscrivimi").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("alert").is_visible()
    email = page.get_by_label("Indirizzo e-mail")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby")
    assert "non è valido" in page.locator(f"#{described}").inner_text()
    tab.screenshot("newsletter-errors")
    assert_no_axe_violations(tab, "newsletter-errors")
    assert not Subscriber.objects.exists()
    assert not tab.csp_violations, "\n".join(tab.csp_violations)
