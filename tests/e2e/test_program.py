"""The program in a real browser: a visitor browses the program by lens, follows a process phase
by phase and contributes to it; an editor reads the contribution; a volunteer cannot. No CSP
violation, nothing loaded from other sites, no WCAG 2.2 AA violation, the error state included.
"""

import re
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import DESKTOP, MOBILE
from tests.e2e.test_journeys import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_no_axe_violations(tab, name):
    tab.screenshot(name)
    violations, results = tab.axe_violations()
    assert not violations, f"{name}:\n{results.generate_report()}"


def third_party(tab, base_url):
    host = urlsplit(base_url).hostname
    return [url for url in tab.requests if urlsplit(url).hostname not in (host, None)]


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375", "1280"])
def test_visitor_browses_by_lens_follows_a_process_and_contributes(demo_site, visit, viewport):
    from program.models import ContributionSubmission

    tab = visit(viewport)
    page = tab.page
    tab.goto(demo_site + "/")
    if viewport is MOBILE:
        page.locator(".menu-toggle").click()
    page.get_by_role("link", name="Il programma", exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Il programma"

    # The program one lens at a time, with plain links.
    page.get_by_role("navigation", name="Sfoglia il programma per lente").get_by_role(
        "link", name="Ecologia"
    ).click()
    page.wait_for_load_state("load")
    themes = page.locator(".program-theme__title").all_inner_texts()
    assert themes == ["Una città interdipendente", "Una città abitabile"]

    # A theme's badge leads to the lens page, which lists the processes carrying the lens.
    tab.goto(demo_site + "/programma/?lente=cura-e-interdipendenza")
    page.locator("#una-citta-che-cura-e-che-cambia .lens-badge").first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Cura e interdipendenza"
    page.get_by_role("link", name="Verso l'Opificio di Comunità").first.click()
    page.wait_for_load_state("load")

    # The timeline marks the phase under way.
    current = page.locator('.process-timeline [aria-current="step"]')
    assert current.count() == 1
    assert "Fase in corso" in current.inner_text()
    assert "avvio del percorso partecipativo" in current.inner_text().lower()
    assert_no_axe_violations(tab, f"program-process-{viewport['width']}")

    # The phase's call to action leads to the form.
    current.get_by_role("link", name="Dai il tuo contributo").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Dai il tuo contributo"
    consent = page.get_by_role("checkbox", name=re.compile("Ho letto l'informativa privacy"))
    assert not consent.is_checked()

    # Without consent: the same page, a message, what was written is kept.
    proposal = page.get_by_label(re.compile("Come possiamo produrre benessere insieme"))
    proposal.fill("Una merenda mensile nel cortile della scuola.")
    page.get_by_role("button", name="Invia il contributo").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("alert").is_visible()
    assert "serve il tuo consenso" in page.locator(".form-field--consent").inner_text()
    assert consent.get_attribute("aria-invalid") == "true"
    assert proposal.input_value() == "Una merenda mensile nel cortile della scuola."
    assert_no_axe_violations(tab, f"program-contribution-errors-{viewport['width']}")
    assert not ContributionSubmission.objects.exists()

    consent.check()
    page.get_by_role("button", name="Invia il contributo").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Grazie per il tuo contributo"
    assert_no_axe_violations(tab, f"program-contribution-thanks-{viewport['width']}")
    submission = ContributionSubmission.objects.get()
    assert submission.form_data["come_possiamo_produrre_benessere_insieme"].startswith(
        "Una merenda"
    )
    assert third_party(tab, demo_site) == []
    assert not tab.csp_violations, "\n".join(tab.csp_violations)


def test_editor_reads_contributions_and_a_volunteer_cannot(demo_site, visit, editor, volunteer):
    from home.legal import LegalTextVersion
    from program.models import ContributionFormPage, ContributionSubmission

    form_page = ContributionFormPage.objects.get(locale__language_code="it")
    ContributionSubmission.objects.create(
        page=form_page,
        form_data={"come_possiamo_produrre_benessere_insieme": "Orti condivisi nei cortili."},
        consent_text=LegalTextVersion.objects.consent("Acconsento."),
    )
    listing = f"{demo_site}/admin/forms/submissions/{form_page.pk}/"

    tab = visit()
    log_in(tab.page, demo_site, volunteer.username)
    response = tab.page.goto(listing)
    assert response.status == 403
    assert "Orti condivisi" not in tab.page.content()
    tab.close()

    tab = visit()
    log_in(tab.page, demo_site, editor.username)
    tab.page.goto(listing)
    assert tab.page.get_by_text("Orti condivisi nei cortili.").is_visible()
