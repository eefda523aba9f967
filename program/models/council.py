"""Council activity ("Attività in consiglio"): motions, questions, amendments and their fate."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from home.blocks import BaseStreamBlock
from home.models import BasePage

FEED_ITEMS = 30


class ActType(models.TextChoices):
    # The values appear in addresses (?tipo=mozione), hence Italian.
    MOTION = "mozione", _("Mozione")
    QUESTION = "interrogazione", _("Interrogazione")
    INTERPELLATION = "interpellanza", _("Interpellanza")
    AGENDA_ITEM = "ordine-del-giorno", _("Ordine del giorno")
    AMENDMENT = "emendamento", _("Emendamento")


class ActStatus(models.TextChoices):
    PRESENTED = "presentata", _("Presentata")
    DISCUSSED = "discussa", _("Discussa")
    APPROVED = "approvata", _("Approvata")
    REJECTED = "respinta", _("Respinta")
    WITHDRAWN = "ritirata", _("Ritirata")


FINAL_STATUSES = {ActStatus.APPROVED, ActStatus.REJECTED, ActStatus.WITHDRAWN}


class CouncilActQuerySet(PageQuerySet):
    def with_current_status(self):
        """Annotate ``latest_status`` and ``latest_status_date``: the latest history entry.

        An act with no history yet counts as presented on its date of presentation.
        """
        # The same order as ``CouncilActPage.history``, read backwards.
        latest = CouncilActStatus.objects.filter(page=OuterRef("pk")).order_by(
            "-date", F("sort_order").desc(nulls_last=True), "-pk"
        )
        return self.annotate(
            latest_status=Coalesce(
                Subquery(latest.values("status")[:1]), Value(ActStatus.PRESENTED.value)
            ),
            latest_status_date=Coalesce(Subquery(latest.values("date")[:1]), F("date_presented")),
        )

    def for_listing(self):
        """Lenses and signatories (with their pages) in a fixed number of queries."""
        signatories = CouncilActSignatory.objects.select_related("person").order_by("sort_order")
        return self.defer_streamfields().prefetch_related(
            "lenses", models.Prefetch("signatories", queryset=signatories)
        )


CouncilActManager = PageManager.from_queryset(CouncilActQuerySet)


class CouncilActFilterForm(forms.Form):
    """Filters of the council-activity index, all optional, read from the address."""

    tipo = forms.ChoiceField(label=_("Tipo"), required=False)
    stato = forms.ChoiceField(label=_("Stato"), required=False)
    lente = forms.ChoiceField(label=_("Lente"), required=False)
    persona = forms.ChoiceField(label=_("Firmataria o firmatario"), required=False)
    anno = forms.TypedChoiceField(label=_("Anno"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, lenses=(), people=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lenses = {lens.slug: lens for lens in lenses}
        self.people = {person.slug: person for person in people}
        self.fields["tipo"].choices = [("", _("Tutti"))] + list(ActType.choices)
        self.fields["stato"].choices = [("", _("Tutti"))] + list(ActStatus.choices)
        self.fields["lente"].choices = [("", _("Tutte"))] + [
            (lens.slug, lens.name) for lens in lenses
        ]
        self.fields["persona"].choices = [("", _("Tutte le persone"))] + [
            (person.slug, person.title) for person in people
        ]
        self.fields["anno"].choices = [("", _("Tutti"))] + [(year, str(year)) for year in years]

    def filter(self, acts):
        """``acts`` narrowed by the valid filters (invalid ones are ignored, with an error)."""
        from program.lenses import carrying_lens

        if not self.is_bound or not self.is_valid():
            return acts
        data = self.cleaned_data
        if data.get("tipo"):
            acts = acts.filter(act_type=data["tipo"])
        if data.get("stato"):
            acts = acts.filter(latest_status=data["stato"])
        if data.get("lente"):
            acts = carrying_lens(acts, self.lenses[data["lente"]].translation_key)
        if data.get("persona"):
            person = self.people[data["persona"]]
            acts = acts.filter(
                pk__in=CouncilActPage.objects.filter(signatories__person=person).values("pk")
            )
        if data.get("anno"):
            acts = acts.filter(date_presented__year=data["anno"])
        return acts

    @property
    def active(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class CouncilActIndexPage(RoutablePageMixin, BasePage):
    """ "Attività in consiglio": every act, filtered by type, status, lens, person and year.

    ``feed/`` (RSS) and ``feed/atom/`` (Atom) carry the latest acts, honouring the same filters.
    """

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)
    per_page = models.PositiveSmallIntegerField(_("Atti per pagina"), default=20)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    settings_panels = [*BasePage.settings_panels, FieldPanel("per_page")]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["program.CouncilActPage"]

    class Meta:
        verbose_name = _("Attività in consiglio")
        verbose_name_plural = _("Attività in consiglio")

    def get_meta_description(self):
        return self.search_description or self.intro

    def acts(self):
        """Live, public acts of this index with their current status, newest first."""
        return (
            CouncilActPage.objects.child_of(self)
            .live()
            .public()
            .with_current_status()
            .order_by("-date_presented", "-pk")
        )

    def filter_form(self, request):
        """The filter form with its choices: three queries, whatever the number of acts."""
        from program.lenses import localize_lenses
        from program.models import Lens, PersonPage

        acts = CouncilActPage.objects.child_of(self).live().public()
        people = (
            PersonPage.objects.live()
            .filter(locale_id=self.locale_id)
            .filter(pk__in=CouncilActSignatory.objects.filter(page__in=acts).values("person"))
            .order_by("title")
            .only("pk", "title", "slug")
        )
        years = sorted({day.year for day in acts.dates("date_presented", "year")}, reverse=True)
        return CouncilActFilterForm(
            request.GET or None,
            lenses=localize_lenses(Lens.objects.all(), self.locale_id),
            people=list(people),
            years=years,
        )

    @path("")
    def index_route(self, request):
        from program.lenses import attach_badge_lenses

        form = self.filter_form(request)
        acts = form.filter(self.acts()).for_listing()
        paginator = Paginator(acts, self.per_page)
        try:
            results = paginator.page(request.GET.get("pagina") or 1)
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        attach_badge_lenses(results.object_list, self.locale_id)
        query = request.GET.copy()
        query.pop("pagina", None)
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "acts": results,
                "filter_query": query.urlencode() if form.active else "",
            },
        )

    @path("feed/", name="rss")
    def rss_feed(self, request):
        return CouncilActFeed(self, Rss201rev2Feed)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return CouncilActFeed(self, Atom1Feed)(request)


class CouncilActPageForm(WagtailAdminPageForm):
    """Checks signatories (each once) and the status history as a whole: dates, and nothing
    after a final status."""

    def _check_signatories(self):
        formset = self.formsets.get("signatories")
        if formset is None:
            return
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            person = form.cleaned_data.get("person")
            if person is not None and person.pk in seen:
                form.add_error("person", _("Questa persona è già tra i firmatari."))
            if person is not None:
                seen.add(person.pk)

    def clean(self):
        cleaned_data = super().clean()
        self._check_signatories()
        formset = self.formsets.get("status_history")
        presented = cleaned_data.get("date_presented")
        if formset is None:
            return cleaned_data
        entries = [
            form
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        today = timezone.localdate()
        for form in entries:
            day = form.cleaned_data.get("date")
            if day and presented and day < presented:
                form.add_error("date", _("La data non può precedere la presentazione dell'atto."))
            if day and day > today:
                form.add_error("date", _("La data non può essere nel futuro."))
        dated = sorted(
            (form for form in entries if form.cleaned_data.get("date")),
            key=lambda form: form.cleaned_data["date"],
        )
        finals = [form for form in dated if form.cleaned_data.get("status") in FINAL_STATUSES]
        if len(finals) > 1:
            finals[-1].add_error("status", _("Un atto può avere un solo esito finale."))
        elif (
            finals
            and dated[-1] is not finals[0]
            and (dated[-1].cleaned_data["date"] > finals[0].cleaned_data["date"])
        ):
            finals[0].add_error(
                "status",
                _("Dopo l'approvazione, il respingimento o il ritiro non ci sono altri passaggi."),
            )
        return cleaned_data


class CouncilActPage(BasePage):
    """An act brought to the city council: who signed it, what it asks and what became of it.

    The current status is the latest entry of the status history (never a separate field).
    """

    base_form_class = CouncilActPageForm

    act_type = models.CharField(_("Tipo"), max_length=20, choices=ActType.choices)
    number = models.CharField(
        _("Numero"),
        max_length=40,
        blank=True,
        help_text=_("Il numero assegnato dal Comune, per esempio «45/2025». Anche più tardi."),
    )
    date_presented = models.DateField(_("Presentato il"), db_index=True)
    summary = models.TextField(
        _("In breve"), max_length=600, help_text=_("Che cosa chiede l'atto, in due o tre righe.")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Testo"), blank=True)
    lenses = ParentalManyToManyField(
        "program.Lens", verbose_name=_("Lenti"), blank=True, related_name="council_acts"
    )
    related_process = models.ForeignKey(
        "program.ProcessPage",
        verbose_name=_("Percorso partecipativo collegato"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_acts",
    )

    objects = CouncilActManager()

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("act_type"), FieldPanel("number"), FieldPanel("date_presented")]),
        FieldPanel("summary"),
        InlinePanel(
            "signatories",
            label=_("Firmataria o firmatario"),
            heading=_("Firmatari"),
            min_num=1,
        ),
        InlinePanel(
            "status_history",
            label=_("Passaggio"),
            heading=_("Iter"),
            help_text=_(
                "Ogni passaggio con la sua data: l'ultimo è lo stato attuale dell'atto. "
                "Senza passaggi l'atto risulta presentato."
            ),
        ),
        FieldPanel("body"),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
        PageChooserPanel("related_process", page_type="program.ProcessPage"),
        InlinePanel("documents", label=_("Documento"), heading=_("Documenti")),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("number"),
        index.AutocompleteField("title"),
        index.FilterField("act_type"),
        index.FilterField("date_presented"),
        index.FilterField("lenses"),
        index.FilterField("locale_id"),
    ]

    # The act's number is an identifier; lenses are shared by every language.
    override_translatable_fields = [SynchronizedField("number"), SynchronizedField("lenses")]

    parent_page_types = ["program.CouncilActIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Atto in consiglio")
        verbose_name_plural = _("Atti in consiglio")

    def get_meta_description(self):
        return self.search_description or self.summary

    @property
    def heading_label(self):
        """ "Mozione n. 45/2025" (or just "Mozione" until the number is known)."""
        label = self.get_act_type_display()
        return f"{label} n. {self.number}" if self.number else label

    @cached_property
    def history(self):
        """The status history in date order (entries on the same day in editor order)."""
        entries = list(self.status_history.all())
        return sorted(
            entries,
            key=lambda entry: (
                entry.date,
                -1 if entry.sort_order is None else entry.sort_order,
                entry.pk or 0,
            ),
        )

    def history_entries(self):
        """The steps to show: the presentation first, then the history (not repeating it)."""
        entries = [{"date": self.date_presented, "status": ActStatus.PRESENTED, "note": ""}]
        for number, entry in enumerate(self.history):
            status = ActStatus(entry.status)
            if number == 0 and status == ActStatus.PRESENTED and entry.date == self.date_presented:
                entries[0]["note"] = entry.note
                continue
            entries.append({"date": entry.date, "status": status, "note": entry.note})
        return entries

    @property
    def status(self):
        """The current status: the latest history entry's, else "presented"."""
        annotated = self.__dict__.get("latest_status")
        if annotated:
            return ActStatus(annotated)
        return ActStatus(self.history[-1].status) if self.history else ActStatus.PRESENTED

    @property
    def status_date(self):
        annotated = self.__dict__.get("latest_status_date")
        if annotated:
            return annotated
        return self.history[-1].date if self.history else self.date_presented

    @property
    def is_closed(self):
        return self.status in FINAL_STATUSES

    def signatory_people(self):
        return [entry.person for entry in self.signatories.all() if entry.person_id]


class CouncilActSignatory(Orderable):
    """Someone who signed an act; the first is the first signatory."""

    page = ParentalKey(CouncilActPage, related_name="signatories", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "program.PersonPage",
        verbose_name=_("Persona"),
        on_delete=models.CASCADE,
        related_name="signed_acts",
    )

    panels = [PageChooserPanel("person", page_type="program.PersonPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("Firmataria o firmatario")
        verbose_name_plural = _("Firmatari")
        # No unique constraint on (page, person): when an editor removes a row and adds the same
        # person again, modelcluster inserts before it deletes. The page form refuses duplicates.

    def __str__(self):
        return str(self.person)


class CouncilActStatus(TranslatableMixin, Orderable):
    """One step of an act's history: presented, discussed, approved, rejected or withdrawn."""

    page = ParentalKey(CouncilActPage, related_name="status_history", on_delete=models.CASCADE)
    status = models.CharField(_("Stato"), max_length=20, choices=ActStatus.choices)
    date = models.DateField(_("Data"))
    note = models.CharField(
        _("Nota"),
        max_length=300,
        blank=True,
        help_text=_("Per esempio: «approvata all'unanimità» o «risposta dell'assessora»."),
    )

    panels = [FieldRowPanel([FieldPanel("status"), FieldPanel("date")]), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Passaggio")
        verbose_name_plural = _("Iter")

    def __str__(self):
        return f"{self.get_status_display()} ({self.date:%d/%m/%Y})"


class CouncilActDocument(TranslatableMixin, Orderable):
    """The text of the act, an answer, the minutes: documents to download."""

    page = ParentalKey(CouncilActPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Documento"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("Titolo da mostrare"),
        max_length=200,
        blank=True,
        help_text=_("Lascia vuoto per usare il titolo del documento."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Documento")
        verbose_name_plural = _("Documenti")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title


class CouncilActFeed(Feed):
    """RSS 2.0 or Atom 1.0 feed of the latest acts of an index, with the index's filters."""

    def __init__(self, index_page, feed_type):
        super().__init__()
        self.index_page = index_page
        self.feed_type = feed_type

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_full_url(self.request) or settings.WAGTAILADMIN_BASE_URL

    def description(self, obj):
        return obj.intro or obj.title

    subtitle = description

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def items(self, obj):
        form = obj.filter_form(self.request)
        return list(form.filter(obj.acts()).for_listing()[:FEED_ITEMS])

    def item_title(self, item):
        return f"{item.heading_label}: {item.title}"

    def item_description(self, item):
        status = _("Stato: %(status)s dal %(date)s") % {
            "status": item.status.label.lower(),
            "date": item.status_date.strftime("%d/%m/%Y"),
        }
        return f"{item.summary}\n\n{status}"

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return _start_of_day(item.date_presented)

    def item_updateddate(self, item):
        return _start_of_day(item.status_date)

    def item_categories(self, item):
        return [item.get_act_type_display(), *(lens.name for lens in item.lenses.all())]

    def item_author_name(self, item):
        return ", ".join(entry.person.title for entry in item.signatories.all())


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
