"""Every response carries the security headers; the public site's policy is strict."""

import re

import pytest

from home.early_script import HASH_SOURCE as EARLY_SCRIPT_HASH
from tests.home.test_config import run_production_settings

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, _, values in (part.strip().partition(" ") for part in policy.split(";"))
    }


def test_public_page_has_every_header(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "interest-cohort"):
        assert f"{feature}=()" in permissions


def test_public_policy_allows_no_inline_script_and_nothing_from_elsewhere(client, home_page):
    policy = directives(client.get("/"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"].split()[0] == "'self'"
    assert all(
        source in ("'self'", EARLY_SCRIPT_HASH) or source.startswith("'nonce-")
        for source in policy["script-src"].split()
    )
    assert "unsafe" not in " ".join(policy.values())
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert "upgrade-insecure-requests" not in policy  # development serves plain HTTP


def test_a_nonce_is_fresh_for_every_response_that_uses_one(rf):
    from django.http import HttpResponse
    from django.template import engines

    from config.security import ContentSecurityPolicyMiddleware

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')

    def view(request):
        return HttpResponse(template.render({"CSP_NONCE": request.csp_nonce}, request))

    middleware = ContentSecurityPolicyMiddleware(view)
    nonces = []
    for _ in range(2):
        response = middleware(rf.get("/"))
        header_nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        assert header_nonce and header_nonce.group(1) in response.text
        nonces.append(header_nonce.group(1))
    assert nonces[0] != nonces[1]


def test_admin_has_its_own_policy(admin_client, home_page):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["connect-src"] == "'self'"
    assert "gravatar" not in response.text


def test_login_page_and_static_errors_are_covered_too(client, home_page):
    for path in ("/admin/login/", "/pagina-che-non-esiste/", "/robots.txt"):
        response = client.get(path)
        assert "Content-Security-Policy" in response.headers, path
        assert "Permissions-Policy" in response.headers, path


def test_production_adds_hsts_and_upgrades_requests():
    code = (
        "import django; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.UPGRADE_INSECURE_REQUESTS)"
    )
    result = run_production_settings(
        {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}, code=code
    )
    assert result.returncode == 0, result.stderr
    hsts, subdomains, session_secure, csrf_secure, upgrade = result.stdout.split()
    assert int(hsts) >= 365 * 24 * 3600
    assert subdomains == session_secure == csrf_secure == upgrade == "True"


def test_the_one_inline_script_is_allowed_by_the_hash_of_what_the_page_contains(client, home_page):
    import base64
    import hashlib

    response = client.get("/")
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in directives(response)["script-src"].split()
