"""Wagtail admin sections for the newsletter: lists, subscribers, suppression.

Subscriber data is visible only to the "Privacy" group (and superusers): every view checks
the model permissions the group holds. Volunteers and editors get 403.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from .models import MailingList, Subscriber, Subscription, Suppression


class MailingListViewSet(ModelViewSet):
    model = MailingList
    name = "newsletter_lists"
    icon = "list-ul"
    menu_label = _("Liste di invio")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name", "slug", "visibility", "default_checked", "sort_order"]
    search_fields = ["name", "description"]
    search_backend_name = None
    form_fields = [
        "name",
        "name_en",
        "slug",
        "description",
        "description_en",
        "visibility",
        "default_checked",
        "sort_order",
    ]


class SubscriberFilterSet(WagtailFilterSet):
    mailing_list = django_filters.ModelChoiceFilter(
        label=_("Lista"),
        queryset=MailingList.objects.all(),
        field_name="subscriptions__mailing_list",
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        label=_("Stato dell'iscrizione"),
        choices=Subscription.Status.choices,
        field_name="subscriptions__status",
        distinct=True,
    )

    class Meta:
        model = Subscriber
        fields = ["mailing_list", "status", "language"]


class SubscriberInspectView(InspectView):
    """A subscriber with their subscriptions and full consent history."""

    template_name = "newsletter/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriptions"] = self.object.subscriptions.select_related("mailing_list")
        context["consent_events"] = self.object.consent_events.select_related(
            "mailing_list", "consent_text", "privacy_notice", "actor"
        )
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "newsletter_subscribers"
    icon = "user"
    menu_label = _("Iscritti")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = ["email", "name", "language", "created_at", "updated_at"]
    list_display = [
        "email",
        "name",
        "language",
        Column("active_lists", label=_("Liste attive")),
        "created_at",
    ]
    search_fields = ["email", "name"]
    search_backend_name = None
    filterset_class = SubscriberFilterSet
    form_fields = ["name", "language"]

    def get_queryset(self, request):
        return Subscriber.objects.annotate(
            active_lists=Count(
                "subscriptions", filter=Q(subscriptions__status=Subscription.Status.ACTIVE)
            )
        )


class SuppressionViewSet(ModelViewSet):
    model = Suppression
    name = "newsletter_suppressions"
    icon = "cross"
    menu_label = _("Indirizzi bloccati")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["email_hash", "reason", "created_at"]
    list_filter = ["reason"]
    form_fields = ["reason"]


class NewsletterViewSetGroup(ModelViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 250
    items = (MailingListViewSet, SubscriberViewSet, SuppressionViewSet)
