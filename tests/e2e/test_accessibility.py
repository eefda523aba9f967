"""axe-core finds no WCAG 2.2 A/AA violation on any page type, on mobile and desktop."""

import pytest

from tests.e2e.conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = {
    "home": "/",
    "standard": "/chi-siamo/",
    "timeline": "/la-nostra-storia/",
    "accordion": "/la-nostra-attivita/",
    "search": "/search/?q=comunit%C3%A0",
    "newsletter-archive": "/archivio-newsletter/",
    "newsletter-issue": "/archivio-newsletter/ottobre/",
    "lens-index": "/lenti/",
    "lens": "/lenti/partecipazione/",
    "program": "/programma/",
    "program-by-lens": "/programma/?lente=ecologia",
    "process-index": "/percorsi/?stato=concluso&lente=zzz",
    "process": "/percorsi/opificio-di-comunita/",
    "process-with-neighbourhoods": "/percorsi/laboratori-di-quartiere/",
    "contribution-form": "/percorsi/opificio-di-comunita/dai-il-tuo-contributo/",
    "people": "/persone/",
    "person": "/persone/alice-esempio/",
    "council-acts": "/consiglio/?anno=2025",
    "council-act": "/consiglio/regolamento-beni-comuni/",
    "event-index": "/eventi/",
    "event-archive": "/eventi/?archivio=1",
    "event-webinar": "/eventi/generare-prossimita/",
    "event-in-person": "/eventi/assemblea-aperta-rovereto/",
    "directory": "/con-chi/?tipo=comitato&lente=zzz",
    "organisation": "/con-chi/associazione-cortili-aperti-esempio/",
    "directory-join": "/con-chi/richiesta/",
    "transparency": "/trasparenza/",
    "not-found": "/pagina-che-non-esiste/",
}


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375", "1280"])
def test_no_axe_violations(demo_site, visit, viewport):
    tab = visit(viewport)
    failures = {}
    for name, path in PAGES.items():
        tab.goto(demo_site + path)
        tab.screenshot(name)
        violations, results = tab.axe_violations()
        if violations:
            failures[name] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
    assert not tab.csp_violations, "\n".join(tab.csp_violations)
