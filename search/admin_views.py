"""The "Ricerche frequenti" report: what visitors search for, for whoever steers the search.

Wagtail's own "Search terms" report is for superusers only; editors who promote results need to
see which queries deserve a promotion, so this report opens it to them, with a CSV export whose
cells (typed by anonymous visitors) can never run as spreadsheet formulas.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from home.csv import SafeSpreadsheetExportMixin

from .roles import can_steer_search


class PopularSearchesView(SafeSpreadsheetExportMixin, SearchTermsReportView):
    """Queries with their number of searches, most frequent first; filter by date."""

    page_title = _("Ricerche frequenti")
    index_url_name = "search_popular"
    index_results_url_name = "search_popular_results"

    def dispatch(self, request, *args, **kwargs):
        if not can_steer_search(request.user):
            return permission_denied(request)
        # Skip the superuser-only check of Wagtail's report, keep everything else.
        return ReportView.dispatch(self, request, *args, **kwargs)
