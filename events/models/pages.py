"""The calendar (``EventIndexPage``) and its events (``EventPage``)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
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
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from events.streaming import platform_for, stream_label
from home.blocks import BaseStreamBlock
from home.models import BasePage


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In presenza")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Ibrido (in presenza e online)")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("In programma")
    POSTPONED = "postponed", _("Rinviato")
    CANCELLED = "cancelled", _("Annullato")


# Fields whose change makes calendars that already hold the event update it (iCalendar
# SEQUENCE), and people registered be told.
SCHEDULE_FIELDS = ("start", "end", "all_day", "status", "venue_id", "format")


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Live, public events that have not ended yet (today's until they end), soonest first."""
        now = now or timezone.now()
        return self.live().public().filter(end__gte=now).order_by("start", "pk")

    def past(self, now=None):
        """Live, public events that have ended, most recent first (the archive)."""
        now = now or timezone.now()
        return self.live().public().filter(end__lt=now).order_by("-start", "-pk")

    def for_listing(self):
        """What a list of events shows, fetched in a fixed number of queries."""
        return self.select_related("venue", "image", "locale").prefetch_related(
            "categories", "lenses"
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(BasePage):
    """The calendar: upcoming events first, then the archive, with filters and feeds."""

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)
    per_page = models.PositiveSmallIntegerField(
        _("Eventi per pagina"),
        default=12,
        help_text=_("Quanti eventi mostrare in ogni pagina dell'elenco."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("per_page")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.AutocompleteField("title"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("Calendario degli eventi")
        verbose_name_plural = _("Calendari degli eventi")

    def get_meta_description(self):
        return self.search_description or self.intro

    def events(self):
        """All live, public events of this calendar."""
        return EventPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        archive = request.GET.get("archivio") == "1"
        events = EventPage.objects.child_of(self)
        events = events.past() if archive else events.upcoming()
        paginator = Paginator(events.for_listing(), self.per_page)
        page_number = request.GET.get("pagina") or 1
        try:
            events_page = paginator.page(page_number)
        except (EmptyPage, PageNotAnInteger):
            events_page = paginator.page(
                1 if not str(page_number).isdigit() else paginator.num_pages
            )
        context.update({"archive": archive, "events": events_page, "paginator": paginator})
        return context


class EventPage(BasePage):
    """An event or a webinar: in person, online or both, with speakers and a calendar file."""

    og_type = "website"

    start = models.DateTimeField(_("Inizio"), db_index=True)
    end = models.DateTimeField(_("Fine"), db_index=True)
    all_day = models.BooleanField(
        _("Tutto il giorno"),
        default=False,
        help_text=_("Senza orari: conta solo il giorno di inizio e quello di fine."),
    )
    format = models.CharField(
        _("Modalità"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    status = models.CharField(
        _("Stato"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    previous_start = models.DateTimeField(
        _("Data prevista in origine"),
        null=True,
        blank=True,
        help_text=_(
            "Solo per gli eventi rinviati: quando era previsto. Inizio e fine sono le nuove date."
        ),
    )
    status_note = models.CharField(
        _("Nota sullo stato"),
        max_length=300,
        blank=True,
        help_text=_("Es. il motivo dell'annullamento o del rinvio. Compare in evidenza."),
    )
    venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("Luogo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    venue_note = models.CharField(
        _("Indicazioni sul luogo"),
        max_length=200,
        blank=True,
        help_text=_("Es. sala al primo piano, ingresso dal cortile."),
    )
    summary = models.TextField(
        _("Sommario"),
        max_length=400,
        blank=True,
        help_text=_("Due o tre righe per l'elenco degli eventi e i motori di ricerca."),
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
    body = StreamField(BaseStreamBlock(), verbose_name=_("Descrizione"), blank=True)
    categories = ParentalManyToManyField(
        "events.EventCategory", verbose_name=_("Categorie"), blank=True, related_name="events"
    )
    lenses = ParentalManyToManyField(
        "program.Lens", verbose_name=_("Lenti"), blank=True, related_name="event_pages"
    )
    replay_url = models.URLField(
        _("Registrazione"),
        blank=True,
        help_text=_("Dove rivedere l'evento: compare al posto delle dirette quando è finito."),
    )
    organisers = models.CharField(
        _("Organizzato da"),
        max_length=300,
        blank=True,
        help_text=_("Lascia vuoto se l'organizzatore è solo il nostro gruppo."),
    )
    partners = models.TextField(
        _("In collaborazione con"), blank=True, max_length=600, help_text=_("Una per riga.")
    )
    # Increases whenever the schedule changes, so calendar programs update their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("format"),
            ],
            heading=_("Quando e come"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("previous_start"), FieldPanel("status_note")],
            heading=_("Stato"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("venue_note")],
            heading=_("Luogo"),
        ),
        InlinePanel(
            "stream_links",
            label=_("Diretta online"),
            heading=_("Dirette online"),
            help_text=_("YouTube, Facebook o altro: la piattaforma è riconosciuta dal link."),
        ),
        FieldPanel("replay_url"),
        FieldPanel("summary"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Immagine")),
        FieldPanel("body"),
        InlinePanel("speakers", label=_("Relatore o relatrice"), heading=_("Interventi")),
        InlinePanel("documents", label=_("Documento"), heading=_("Programma e documenti")),
        MultiFieldPanel(
            [FieldPanel("organisers"), FieldPanel("partners")],
            heading=_("Organizzazione"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("organisers"),
        index.SearchField("partners"),
        index.AutocompleteField("title"),
        index.RelatedFields(
            "speakers", [index.SearchField("name"), index.SearchField("affiliation")]
        ),
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("city")]),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.FilterField("lenses"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("format"),
        index.FilterField("status"),
        index.FilterField("locale_id"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Evento")
        verbose_name_plural = _("Eventi")

    # --- Validation -----------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.all_day and self.start and self.end:
            self.start, self.end = whole_days(self.start, self.end)
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("La fine deve venire dopo l'inizio.")
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Scrivi un testo alternativo per l'immagine.")
        if self.status == EventStatus.POSTPONED and not self.previous_start:
            errors["previous_start"] = _(
                "Per un evento rinviato indica quando era previsto; "
                "inizio e fine sono le nuove date."
            )
        if self.status != EventStatus.POSTPONED and self.previous_start:
            errors["previous_start"] = _("La data prevista in origine vale solo per i rinvii.")
        if self.is_postponed and self.previous_start and self.previous_start == self.start:
            errors["previous_start"] = _("La nuova data di inizio è uguale a quella prevista.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or "start" in update_fields):
            self.sequence = self._next_sequence()
        super().save(*args, **kwargs)

    def _next_sequence(self):
        """Compare with the stored row: a changed schedule means a higher SEQUENCE."""
        stored = EventPage.objects.filter(pk=self.pk).values(*SCHEDULE_FIELDS, "sequence").first()
        if stored is None:
            return self.sequence
        sequence = max(stored["sequence"], self.sequence)
        if any(stored[field] != getattr(self, field) for field in SCHEDULE_FIELDS):
            sequence += 1
        return sequence

    # --- What templates and feeds read ------------------------------------------------------

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_social_image(self):
        return self.image

    @property
    def is_online(self):
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def is_in_person(self):
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_postponed(self):
        return self.status == EventStatus.POSTPONED

    def has_ended(self, now=None):
        return self.end < (now or timezone.now())

    def is_happening(self, now=None):
        now = now or timezone.now()
        return self.start <= now <= self.end

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    @property
    def is_multi_day(self):
        return self.local_start.date() != self.local_end.date()

    @property
    def map_available(self):
        """A map makes sense for a place people go to whose coordinates we know."""
        return self.is_in_person and self.venue is not None and self.venue.has_coordinates

    @cached_property
    def speaker_list(self):
        return list(self.speakers.all())

    @property
    def moderators(self):
        return [speaker for speaker in self.speaker_list if speaker.is_moderator]

    @property
    def presenters(self):
        return [speaker for speaker in self.speaker_list if not speaker.is_moderator]

    @property
    def partner_list(self):
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def visible_stream_links(self, now=None):
        """Live-stream links, shown before and during the event (not once it has ended)."""
        if not self.is_online or self.is_cancelled or self.has_ended(now):
            return []
        return list(self.stream_links.all())


def whole_days(start, end):
    """All-day events run from local midnight of the first day to the end of the last day."""
    tz = timezone.get_current_timezone()
    first = timezone.localtime(start, tz).date()
    last = timezone.localtime(end, tz).date()
    if last < first:
        return start, end  # left for the "end after start" check to refuse
    return (
        timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(last, datetime.time(23, 59, 59)), tz),
    )


class EventSpeaker(Orderable):
    """Someone who speaks at an event, in programme order; moderators are flagged."""

    page = ParentalKey(EventPage, related_name="speakers", on_delete=models.CASCADE)
    name = models.CharField(_("Nome"), max_length=200)
    role = models.CharField(_("Ruolo"), max_length=200, blank=True)
    affiliation = models.CharField(_("Organizzazione"), max_length=200, blank=True)
    person_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Pagina della persona"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_moderator = models.BooleanField(
        _("Modera"), default=False, help_text=_('Compare come "Introduce e modera".')
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("affiliation")]),
        PageChooserPanel("person_page"),
        FieldPanel("is_moderator"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Intervento")
        verbose_name_plural = _("Interventi")

    def __str__(self):
        return self.name

    @property
    def description(self):
        """Role and organisation on one line ("Community manager, Beeozanam")."""
        return ", ".join(part for part in (self.role, self.affiliation) if part)


class EventStreamLink(Orderable):
    """Where to follow an event live; the platform is recognised from the address."""

    page = ParentalKey(EventPage, related_name="stream_links", on_delete=models.CASCADE)
    url = models.URLField(_("Indirizzo della diretta"))
    label = models.CharField(
        _("Testo del collegamento"),
        max_length=100,
        blank=True,
        help_text=_('Lascia vuoto per "Diretta su YouTube", "Diretta su Facebook"…'),
    )

    panels = [FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("Diretta online")
        verbose_name_plural = _("Dirette online")

    def __str__(self):
        return self.display_label

    @property
    def platform(self):
        return platform_for(self.url)

    @property
    def display_label(self):
        return stream_label(self.url, self.label)


class EventDocument(Orderable):
    """The programme or another document to download."""

    page = ParentalKey(EventPage, related_name="documents", on_delete=models.CASCADE)
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

    class Meta(Orderable.Meta):
        verbose_name = _("Documento")
        verbose_name_plural = _("Documenti")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
