"""Wagtail admin sections for the newsletter: lists, subscribers, suppression, CSV transfers.

Subscriber data is visible only to the "Privacy" group (and superusers): every view checks
the model permissions the group holds, and anyone else signed in to the admin gets a 403 page
(not Wagtail's usual redirect to the dashboard, which would hide what happened). Deleting a
subscriber is an erasure (``services.erase``), never a plain delete. CSV exports are
formula-safe; exports and imports are recorded in Wagtail's audit log.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log

import django_filters

from home import admin_access
from home.csv import csv_response
from home.legal import LegalTextVersion

from . import importing, services
from .evidence import Evidence
from .models import (
    MailingList,
    Subscriber,
    SubscriberTransfer,
    Subscription,
    Suppression,
    keyed_email_hash,
)
from .validation import has_control_characters

EXPORT_PERMISSION = "newsletter.export_subscribers"
IMPORT_PERMISSION = "newsletter.import_subscribers"


FORBIDDEN_MESSAGE = gettext_lazy(
    "Non hai il permesso di fare questa operazione. Chiedi a chi gestisce la newsletter."
)


def forbidden(request):
    """The admin's 403 page for the newsletter's sections."""
    return admin_access.forbidden(request, FORBIDDEN_MESSAGE)


def forbidden_as_403(view):
    """Answer 403 where Wagtail would redirect a user without permission to the dashboard."""
    return admin_access.forbidden_as_403(view, FORBIDDEN_MESSAGE)


def requires(permission):
    return admin_access.requires(permission, FORBIDDEN_MESSAGE)


class ForbiddenAs403Mixin(admin_access.ForbiddenAs403Mixin):
    """For viewsets: every view answers 403 to users without the permission it needs."""

    forbidden_message = FORBIDDEN_MESSAGE


class MailingListViewSet(ForbiddenAs403Mixin, ModelViewSet):
    model = MailingList
    name = "newsletter_lists"
    icon = "list-ul"
    menu_label = gettext_lazy("Liste di invio")
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


# --- Subscribers -----------------------------------------------------------------------------


class SubscriberFilterSet(WagtailFilterSet):
    mailing_list = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Lista"),
        queryset=MailingList.objects.all(),
        field_name="subscriptions__mailing_list",
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Stato dell'iscrizione"),
        choices=Subscription.Status.choices,
        field_name="subscriptions__status",
        distinct=True,
    )

    class Meta:
        model = Subscriber
        fields = ["mailing_list", "status", "language"]


class SubscriberIndexView(IndexView):
    """The subscriber listing, with "Esporta CSV" and "Importa CSV" for those allowed."""

    def get_add_url(self):
        return None  # people join through the form or an import with documented consent

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm(EXPORT_PERMISSION):
            query = self.request.GET.urlencode()
            url = reverse("newsletter_subscribers:export") + (f"?{query}" if query else "")
            buttons.append(HeaderButton(_("Esporta CSV"), url=url, icon_name="download"))
        if user.has_perm(IMPORT_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Importa CSV"),
                    url=reverse("newsletter_subscribers:import"),
                    icon_name="upload",
                )
            )
        return buttons


class SubscriberInspectView(InspectView):
    """A subscriber with their subscriptions and full consent history."""

    template_name = "newsletter/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriptions"] = self.object.subscriptions.select_related("mailing_list")
        context["consent_events"] = self.object.consent_events.select_related(
            "mailing_list", "consent_text", "privacy_notice", "actor"
        )
        context["suppressed"] = Suppression.objects.is_suppressed(self.object.email)
        return context


class SubscriberAddView(CreateView):
    """Nobody adds subscribers by hand: consent comes from the form or a documented import."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class SubscriberDeleteView(DeleteView):
    """Deleting a subscriber is an erasure: ``services.erase``, never a plain delete."""

    page_title = gettext_lazy("Cancella i dati")

    @property
    def confirmation_message(self):
        return _(
            "Cancellare tutti i dati di questo iscritto? Indirizzo, nome e iscrizioni vengono "
            "eliminati; il registro dei consensi resta, anonimo; l'indirizzo resta bloccato con "
            "un'impronta cifrata e non riceverà più nulla. Non si può annullare."
        )

    def get_success_message(self):
        return _("Dati dell'iscritto cancellati; l'indirizzo resta bloccato.")

    def delete_action(self):
        subscriber_id = self.object.pk
        with transaction.atomic():
            log(
                instance=self.object,
                action="newsletter.erase",
                user=self.request.user,
                title=f"#{subscriber_id}",
                deleted=True,
            )
            services.erase(
                self.object, evidence=Evidence(source="amministrazione", actor=self.request.user)
            )


class SubscriberViewSet(ForbiddenAs403Mixin, ModelViewSet):
    model = Subscriber
    name = "newsletter_subscribers"
    icon = "user"
    menu_label = gettext_lazy("Iscritti")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubscriberIndexView
    add_view_class = SubscriberAddView
    inspect_view_class = SubscriberInspectView
    delete_view_class = SubscriberDeleteView
    inspect_view_fields = ["email", "name", "language", "created_at", "updated_at"]
    list_display = [
        "email",
        "name",
        "language",
        Column("active_lists", label=gettext_lazy("Liste attive")),
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

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export/", forbidden_as_403(export_subscribers), name="export"),
            path("import/", forbidden_as_403(import_subscribers), name="import"),
        ]


# --- CSV export --------------------------------------------------------------------------------


class ExportForm(forms.Form):
    """What to export (the listing's filters) and why (recorded in the audit log)."""

    mailing_list = forms.ModelChoiceField(
        label=gettext_lazy("Lista"), queryset=MailingList.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Stato dell'iscrizione"),
        choices=[("", gettext_lazy("Tutti")), *Subscription.Status.choices],
        required=False,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Lingua"),
        choices=[("", gettext_lazy("Tutte")), *settings.LANGUAGES],
        required=False,
    )
    q = forms.CharField(label=gettext_lazy("Ricerca"), required=False, max_length=100)
    purpose = forms.CharField(
        label=gettext_lazy("Motivo dell'esportazione"),
        max_length=200,
        help_text=gettext_lazy(
            "Resta nel registro delle attività, per esempio «Lettera ai soci per l'assemblea»."
        ),
    )

    def clean_purpose(self):
        value = self.cleaned_data["purpose"].strip()
        if has_control_characters(value):
            raise forms.ValidationError(_("Scrivi il motivo su una sola riga."))
        return value

    def subscriptions(self):
        data = self.cleaned_data
        rows = Subscription.objects.select_related("subscriber", "mailing_list").order_by(
            "subscriber__email", "mailing_list__sort_order", "mailing_list__name"
        )
        if data.get("mailing_list"):
            rows = rows.filter(mailing_list=data["mailing_list"])
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("language"):
            rows = rows.filter(subscriber__language=data["language"])
        if data.get("q"):
            rows = rows.filter(
                Q(subscriber__email__icontains=data["q"]) | Q(subscriber__name__icontains=data["q"])
            )
        return rows

    def filters(self):
        data = self.cleaned_data
        return {
            "mailing_list": data["mailing_list"].slug if data.get("mailing_list") else "",
            "status": data.get("status", ""),
            "language": data.get("language", ""),
            "q": bool(data.get("q")),  # whether a search was used, not what was searched
        }


EXPORT_HEADER = [
    "email",
    "nome",
    "lingua",
    "lista",
    "stato",
    "richiesta_il",
    "confermata_il",
    "disiscritta_il",
]


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@requires(EXPORT_PERMISSION)
def export_subscribers(request):
    """Export subscriptions as CSV (one row per subscriber and list), cells formula-safe.

    GET shows what will be exported and asks why; the POST writes the file and records the
    export (who, when, filters, purpose, rows) in the audit log.
    """
    data = request.POST if request.method == "POST" else None
    form = ExportForm(data, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        rows = [
            [
                subscription.subscriber.email,
                subscription.subscriber.name,
                subscription.subscriber.language,
                subscription.mailing_list.name,
                subscription.status,
                _iso(subscription.requested_at),
                _iso(subscription.confirmed_at),
                _iso(subscription.unsubscribed_at),
            ]
            for subscription in form.subscriptions().iterator(chunk_size=2000)
        ]
        detail = {"filters": form.filters(), "purpose": form.cleaned_data["purpose"]}
        transfer = SubscriberTransfer.objects.create(
            kind=SubscriberTransfer.Kind.EXPORT, user=request.user, rows=len(rows), detail=detail
        )
        log(transfer, "newsletter.export", user=request.user, data={"rows": len(rows), **detail})
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(f"iscritti-{stamp}.csv", EXPORT_HEADER, rows)
    return TemplateResponse(
        request,
        "newsletter/admin/export.html",
        {"form": form, "index_url": reverse("newsletter_subscribers:index")},
        status=400 if request.method == "POST" else 200,
    )


# --- CSV import --------------------------------------------------------------------------------


class ImportForm(forms.Form):
    """The file, the lists, and the declared origin and basis of the consent."""

    file = forms.FileField(label=gettext_lazy("File CSV"), required=False)
    content = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"hidden": True, "aria-hidden": "true"})
    )
    lists = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Liste a cui iscrivere"),
        queryset=MailingList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Scegli almeno una lista.")},
    )
    source = forms.CharField(
        label=gettext_lazy("Dove e quando è stato raccolto il consenso"),
        max_length=200,
        help_text=gettext_lazy(
            "Per esempio «Moduli cartacei firmati all'assemblea del 12 ottobre 2026, "
            "conservati in sede»."
        ),
    )
    legal_basis = forms.ChoiceField(
        label=gettext_lazy("Base giuridica"), choices=importing.LegalBasis.CHOICES
    )
    consent_text = forms.CharField(
        label=gettext_lazy("Testo del consenso sottoscritto (facoltativo)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Le parole esatte che le persone hanno accettato."),
    )
    attestation = forms.BooleanField(
        label=gettext_lazy(
            "Confermo che per ogni indirizzo del file il consenso è documentato e conservato, "
            "e che la data indicata è quella in cui è stato dato."
        ),
        error_messages={"required": gettext_lazy("Serve la tua conferma per importare.")},
    )

    def clean_source(self):
        value = self.cleaned_data["source"].strip()
        if has_control_characters(value):
            raise forms.ValidationError(_("Scrivi l'origine del consenso su una sola riga."))
        return value

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("content") or ""
        try:
            if upload is not None:
                if upload.size > importing.MAX_BYTES:
                    raise importing.ImportFileError(
                        _("Il file è troppo grande: al massimo %(size)d kB.")
                        % {"size": importing.MAX_BYTES // 1024}
                    )
                text = importing.decode(upload.read())
            elif not text:
                raise importing.ImportFileError(_("Scegli il file CSV da importare."))
            cleaned["content"] = text
            cleaned["rows"] = importing.parse(text)
        except importing.ImportFileError as error:
            self.add_error("file", str(error))
        return cleaned


def _import_evidence(request, data):
    consent_text = None
    if data.get("consent_text", "").strip():
        consent_text = LegalTextVersion.objects.consent(data["consent_text"].strip())
    return Evidence(
        source=f"importazione: {data['source']}",
        consent_text=consent_text,
        actor=request.user,
    )


@requires(IMPORT_PERMISSION)
def import_subscribers(request):
    """Import subscribers with documented consent: upload, preview with per-row errors, confirm.

    Nothing is written before the confirmation; the import is recorded in the audit log.
    """
    template = "newsletter/admin/import.html"
    if request.method != "POST":
        return TemplateResponse(request, template, {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, template, {"form": form}, status=400)
    data = form.cleaned_data
    rows = importing.assess(data["rows"], list(data["lists"]))
    if request.POST.get("step") != "confirm":
        preview = ImportForm(
            initial={
                "content": data["content"],
                "lists": data["lists"],
                "source": data["source"],
                "legal_basis": data["legal_basis"],
                "consent_text": data["consent_text"],
                "attestation": True,
            }
        )
        context = {
            "form": preview,
            "rows": rows,
            "valid_count": sum(1 for row in rows if row.valid),
            "error_count": sum(1 for row in rows if not row.valid),
            "lists": data["lists"],
            "data": data,
            "basis_label": dict(importing.LegalBasis.CHOICES)[data["legal_basis"]],
        }
        return TemplateResponse(request, "newsletter/admin/import_preview.html", context)
    lists = list(data["lists"])
    with transaction.atomic():
        transfer = SubscriberTransfer.objects.create(
            kind=SubscriberTransfer.Kind.IMPORT, user=request.user, rows=len(rows)
        )
        evidence = _import_evidence(request, data)
        result = importing.apply(rows, lists, evidence=evidence, basis=data["legal_basis"])
        transfer.detail = {
            "lists": [mailing_list.slug for mailing_list in lists],
            "source": data["source"],
            "legal_basis": data["legal_basis"],
            "imported": result.imported,
            "unchanged": result.unchanged,
            "refused": result.refused,
        }
        transfer.save(update_fields=["detail"])
        log(
            transfer,
            "newsletter.import",
            user=request.user,
            data={"rows": len(rows), **transfer.detail},
        )
    messages.success(
        request,
        _(
            "Importazione fatta: %(imported)d iscritti, %(unchanged)d invariati, "
            "%(refused)d rifiutati."
        )
        % {"imported": result.imported, "unchanged": result.unchanged, "refused": result.refused},
    )
    return redirect("newsletter_subscribers:index")


# --- Suppression list --------------------------------------------------------------------------


class SuppressionForm(WagtailAdminModelForm):
    """Adding an address to the suppression list: only its keyed hash is stored."""

    email = forms.CharField(
        label=gettext_lazy("Indirizzo e-mail da bloccare"),
        max_length=1000,
        help_text=gettext_lazy("Non viene salvato: si conserva solo la sua impronta cifrata."),
    )

    class Meta:
        model = Suppression
        fields = ["reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["email"]

    def clean_email(self):
        email = services.clean_email(self.cleaned_data["email"])
        if Suppression.objects.is_suppressed(email):
            raise forms.ValidationError(_("Questo indirizzo è già bloccato."))
        return email

    def save(self, commit=True):
        if "email" in self.cleaned_data:
            self.instance.email_hash = keyed_email_hash(self.cleaned_data["email"])
        return super().save(commit=commit)


class SuppressionViewSet(ForbiddenAs403Mixin, ModelViewSet):
    model = Suppression
    name = "newsletter_suppressions"
    icon = "cross"
    menu_label = gettext_lazy("Indirizzi bloccati")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["email_hash", "reason", "created_at"]
    list_filter = ["reason"]
    form_fields = ["reason"]

    def get_form_class(self, for_update=False):
        return SuppressionForm


class NewsletterViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Newsletter")
    menu_icon = "mail"
    menu_order = 250
    items = (MailingListViewSet, SubscriberViewSet, SuppressionViewSet)
