"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium the tests skip with a clear reason; CI sets ``PIAZZA_REQUIRE_BROWSER=1`` so a
missing browser fails the run instead of skipping it.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management import call_command

from wagtail.models import Site

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PIAZZA_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("PIAZZA_REQUIRE_BROWSER", "") not in ("", "0")
SCREENSHOTS = Path(os.environ.get("PIAZZA_SCREENSHOTS", "test-results/screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _browser_problem():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def pytest_collection_modifyitems(config, items):
    problem = _browser_problem()
    if problem is None or REQUIRE_BROWSER:  # when required, the browser fixture fails instead
        return
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {problem}"))


@pytest.fixture(scope="session")
def browser():
    problem = _browser_problem()
    if problem:
        if REQUIRE_BROWSER:
            pytest.fail(problem)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def demo_site(live_server):
    """The demo content, served by the live server."""
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    parts = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = parts.hostname, parts.port
    site.save()  # also clears Wagtail's cached site root paths
    return live_server.url


class Visit:
    """A browser tab that records every request it makes, for budgets and privacy checks."""

    def __init__(self, browser, viewport):
        self.context = browser.new_context(viewport=viewport, locale="it-IT")
        self.page = self.context.new_page()
        self.responses = []
        self.requests = []
        self.csp_violations = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", lambda response: self.responses.append(response))
        self.page.on("console", self._record_csp_violation)
        self.viewport = viewport

    def _record_csp_violation(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def goto(self, url):
        self.responses.clear()
        self.requests.clear()
        response = self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return response

    def bytes_by_type(self):
        """Body bytes per resource type of the last navigation (uncompressed: a strict bound)."""
        totals = {}
        for response in self.responses:
            kind = response.request.resource_type
            try:
                size = len(response.body())
            except Exception:  # redirects and aborted requests have no body
                size = 0
            totals[kind] = totals.get(kind, 0) + size
        return totals

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(
            path=str(SCREENSHOTS / f"{name}-{self.viewport['width']}.png"), full_page=True
        )

    def axe_violations(self):
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(
            self.page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        return results.response["violations"], results

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    """Open tabs at a given viewport: ``visit(MOBILE)``; closed after the test."""
    opened = []

    def open_visit(viewport=DESKTOP):
        tab = Visit(browser, viewport)
        opened.append(tab)
        return tab

    yield open_visit
    for tab in opened:
        tab.close()
