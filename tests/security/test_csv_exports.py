"""Every CSV export of the admin neutralises cells a spreadsheet would run as formulas.

The project's own exports (subscribers, attendees, contributions, popular searches) have their
tests in their apps; here: every view of the admin that can export is found in the URL resolver
and checked, and Wagtail's own reports are exported with hostile page titles.
"""

import csv
import io
from types import SimpleNamespace

from django.urls import get_resolver

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page

import pytest

from home.csv import FORMULA_PREFIXES
from home.models import StandardPage
from tests.security.admin_urls import admin_patterns

FORMULAS = ['=HYPERLINK("https://evil.example";"clic")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def view_classes():
    """Every class-based view mounted under /admin/, unwrapped from its decorators."""
    found = {}
    resolver = get_resolver()
    for route, _name in admin_patterns():
        match = None
        for pattern in walk_patterns(resolver.url_patterns):
            if pattern[0] == route:
                match = pattern[1]
                break
        callback = match
        while callback is not None and not hasattr(callback, "view_class"):
            callback = getattr(callback, "__wrapped__", None)
        if callback is not None:
            found[callback.view_class] = route
    return found


def walk_patterns(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def exporting_views():
    views = view_classes().items()
    return {cls: route for cls, route in views if issubclass(cls, SpreadsheetExportMixin)}


def test_the_admin_has_exporting_views_to_check():
    # Wagtail's reports, the form submissions, the popular searches at least.
    assert len(exporting_views()) >= 8


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_exporting_view_writes_formulas_as_text(formula):
    unsafe = []
    for cls, route in exporting_views().items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["cell"])
        fake = SimpleNamespace(
            preprocess_field_value=lambda field, value, export_format: value,
            FORMAT_CSV="csv",
            export_headings={},
        )
        cls.write_csv_row(fake, writer, {"cell": formula})
        if buffer.getvalue().lstrip('"').startswith(FORMULA_PREFIXES):
            unsafe.append(f"{cls.__module__}.{cls.__qualname__} ({route})")
        heading = cls.get_heading(
            SimpleNamespace(export_headings={"cell": formula}), Page.objects.none(), "cell"
        )
        if heading.startswith(FORMULA_PREFIXES):
            unsafe.append(f"{cls.__qualname__} heading ({route})")
    assert not unsafe, "CSV exports that write formulas:\n" + "\n".join(unsafe)


def rows_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "report",
    [
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        "/admin/reports/page-types-usage/",
        "/admin/searchpicks/reports/search-terms/",
    ],
)
def test_wagtail_reports_exported_as_csv_are_safe(admin_client, home_page, superuser, report):
    """A volunteer may title a page ``=HYPERLINK(…)``; the editor who exports a report must not
    get a live formula."""
    from wagtail.contrib.search_promotions.models import Query

    title = FORMULAS[0]
    page = StandardPage(title=title, slug="formula", intro="x")
    home_page.add_child(instance=page)
    page.save_revision(user=superuser, log_action=True).publish(user=superuser)
    page.locked, page.locked_by = True, superuser
    page.save()
    home_page.title = title
    home_page.save_revision(user=superuser).publish(user=superuser)
    Query.get(title).add_hit()
    response = admin_client.get(report, {"export": "csv"})
    assert response.status_code == 200, report
    rows = rows_of(response)
    assert len(rows) >= 2, report
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)], cells
    if report != "/admin/reports/page-types-usage/":
        assert any(cell.lower() == "'" + title.lower() for cell in cells), cells
