"""CSV exports that are safe to open in a spreadsheet.

Spreadsheet programs run cells that start with ``= + - @`` (or a tab / carriage return) as
formulas; such cells get a leading apostrophe so they are shown as text (CSV injection).
"""

import csv

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value):
    """Return ``value`` as a string a spreadsheet will never evaluate."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    """An attachment response with a UTF-8 BOM (so spreadsheets detect accents) and safe cells."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_csv_cell(cell) for cell in row])
    return response


class SafeSpreadsheetExportMixin:
    """Formula-safe CSV for Wagtail's listing and report exports (``SpreadsheetExportMixin``).

    Wagtail writes CSV cells as they are; put this mixin before the Wagtail view class so every
    cell goes through ``safe_csv_cell``. (Wagtail's XLSX export already stores formulas as text.)
    """

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: safe_csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


def neutralise_every_spreadsheet_export():
    """Make every CSV export of the admin formula-safe, Wagtail's own included.

    Wagtail's reports (site history, aging pages, locked pages, workflows, search terms…),
    listings with ``list_export`` and form submissions all write CSV through
    ``SpreadsheetExportMixin``, which writes cells as they are: a page title or an answer
    such as ``=HYPERLINK(…)`` would run as a formula in the spreadsheet of whoever exports it.
    Called once at start-up (``HomeConfig.ready``), this routes every CSV cell and heading of
    every such view through ``safe_csv_cell``, so an export added later is safe too
    (``tests/security/test_csv_exports.py`` checks every exporting view of the admin).
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_piazza_formula_safe", False):
        return
    wagtail_get_heading = SpreadsheetExportMixin.get_heading

    def get_heading(self, queryset, field):
        return safe_csv_cell(wagtail_get_heading(self, queryset, field))

    SpreadsheetExportMixin.write_csv_row = SafeSpreadsheetExportMixin.write_csv_row
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin._piazza_formula_safe = True
