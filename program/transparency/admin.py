"""The register of contributions in the admin: menu "Trasparenza", for the Tesoreria group.

Only the treasurer's group (and superusers) hold the register's permissions; everyone else
signed in to the admin gets a 403 page. The listing shows, for every gift, what the publication
rule says today (published, below the threshold, to refuse…) and its deadline, computed for the
whole page in two queries; the CSV export is formula-safe like every export of the admin.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from home import admin_access
from program.models.transparency import Contribution, Donor, attach_publication

FORBIDDEN_MESSAGE = gettext_lazy(
    "Il registro dei contributi è tenuto dalla Tesoreria: solo chi ne fa parte può consultarlo "
    "e modificarlo."
)


class ForbiddenAs403Mixin(admin_access.ForbiddenAs403Mixin):
    forbidden_message = FORBIDDEN_MESSAGE


# --- Donors ----------------------------------------------------------------------------------


class DonorDeleteView(DeleteView):
    """A donor with contributions in the register cannot be deleted (the register keeps them)."""

    def post(self, request, *args, **kwargs):
        if self.object.contributions.exists():
            messages.error(
                request,
                _("Questo donatore ha contributi nel registro: non si può cancellare."),
            )
            return redirect(self.index_url_name)
        return super().post(request, *args, **kwargs)


class DonorViewSet(ForbiddenAs403Mixin, ModelViewSet):
    model = Donor
    name = "transparency_donors"
    url_prefix = "trasparenza/donatori"
    icon = "user"
    menu_label = gettext_lazy("Donatori")
    add_to_admin_menu = False
    copy_view_enabled = False
    delete_view_class = DonorDeleteView
    list_display = ["name", "kind", "tax_code"]
    search_fields = ["name", "tax_code"]
    search_backend_name = None
    ordering = ["name"]


# --- Contributions ---------------------------------------------------------------------------


def _year_choices():
    years = Contribution.objects.dates("received_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


class ContributionFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Anno"),
        choices=_year_choices,
        field_name="received_on",
        lookup_expr="year",
    )
    to_refuse = django_filters.BooleanFilter(
        label=gettext_lazy("Da rifiutare (opposizione)"), method="filter_to_refuse"
    )

    class Meta:
        model = Contribution
        fields = ["year", "kind", "donor", "donor_objected"]

    def filter_to_refuse(self, queryset, name, value):
        if value:
            return queryset.to_refuse()
        return queryset


class PublicationColumn(Column):
    def get_value(self, instance):
        return instance.publication_state()


class DeadlineColumn(Column):
    def get_value(self, instance):
        publication = instance.publication
        if not publication.publishable:
            return "—"
        return formats.date_format(publication.deadline, "j M Y")


def objection_warning(request, contribution):
    if contribution.donor_objected and contribution.returned_on is None:
        messages.warning(
            request,
            _(
                "%(donor)s si oppone alla pubblicazione: la legge impone di rifiutare il "
                "contributo. Restituiscilo e registra la data di restituzione. Il contributo "
                "non conta nei totali e non è pubblicato."
            )
            % {"donor": contribution.donor.name},
        )


class ContributionIndexView(IndexView):
    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, has_other = super().paginate_queryset(queryset, page_size)
        items = attach_publication(object_list)
        return paginator, page, items, has_other

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            attach_publication(queryset.select_related("donor")), spreadsheet_format
        )


class ContributionCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        objection_warning(self.request, instance)
        return instance


class ContributionEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        objection_warning(self.request, instance)
        return instance


class ContributionViewSet(ForbiddenAs403Mixin, ModelViewSet):
    """The register: one row per gift, with what the publication rule says about it."""

    model = Contribution
    name = "transparency_contributions"
    url_prefix = "trasparenza/contributi"
    icon = "doc-full"
    menu_label = gettext_lazy("Registro dei contributi")
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = ContributionIndexView
    add_view_class = ContributionCreateView
    edit_view_class = ContributionEditView
    filterset_class = ContributionFilterSet
    list_display = [
        "receipt_reference",
        "donor",
        "amount",
        "kind",
        "received_on",
        PublicationColumn("publication", label=gettext_lazy("Pubblicazione")),
        DeadlineColumn("deadline", label=gettext_lazy("Da pubblicare entro")),
    ]
    list_export = [
        "receipt_reference",
        "donor",
        "amount",
        "kind",
        "description",
        "received_on",
        "recorded_on",
        "donor_objected",
        "returned_on",
        "publication_label",
        "deadline",
    ]
    export_headings = {
        "publication_label": gettext_lazy("Pubblicazione"),
        "deadline": gettext_lazy("Da pubblicare entro"),
    }
    export_filename = "registro-contributi"
    search_fields = ["receipt_reference", "donor__name", "description"]
    search_backend_name = None
    ordering = ["-received_on", "-pk"]


class TransparencyMenu(ModelViewSetGroup):
    items = (ContributionViewSet, DonorViewSet)
    menu_icon = "doc-full"
    menu_label = gettext_lazy("Trasparenza")
    menu_name = "transparency"
    menu_order = 220
