"""The partner registry in a real browser: a visitor asks to join the directory, confirms the
request from the e-mail, an editor approves it in the admin and the organisation appears. No
WCAG 2.2 AA violation on the form (its error state included) and the confirmation page, no CSP
violation, nothing loaded from other sites."""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse

import pytest

from tests.e2e.conftest import DESKTOP
from tests.e2e.test_journeys import log_in
from tests.e2e.test_program import assert_no_axe_violations, third_party

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAME = "Ciclofficina del Leno"


def test_visitor_joins_confirms_editor_approves_and_the_organisation_appears(
    demo_site, visit, editor
):
    from program.models import Organisation, OrganisationStatus

    tab = visit(DESKTOP)
    page = tab.page
    tab.goto(demo_site + "/con-chi/")
    assert page.get_by_role("heading", level=1).inner_text() == "Con chi"
    assert NAME not in page.content()
    page.get_by_role("link", name="Chiedi di entrare nell'elenco").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Chiedi di entrare nell'elenco"

    page.get_by_label("Nome dell'organizzazione").fill(NAME)
    page.locator("#join-kind").select_option("associazione")
    page.get_by_label("Che cosa fa").fill("Ripariamo biciclette insieme il sabato mattina.")
    page.get_by_label(re.compile("^Sito web")).fill("https://ciclofficina.example.org")
    page.get_by_label("Nome e cognome").fill("Marta Referente")
    page.locator("#join-contact_email").fill("marta@example.org")

    # Without the consents: the same page, the message, what was typed kept.
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Nome dell'organizzazione").input_value() == NAME
    assert_no_axe_violations(tab, "registry-join-errors")
    assert not Organisation.objects.filter(name=NAME).exists()

    page.get_by_role("checkbox", name=re.compile("Chiedo di inserire l'organizzazione")).check()
    page.get_by_role("checkbox", name=re.compile("Ho letto l'informativa privacy")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_load_state("load")
    assert "richiesta/inviata/" in page.url
    organisation = Organisation.objects.get(name=NAME)
    assert organisation.status == OrganisationStatus.UNCONFIRMED

    # The confirmation e-mail: its link shows a button, the button confirms.
    (message,) = [item for item in mail.outbox if "marta@example.org" in item.to]
    link = re.search(r"https?://\S+/conferma/", message.body)[0]
    tab.goto(demo_site + urlsplit(link).path)
    assert_no_axe_violations(tab, "registry-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="Confermo la richiesta").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Richiesta inviata alla redazione"
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.PENDING
    assert third_party(tab, demo_site) == []
    assert not tab.csp_violations, "\n".join(tab.csp_violations)
    tab.close()

    # The editor approves it from the admin.
    admin = visit(DESKTOP)
    log_in(admin.page, demo_site, editor.username)
    admin.goto(demo_site + reverse("wagtailsnippets_program_organisation:list"))
    assert NAME in admin.page.content()
    admin.goto(
        demo_site + reverse("wagtailsnippets_program_organisation:approve", args=[organisation.pk])
    )
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Approva e avvisa l'organizzazione").click()
    admin.page.wait_for_load_state("load")
    assert "Ciclofficina" in admin.page.content()  # the listing, with the confirmation message
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.APPROVED
    assert any(NAME in item.subject for item in mail.outbox if "marta@example.org" in item.to)

    # Listed: in the directory, with its page.
    visitor = visit(DESKTOP)
    visitor.goto(demo_site + "/con-chi/?tipo=associazione")
    visitor.page.get_by_role("link", name=NAME).click()
    visitor.page.wait_for_load_state("load")
    assert visitor.page.get_by_role("heading", level=1).inner_text() == NAME
