"""Contribution submissions in the admin: the listing and exports that spreadsheets cannot run.

Wagtail's submissions export writes CSV cells as they are, so an answer such as
``=HYPERLINK(…)`` becomes a live formula when an editor opens the file (CSV injection); Wagtail
treats this as the site's business. Here every CSV cell, headings included, goes through
``home.csv.safe_csv_cell``, and the file starts with a UTF-8 byte-order mark so spreadsheets read
accents correctly. The XLSX export already stores every cell as text.
"""

from django.http import StreamingHttpResponse

from wagtail.contrib.forms.views import SubmissionsListView

from home.csv import safe_csv_cell


class SafeSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions listing with a formula-safe CSV export."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: safe_csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def get_heading(self, queryset, field):
        return safe_csv_cell(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response
