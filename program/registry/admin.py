"""The partner registry in the admin: "Programma" → "Con chi", for the editorial team.

Organisations hold a private contact, so only the Redazione (and superusers) see them; everyone
else signed in to the admin gets a 403 page. Requests whose e-mail is not confirmed yet are not
shown at all: until then they are only an unverified submission, deleted if nobody confirms.
Approving and rejecting go through their own views (``approve``, ``reject``) so that the
applicant is always told, by e-mail.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from home import admin_access
from program.admin_views import forbidden
from program.models.registry import (
    Organisation,
    OrganisationStatus,
    listing_days,
)

from . import services

MODERATE_PERMISSION = "program.change_organisation"
FORBIDDEN_MESSAGE = gettext_lazy(
    "L'elenco «Con chi» contiene i contatti privati delle organizzazioni: lo gestisce solo la "
    "Redazione."
)


def can_moderate(user):
    return user.has_perm(MODERATE_PERMISSION)


def moderation_buttons(organisation, user, button_class):
    """Approve and reject, for what may still be decided."""
    if not can_moderate(user) or organisation.status == OrganisationStatus.UNCONFIRMED:
        return []
    buttons = []
    if organisation.status != OrganisationStatus.APPROVED or not organisation.is_listed():
        buttons.append(
            button_class(
                _("Approva"),
                url=reverse("wagtailsnippets_program_organisation:approve", args=[organisation.pk]),
                icon_name="check",
                priority=5,
            )
        )
    if organisation.status in (OrganisationStatus.PENDING, OrganisationStatus.APPROVED):
        buttons.append(
            button_class(
                _("Rifiuta")
                if organisation.status == OrganisationStatus.PENDING
                else _("Togli dall'elenco"),
                url=reverse("wagtailsnippets_program_organisation:reject", args=[organisation.pk]),
                icon_name="cross",
                priority=6,
            )
        )
    return buttons


class StatusColumn(Column):
    """The status as it reads today: an approval that ran out shows as expired."""

    def get_value(self, instance):
        return instance.effective_status().label


class OrganisationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().in_admin().select_related("neighbourhood")

    def get_list_buttons(self, instance):
        return [
            *moderation_buttons(instance, self.request.user, ListingButton),
            *super().get_list_buttons(instance),
        ]


class OrganisationEditView(EditView):
    def get_object(self, queryset=None):
        organisation = super().get_object(queryset)
        if organisation.status == OrganisationStatus.UNCONFIRMED:
            raise Http404
        return organisation

    @property
    def header_buttons(self):
        return [
            *moderation_buttons(self.object, self.request.user, Button),
            *super().header_buttons,
        ]


class ListedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return Organisation.objects.ever_listed().get(pk=pk)


class ListedChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return Organisation.objects.ever_listed().filter(pk__in=pks)


class OrganisationChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """Choosers offer only organisations that were listed: never an unmoderated request."""

    chosen_view_class = ListedChosenView
    chosen_multiple_view_class = ListedChosenMultipleView

    def get_object_list(self):
        return Organisation.objects.ever_listed()


class OrganisationViewSet(admin_access.ForbiddenAs403Mixin, SnippetViewSet):
    """ "Con chi": the organisations, the requests to moderate, approve and reject."""

    model = Organisation
    icon = "group"
    menu_label = gettext_lazy("Con chi")
    index_view_class = OrganisationIndexView
    edit_view_class = OrganisationEditView
    chooser_viewset_class = OrganisationChooserViewSet
    copy_view_enabled = False
    list_display = [
        "name",
        "kind",
        StatusColumn("status", label=gettext_lazy("Stato")),
        DateColumn("approved_until", label=gettext_lazy("In elenco fino al")),
        "neighbourhood",
        DateColumn("email_confirmed_at", label=gettext_lazy("Richiesta confermata il")),
    ]
    list_filter = ["status", "kind", "neighbourhood"]
    search_fields = ["name", "description", "contact_name", "contact_email"]
    search_backend_name = None
    ordering = ["name"]

    forbidden_message = FORBIDDEN_MESSAGE

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", approve_view, name="approve"),
            path("reject/<int:pk>/", reject_view, name="reject"),
        ]


# --- Moderation views ------------------------------------------------------------------------


class ApproveForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("In elenco fino al"),
        # ISO format: a date input shows nothing for a localised value such as 02/12/2026.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Un mese prima l'organizzazione riceve il promemoria per rinnovare."
        ),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("La data non può essere nel passato."))
        return until


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motivo"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Lo riceve per e-mail chi ha fatto la richiesta."),
        error_messages={"required": gettext_lazy("Scrivi il motivo.")},
    )


def _moderated(request, pk):
    if not can_moderate(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation.objects.in_admin().originals(), pk=pk)
    return organisation


def _moderation_page(request, organisation, form, *, action, status=200):
    return TemplateResponse(
        request,
        "program/admin/organisation_moderate.html",
        {
            "organisation": organisation,
            "form": form,
            "action": action,
            "edit_url": reverse(
                "wagtailsnippets_program_organisation:edit", args=[organisation.pk]
            ),
            "index_url": reverse("wagtailsnippets_program_organisation:list"),
        },
        status=status,
    )


def _moderate(request, pk, *, action, form_class, initial, act, success):
    """The moderation screens: GET shows the form, POST validates it and calls ``act``.

    ``act(organisation, cleaned_data)`` does the work (and raises ``services.NotAllowed`` when
    the organisation's state forbids it); ``success`` is the message shown after it.
    """
    try:
        organisation = _moderated(request, pk)
    except PermissionDenied:
        return forbidden(request, FORBIDDEN_MESSAGE)
    if request.method != "POST":
        return _moderation_page(request, organisation, form_class(initial=initial), action=action)
    form = form_class(request.POST)
    if not form.is_valid():
        return _moderation_page(request, organisation, form, action=action, status=400)
    try:
        act(organisation, form.cleaned_data)
    except services.NotAllowed as refused:
        form.add_error(None, refused.message)
        return _moderation_page(request, organisation, form, action=action, status=409)
    messages.success(request, success % {"name": organisation.name})
    return redirect("wagtailsnippets_program_organisation:list")


def approve_view(request, pk):
    """Approve a request (or list again an organisation): GET asks for the date, POST acts."""
    return _moderate(
        request,
        pk,
        action="approve",
        form_class=ApproveForm,
        initial={"until": timezone.localdate() + datetime.timedelta(days=listing_days())},
        act=lambda organisation, data: services.approve(
            organisation, user=request.user, until=data["until"]
        ),
        success=_("«%(name)s» è nell'elenco; l'organizzazione riceve una e-mail."),
    )


def reject_view(request, pk):
    """Reject a request (or take a listed organisation out) with a reason that is e-mailed."""
    return _moderate(
        request,
        pk,
        action="reject",
        form_class=RejectForm,
        initial=None,
        act=lambda organisation, data: services.reject(
            organisation, user=request.user, reason=data["reason"]
        ),
        success=_(
            "Richiesta di «%(name)s» rifiutata; l'organizzazione riceve il motivo per e-mail."
        ),
    )
