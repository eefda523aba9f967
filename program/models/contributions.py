"""Contribution forms ("Dai il tuo contributo"), built with Wagtail's form builder.

Editors compose the questions. Every form also gets, whatever the editors do: an unticked
privacy consent (the exact wording and the privacy notice shown are stored with the submission),
a honeypot, rate limits per client address, an e-mail to the editors that carries no personal
data, submissions visible to the editorial team only, deletion after a retention period, and a
CSV export that spreadsheets cannot run as formulas.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    AbstractFormField,
    AbstractFormSubmission,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey
from wagtail_localize.fields import SynchronizedField

from home import ratelimit
from home.forms import HONEYPOT_FIELD, HoneypotFormMixin
from home.legal import LegalTextVersion
from home.models import BasePage

CONSENT_FIELD = "privacy_consent"
NOTICE_FIELD = "privacy_revision"
RESERVED_FIELD_NAMES = {CONSENT_FIELD, NOTICE_FIELD, HONEYPOT_FIELD, "submit_time"}
RATE_LIMIT_PERIOD = 3600
BUILT_IN_FIELDS = (CONSENT_FIELD, NOTICE_FIELD, HONEYPOT_FIELD)


def retention_days():
    return int(getattr(settings, "PROGRAM_CONTRIBUTION_RETENTION_DAYS", 365))


class ContributionForm(HoneypotFormMixin, BaseForm):
    """The visitor's form: the editors' questions, then the consent, then the honeypot."""

    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Per inviare il contributo serve il tuo consenso.")},
    )
    privacy_revision = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editor_fields = [name for name in self.fields if name not in BUILT_IN_FIELDS]
        self.order_fields([*editor_fields, *BUILT_IN_FIELDS])
        for name in editor_fields:
            field = self.fields[name]
            if field.required:
                field.label = gettext("%(label)s (obbligatorio)") % {"label": field.label}
        self.privacy_page = None
        if self.page is not None:
            self.privacy_page = self.page.privacy_page()
            self.fields[CONSENT_FIELD].label = self.page.consent_wording()
        self.fields[NOTICE_FIELD].initial = self._current_notice_revision() or ""

    def _current_notice_revision(self):
        return getattr(self.privacy_page, "live_revision_id", None)

    @property
    def question_fields(self):
        """The editors' questions, as bound fields (the template renders them one by one)."""
        return [self[name] for name in self.fields if name not in BUILT_IN_FIELDS]

    def clean(self):
        cleaned = super().clean()
        shown = str(self.data.get(self.add_prefix(NOTICE_FIELD)) or "")
        current = str(self._current_notice_revision() or "")
        if cleaned.get(CONSENT_FIELD) and shown != current:
            self.add_error(
                CONSENT_FIELD,
                ValidationError(
                    _(
                        "L'informativa privacy è stata aggiornata da quando hai aperto la pagina: "
                        "leggila e spunta di nuovo la casella."
                    ),
                    code="privacy_notice_changed",
                ),
            )
        return cleaned

    def answers(self):
        """The editors' questions and their answers: what is stored as the submission."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in BUILT_IN_FIELDS
        }


class ContributionFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("ContributionForm", (ContributionForm,), self.formfields)


class ContributionFormPageForm(WagtailAdminFormPageForm):
    """Refuses questions whose name would clash with the consent or the honeypot."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        for form in formset.forms if formset is not None else []:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            label = form.cleaned_data.get("label") or ""
            if get_field_clean_name(label) in RESERVED_FIELD_NAMES:
                form.add_error(
                    "label", _("Questo nome è riservato al modulo: scegli un'altra etichetta.")
                )
        return cleaned_data


class ContributionSubmissionQuerySet(models.QuerySet):
    def expired(self, days=None, now=None):
        """Submissions older than the retention period (``PROGRAM_CONTRIBUTION_RETENTION_DAYS``)."""
        days = retention_days() if days is None else days
        return self.filter(submit_time__lt=(now or timezone.now()) - timedelta(days=days))


class ContributionSubmission(AbstractFormSubmission):
    """One contribution: the answers, when, and what the person agreed to."""

    consent_text = models.ForeignKey(
        LegalTextVersion,
        verbose_name=_("testo del consenso"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        LegalTextVersion,
        verbose_name=_("informativa privacy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ContributionSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contributo")
        verbose_name_plural = _("contributi")
        indexes = [models.Index(fields=["submit_time"], name="program_contribution_time")]

    def get_data(self):
        return {
            **super().get_data(),
            "consent_version": self.consent_text.sha256[:12] if self.consent_text_id else "",
            "privacy_notice_version": str(self.privacy_notice) if self.privacy_notice_id else "",
        }


class ContributionFormField(TranslatableMixin, AbstractFormField):
    """A question of a contribution form, translated with its page.

    The field's name (the key of the stored answers) stays the same in every language, so
    that the answers of both language versions line up.
    """

    page = ParentalKey(
        "program.ContributionFormPage", related_name="form_fields", on_delete=models.CASCADE
    )

    override_translatable_fields = [SynchronizedField("clean_name", overridable=False)]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


class ContributionFormPage(EmailFormMixin, FormMixin, BasePage):
    """ "Dai il tuo contributo": a form editors compose, usually under a process.

    Answers are kept for ``PROGRAM_CONTRIBUTION_RETENTION_DAYS`` days and only the editorial
    team sees them; the notification e-mail says that a contribution arrived and where to read
    it, never what it says.
    """

    base_form_class = ContributionFormPageForm
    form_builder = ContributionFormBuilder

    intro = models.TextField(_("Introduzione"), blank=True, max_length=800)
    thank_you_text = RichTextField(
        _("Messaggio di ringraziamento"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Lo vede chi ha appena inviato il modulo."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Domanda"), heading=_("Domande del modulo"), min_num=1),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "to_address",
                    help_text=_(
                        "Indirizzi da avvisare a ogni contributo, separati da virgole. Vuoto: "
                        "tutte le persone della Redazione. L'avviso non contiene le risposte."
                    ),
                ),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("Avvisi per la redazione"),
        ),
    ]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    # Where notifications go and who sends them are addresses, the same in every language.
    override_translatable_fields = [
        SynchronizedField("to_address", overridable=False),
        SynchronizedField("from_address", overridable=False),
    ]

    parent_page_types = ["program.ProcessPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Modulo per i contributi")
        verbose_name_plural = _("Moduli per i contributi")

    def get_meta_description(self):
        return self.search_description or self.intro

    # --- Consent -----------------------------------------------------------------------------

    def privacy_page(self):
        """The site's live privacy page (the one the consent names), or ``None``."""
        from home.models import SiteSettings

        site = self.get_site()
        if site is None:
            return None
        site_settings = SiteSettings.for_site(site)
        # In the form's language: an English form names the English notice where there is one.
        page = site_settings.localized(site_settings.privacy_page, self.locale_id)
        return page if page is not None and page.live else None

    def purpose(self):
        """What the answers are for: the process the form belongs to, else the form itself."""
        from program.models import ProcessPage

        parent = self.get_parent() if self.pk and self.depth else None
        if parent is not None and parent.specific_class is ProcessPage:
            return parent.title
        return self.title

    def consent_wording(self):
        """The consent checkbox's label, in the active language, as stored with submissions."""
        return gettext(
            "Ho letto l'informativa privacy e acconsento al trattamento di ciò che scrivo in "
            "questo modulo per «%(purpose)s». Le risposte sono lette solo dalla redazione e "
            "cancellate dopo %(days)s giorni."
        ) % {"purpose": self.purpose(), "days": retention_days()}

    # --- Submissions -------------------------------------------------------------------------

    def get_submission_class(self):
        return ContributionSubmission

    def get_submissions_list_view_class(self):
        from program.submissions import SafeSubmissionsListView

        return SafeSubmissionsListView

    def get_data_fields(self):
        return [
            *super().get_data_fields(),
            ("consent_version", gettext("Versione del consenso")),
            ("privacy_notice_version", gettext("Informativa privacy")),
        ]

    def process_form_submission(self, form):
        """Store the answers with the consent wording and the notice shown; tell the editors."""
        site = self.get_site()
        submission = ContributionSubmission.objects.create(
            form_data=form.answers(),
            page=self,
            consent_text=LegalTextVersion.objects.consent(form.fields[CONSENT_FIELD].label),
            privacy_notice=LegalTextVersion.objects.current_privacy_notice(site),
        )
        from program.tasks import notify_new_contribution

        transaction.on_commit(lambda: notify_new_contribution.enqueue(submission.pk))
        return submission

    def serve(self, request, *args, **kwargs):
        """Show the form; on POST: honeypot, rate limits, validation, then thanks."""
        if request.method != "POST":
            return self._render_form(request, self.get_form(page=self, user=request.user))
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_bot():
            return self.render_landing_page(request, None)  # as if all went well; nothing kept
        if not self._within_rate_limits(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Abbiamo ricevuto troppi invii da questa connessione: il contributo non è "
                    "stato salvato. Riprova tra un'ora."
                ),
            )
            return self._render_form(request, form, status=429)
        if not form.is_valid():
            return self._render_form(request, form, status=400)
        submission = self.process_form_submission(form)
        return self.render_landing_page(request, submission)

    def _within_rate_limits(self, request):
        address = ratelimit.client_ip(request)
        per_form = ratelimit.hit(
            f"program-contribution-{self.pk}",
            address,
            limit=int(getattr(settings, "PROGRAM_CONTRIBUTION_LIMIT_PER_IP", 10)),
            period=RATE_LIMIT_PERIOD,
        )
        overall = ratelimit.hit(
            "program-contribution-all",
            address,
            limit=int(getattr(settings, "PROGRAM_CONTRIBUTION_LIMIT_PER_IP_ALL_FORMS", 30)),
            period=RATE_LIMIT_PERIOD,
        )
        return per_form and overall

    def _render_form(self, request, form, status=200):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = retention_days()
        return context
