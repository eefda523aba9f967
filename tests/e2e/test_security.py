"""The Content-Security-Policy holds in a real browser: the public site and the admin work under
it without a single violation."""

import re

import pytest

from tests.e2e.test_journeys import log_in
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_editor_works_in_the_admin_without_csp_violations(demo_site, visit, superuser):
    from playwright.sync_api import expect

    from home.models import HomePage, StandardPage

    tab = visit()
    page = tab.page
    log_in(page, demo_site, superuser.username)
    home = HomePage.objects.get(locale__language_code="it")
    about = StandardPage.objects.get(slug="chi-siamo", locale__language_code="it")

    for path in [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{about.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/settings/home/sitesettings/1/",
        "/admin/users/",
    ]:
        response = tab.goto(demo_site + path)
        assert response.status < 400, path
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
            response.headers
        )

    # The editing interface's scripts run: the preview panel renders the page in a frame.
    tab.goto(demo_site + f"/admin/pages/{about.pk}/edit/")
    page.get_by_role("button", name=re.compile("anteprima|Toggle preview")).click()
    frame = page.frame_locator("iframe#w-preview-iframe")
    heading = frame.get_by_role("heading", level=1)
    heading.wait_for()
    assert "Chi siamo" in heading.inner_text()

    # The script-driven StreamField editor works: add a block and save a draft.
    blocks_before = len(about.body)
    # The page may already hold quotes: wait for the new block's field before typing into it.
    quote_fields = page.locator("textarea[name$='-value-text']")
    quotes_before = quote_fields.count()
    page.get_by_role("button", name=re.compile("Inserisci un blocco|Insert a block")).last.click()
    page.get_by_role("option", name=re.compile("Citazione|Quote")).first.click()
    expect(quote_fields).to_have_count(quotes_before + 1)
    quote_fields.nth(quotes_before).fill("Scritto sotto la Content-Security-Policy.")
    page.get_by_role("button", name=re.compile("Salva bozza|Save draft")).click()
    page.get_by_text(re.compile("aggiornata|updated")).first.wait_for()
    draft = StandardPage.objects.get(pk=about.pk).get_latest_revision_as_object()
    assert len(draft.body) == blocks_before + 1
    assert "Content-Security-Policy" in str(draft.body[-1].value)

    assert not tab.csp_violations, "\n".join(tab.csp_violations)


def test_public_pages_send_the_strict_policy(demo_site, visit):
    tab = visit()
    response = tab.goto(demo_site + "/chi-siamo/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert not tab.csp_violations, "\n".join(tab.csp_violations)


def test_editor_pairs_an_authenticator_app_at_first_sign_in(demo_site, visit, editor, settings):
    from base64 import b32decode

    from django_otp.oath import totp

    settings.TWO_FACTOR_REQUIRED = True
    tab = visit()
    page = tab.page
    page.goto(demo_site + "/admin/login/")
    page.get_by_label(re.compile("Nome utente|Username")).fill(editor.username)
    page.get_by_label(re.compile("Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Accedi|Sign in")).click()
    page.wait_for_url(re.compile(r"/admin/2fa/setup/"))
    assert page.get_by_role("img", name=re.compile("Codice QR")).is_visible()

    key = page.locator(".two-factor-key").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Codice").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Conferma e attiva").click()
    codes = page.locator(".two-factor-codes code")
    codes.first.wait_for()
    assert codes.count() == 10
    tab.screenshot("two-factor-codes")
    page.get_by_role("link", name=re.compile("Ho salvato i codici")).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert not tab.csp_violations, "\n".join(tab.csp_violations)
