"""Participatory processes: the index with its filters, the process page and its phases."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Case, F, IntegerField, Max, Min, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from home.blocks import BaseStreamBlock
from home.models import BasePage
from program.blocks import ProcessSectionsBlock
from program.models.registry import partner_choices
from program.phases import (
    DateKind,
    DatePrecision,
    PhaseState,
    ProcessStatus,
    describe_phase_dates,
    phase_span,
    phase_states,
    process_dates,
    process_status,
)

CARD_IMAGE_FILTER = "fill-640x360|format-webp"


class Neighbourhood(index.Indexed, models.Model):
    """A neighbourhood of the city, which processes (and later other content) can involve.

    Not translated: place names are the same in every language.
    """

    name = models.CharField(_("Nome"), max_length=120, unique=True)
    slug = models.SlugField(_("Slug"), max_length=120, unique=True)
    description = models.CharField(
        _("Descrizione breve"),
        max_length=300,
        blank=True,
        help_text=_("Facoltativa: per esempio le vie o le frazioni che comprende."),
    )
    sort_order = models.PositiveSmallIntegerField(_("Ordine"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = _("Quartiere")
        verbose_name_plural = _("Quartieri")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ProcessPageQuerySet(PageQuerySet):
    def with_status(self, today=None):
        """Annotate ``current_status``, ``first_day`` and ``last_day`` from the phases, in SQL.

        The same rules as ``program.phases.process_status`` (the tests check they agree):
        upcoming before the first phase (or without phases), in progress while a phase is
        still to end or an open-ended phase started last, concluded afterwards.
        """
        today = today or timezone.localdate()
        annotated = self.annotate(
            first_day=Min("phases__starts_on"),
            latest_end=Max("phases__ends_on"),
            latest_start=Max("phases__starts_on"),
            latest_open_start=Max("phases__starts_on", filter=Q(phases__ends_on__isnull=True)),
        )
        is_open = Q(latest_open_start__isnull=False, latest_open_start__gte=F("latest_start"))
        return annotated.annotate(
            current_status=Case(
                When(first_day__isnull=True, then=Value(ProcessStatus.UPCOMING.value)),
                When(first_day__gt=today, then=Value(ProcessStatus.UPCOMING.value)),
                When(is_open, then=Value(ProcessStatus.IN_PROGRESS.value)),
                When(latest_end__gte=today, then=Value(ProcessStatus.IN_PROGRESS.value)),
                default=Value(ProcessStatus.CONCLUDED.value),
                output_field=models.CharField(),
            ),
            last_day=Case(When(is_open, then=Value(None)), default=F("latest_end")),
            status_rank=Case(
                When(current_status=ProcessStatus.IN_PROGRESS.value, then=Value(0)),
                When(current_status=ProcessStatus.UPCOMING.value, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            upcoming_start=Case(
                When(current_status=ProcessStatus.UPCOMING.value, then=F("first_day")),
                default=None,
            ),
        )

    def in_listing_order(self):
        """In progress first (latest start first), then upcoming (soonest first), then concluded.

        Needs ``with_status()``.
        """
        return self.order_by("status_rank", "upcoming_start", "-first_day", "title", "pk")

    def current(self, today=None):
        """Processes in progress or about to start, in listing order."""
        return (
            self.with_status(today)
            .filter(
                current_status__in=[ProcessStatus.IN_PROGRESS.value, ProcessStatus.UPCOMING.value]
            )
            .in_listing_order()
        )

    def for_listing(self):
        """What a card shows, in a fixed number of queries: image and renditions, lenses, phases."""
        images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)
        return self.defer_streamfields().prefetch_related(
            models.Prefetch("image", queryset=images), "lenses", "phases"
        )


ProcessPageManager = PageManager.from_queryset(ProcessPageQuerySet)


class ProcessFilterForm(forms.Form):
    """The filters of the process index: status and lens (plain GET, no JavaScript needed)."""

    stato = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("Tutti"))] + list(ProcessStatus.choices),
    )
    lente = forms.ChoiceField(label=_("Lente"), required=False)

    def __init__(self, *args, lenses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lenses = {lens.slug: lens for lens in lenses}
        self.fields["lente"].choices = [("", _("Tutte"))] + [
            (lens.slug, lens.name) for lens in lenses
        ]

    def chosen_lens(self):
        return self.lenses.get(self.cleaned_data.get("lente") or "")


class ProcessIndexPage(BasePage):
    """ "Percorsi partecipativi": the processes, filtered by status and lens."""

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)
    per_page = models.PositiveSmallIntegerField(
        _("Percorsi per pagina"), default=12, help_text=_("Quanti percorsi mostrare per pagina.")
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    settings_panels = [*BasePage.settings_panels, FieldPanel("per_page")]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["program.ProcessPage"]

    class Meta:
        verbose_name = _("Elenco dei percorsi partecipativi")
        verbose_name_plural = _("Elenchi dei percorsi partecipativi")

    def get_meta_description(self):
        return self.search_description or self.intro

    def processes(self):
        """Live, public processes of this index."""
        return ProcessPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        from program.lenses import attach_badge_lenses, carrying_lens, localize_lenses
        from program.models import Lens

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        lenses = localize_lenses(Lens.objects.all(), self.locale_id)
        form = ProcessFilterForm(request.GET or None, lenses=lenses)
        processes = self.processes().with_status(today)
        if form.is_bound and form.is_valid():
            if form.cleaned_data["stato"]:
                processes = processes.filter(current_status=form.cleaned_data["stato"])
            lens = form.chosen_lens()
            if lens is not None:
                processes = carrying_lens(processes, lens.translation_key)
        paginator = Paginator(processes.in_listing_order().for_listing(), self.per_page)
        try:
            results = paginator.page(request.GET.get("pagina") or 1)
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        attach_badge_lenses(results.object_list, self.locale_id)
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update(
            {
                "filter_form": form,
                "processes": results,
                "filter_query": query.urlencode(),
                "today": today,
            }
        )
        return context


class ProcessPage(BasePage):
    """A participatory process: what it is for, its phases on a timeline, how to take part."""

    summary = models.TextField(
        _("Sommario"),
        max_length=500,
        help_text=_("Due o tre righe: compaiono nell'elenco dei percorsi e nei motori di ricerca."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Immagine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("Testo alternativo dell'immagine"),
        max_length=250,
        blank=True,
        help_text=_("Descrive l'immagine a chi non la vede. Obbligatorio se c'è un'immagine."),
    )
    lenses = ParentalManyToManyField(
        "program.Lens", verbose_name=_("Lenti"), blank=True, related_name="processes"
    )
    neighbourhoods = ParentalManyToManyField(
        "program.Neighbourhood",
        verbose_name=_("Quartieri coinvolti"),
        blank=True,
        related_name="processes",
    )
    partner_organisations = ParentalManyToManyField(
        "program.Organisation",
        verbose_name=_("Organizzazioni partner"),
        blank=True,
        related_name="processes",
        limit_choices_to=partner_choices,
        help_text=_(
            "Le organizzazioni dell'elenco «Con chi» che partecipano: la loro pagina elenca il "
            "percorso. Chi non è nell'elenco va nella sezione «Attori»."
        ),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Descrizione"), blank=True)
    sections = StreamField(
        ProcessSectionsBlock(),
        verbose_name=_("Sezioni"),
        blank=True,
        help_text=_(
            "Parole chiave, obiettivi, luoghi, strumenti, attori e risultati attesi: usa quelle "
            "che servono, nell'ordine che preferisci."
        ),
    )
    participation = RichTextField(
        _("Come partecipare"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
    )
    contact_office = models.CharField(
        _("Ufficio o referente"),
        max_length=200,
        blank=True,
        help_text=_("Per esempio: Ufficio Partecipazione del Comune."),
    )
    contact_email = models.EmailField(_("E-mail di contatto"), blank=True)
    contact_phone = models.CharField(_("Telefono"), max_length=40, blank=True)
    funding_note = models.CharField(
        _("Finanziamento"),
        max_length=300,
        blank=True,
        help_text=_("Per esempio: finanziato dal Bando Partecipazione 2022 (L.R. 15/2018)."),
    )

    objects = ProcessPageManager()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Immagine")),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
        FieldPanel("neighbourhoods", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partner_organisations", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "phases",
            label=_("Fase"),
            heading=_("Fasi"),
            min_num=1,
            help_text=_(
                "In ordine. Lo stato del percorso (in arrivo, in corso, concluso) e quello di "
                "ogni fase si calcolano da queste date."
            ),
        ),
        FieldPanel("body"),
        FieldPanel("sections"),
        FieldPanel("participation"),
        MultiFieldPanel(
            [
                FieldPanel("contact_office"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contatti"),
        ),
        FieldPanel("funding_note"),
        InlinePanel("links", label=_("Collegamento"), heading=_("Per saperne di più")),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("sections"),
        index.SearchField("participation"),
        index.SearchField("contact_office"),
        index.AutocompleteField("title"),
        index.RelatedFields(
            "phases", [index.SearchField("title"), index.SearchField("description")]
        ),
        index.RelatedFields("neighbourhoods", [index.SearchField("name")]),
        index.RelatedFields("lenses", [index.SearchField("name")]),
        index.FilterField("lenses"),
        index.FilterField("locale_id"),
    ]

    # Lenses and neighbourhoods are shared by every language; a telephone number is not text.
    override_translatable_fields = [
        SynchronizedField("lenses"),
        SynchronizedField("neighbourhoods"),
        SynchronizedField("contact_phone"),
    ]

    parent_page_types = ["program.ProcessIndexPage"]
    subpage_types = ["program.ContributionFormPage"]

    class Meta:
        verbose_name = _("Percorso partecipativo")
        verbose_name_plural = _("Percorsi partecipativi")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Scrivi un testo alternativo per l'immagine.")})

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_social_image(self):
        return self.image

    # --- Phases and status, computed from the phases in memory (previews included) -------

    @cached_property
    def phase_list(self):
        return list(self.phases.all())

    def phase_spans(self):
        return [phase.span for phase in self.phase_list]

    def status_on(self, today=None):
        """The process's status on ``today``: never stored, always read from the phases."""
        return ProcessStatus(process_status(self.phase_spans(), today or timezone.localdate()))

    @property
    def status(self):
        """Today's status: as annotated by ``with_status()`` in listings, else computed."""
        annotated = self.__dict__.get("current_status")
        return ProcessStatus(annotated) if annotated else self.status_on()

    @property
    def dates(self):
        """(first day, last day or ``None`` while open-ended) of the whole process."""
        if "first_day" in self.__dict__:
            return self.__dict__["first_day"], self.__dict__.get("last_day")
        return process_dates(self.phase_spans())

    def timeline(self, today=None):
        """The phases in order, each with its state on ``today`` (past, current, upcoming)."""
        today = today or timezone.localdate()
        states = phase_states(self.phase_spans(), today)
        return [
            {"phase": phase, "state": PhaseState(state) if state else None}
            for phase, state in zip(self.phase_list, states, strict=True)
        ]

    def highlight(self, today=None):
        """The phase a card points out: the current one, else the next, else the last."""
        timeline = self.timeline(today)
        for state in (PhaseState.CURRENT, PhaseState.UPCOMING):
            for entry in timeline:
                if entry["state"] == state:
                    return entry
        return timeline[-1] if timeline else None

    # --- Related content ---------------------------------------------------------------

    def contribution_forms(self):
        """The live contribution forms of this process ("Dai il tuo contributo")."""
        from program.models import ContributionFormPage

        return list(ContributionFormPage.objects.child_of(self).live().public())

    def related_events(self, now=None):
        """Upcoming events that belong to this process (``EventPage.related_process``)."""
        from events.models import EventPage

        return list(EventPage.objects.upcoming(now).filter(related_process=self).for_listing()[:20])

    def past_related_events(self, now=None, limit=6):
        """The process's most recent past events: what has happened along the way."""
        from events.models import EventPage

        return list(EventPage.objects.past(now).filter(related_process=self).for_listing()[:limit])

    def partner_links(self, request=None):
        """The partner organisations in name order, linked to their page while listed."""
        from program.registry.links import partner_links

        organisations = sorted(self.partner_organisations.all(), key=lambda item: item.name)
        return partner_links(organisations, request, self.locale_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context.update(
            {
                "partner_links": self.partner_links(request),
                "today": today,
                "process_status": self.status_on(today),
                "timeline": self.timeline(today),
                "related_events": self.related_events(),
                "past_related_events": self.past_related_events(),
                "contribution_forms": self.contribution_forms(),
            }
        )
        return context


class ProcessPhase(TranslatableMixin, Orderable):
    """One phase of a process: its dates, what happens and, if any, what visitors can do.

    Translated with its page: title, description, the date as text and the button's text;
    dates and links are synchronised.
    """

    page = ParentalKey(ProcessPage, related_name="phases", on_delete=models.CASCADE)
    title = models.CharField(_("Titolo"), max_length=200)
    description = RichTextField(
        _("Descrizione"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    date_kind = models.CharField(
        _("Date"), max_length=10, choices=DateKind.choices, default=DateKind.SINGLE
    )
    precision = models.CharField(
        _("Precisione"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "«Solo mese e anno» mostra per esempio «settembre 2025» e copre tutto il mese."
        ),
    )
    start_date = models.DateField(_("Data (o inizio)"))
    end_date = models.DateField(_("Fine"), null=True, blank=True)
    date_label = models.CharField(
        _("Data come testo"),
        max_length=80,
        blank=True,
        help_text=_(
            "Facoltativo: sostituisce la data mostrata, per esempio «fine settembre 2025». "
            "Lo stato si calcola sempre dalle date."
        ),
    )
    cta_text = models.CharField(_("Testo del pulsante"), max_length=80, blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Pagina del pulsante"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cta_url = models.URLField(_("Indirizzo esterno del pulsante"), blank=True)
    # The span in days, derived from the fields above on every save, so that listings can
    # compute statuses in SQL. Never entered by hand.
    starts_on = models.DateField(editable=False, null=True, db_index=True)
    ends_on = models.DateField(editable=False, null=True, db_index=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("date_kind"), FieldPanel("precision")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("date_label"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("cta_text"), PageChooserPanel("cta_page"), FieldPanel("cta_url")],
            heading=_("Invito all'azione (facoltativo)"),
        ),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Fase")
        verbose_name_plural = _("Fasi")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.date_kind == DateKind.RANGE:
            if self.end_date is None:
                errors["end_date"] = _("Indica la fine del periodo.")
            elif self.start_date and self.end_date < self.start_date:
                errors["end_date"] = _("La fine non può precedere l'inizio.")
        elif self.end_date is not None:
            errors["end_date"] = _("La fine serve solo per un periodo («Dal … al …»).")
        has_link = bool(self.cta_page_id) or bool(self.cta_url)
        if self.cta_page_id and self.cta_url:
            errors["cta_url"] = _("Scegli una pagina del sito oppure un indirizzo esterno.")
        elif self.cta_text and not has_link:
            errors["cta_url"] = _("Il pulsante ha bisogno di una destinazione.")
        elif has_link and not self.cta_text:
            errors["cta_text"] = _("Scrivi il testo del pulsante.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.set_span()
        super().save(*args, **kwargs)

    def set_span(self):
        """Store the span the dates describe (bulk inserts call this themselves)."""
        span = self.span
        self.starts_on = span.first if span else None
        self.ends_on = span.last if span else None

    @property
    def span(self):
        return phase_span(self.date_kind, self.precision, self.start_date, self.end_date)

    @property
    def display_dates(self):
        return self.date_label or describe_phase_dates(
            self.date_kind, self.precision, self.start_date, self.end_date
        )

    @property
    def cta_link(self):
        if self.cta_page_id and self.cta_page and self.cta_page.live:
            return self.cta_page.url
        return self.cta_url or None


class ProcessLink(TranslatableMixin, Orderable):
    """An external page with more on the process ("Per saperne di più"); its text is
    translated with the page."""

    page = ParentalKey(ProcessPage, related_name="links", on_delete=models.CASCADE)
    title = models.CharField(_("Testo del collegamento"), max_length=200)
    url = models.URLField(_("Indirizzo"))

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Collegamento")
        verbose_name_plural = _("Collegamenti")

    def __str__(self):
        return self.title
