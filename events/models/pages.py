"""Events (``EventPage``): when, where, how, who speaks, and how to register."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from home.blocks import BaseStreamBlock
from home.models import BasePage
from program.models.registry import partner_choices

from .registrations import RegistrationMode


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

    def in_category(self, category):
        """Events of ``category`` (in any of its languages)."""
        through = EventPage.categories.through.objects.filter(
            eventcategory__translation_key=category.translation_key
        )
        return self.filter(pk__in=through.values("eventpage_id"))

    def with_lens(self, lens):
        """Events that carry ``lens`` (in any of its languages)."""
        through = EventPage.lenses.through.objects.filter(
            lens__translation_key=lens.translation_key
        )
        return self.filter(pk__in=through.values("eventpage_id"))

    def in_formats(self, formats):
        return self.filter(format__in=formats)

    def overlapping(self, start, end):
        """Events under way at some moment between ``start`` and ``end``."""
        return self.filter(start__lt=end, end__gte=start)

    def for_calendar(self):
        """What calendar files and feeds read, fetched in a fixed number of queries."""
        return self.select_related("venue", "locale").prefetch_related("categories", "stream_links")

    def for_listing(self):
        """What a list of events shows, fetched in a fixed number of queries."""
        return self.select_related("venue", "image", "locale").prefetch_related(
            "categories", "lenses"
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)

# Sub-paths the calendar and its events answer themselves (feeds, calendar files,
# registration): an event may not take one of them as its slug.
CALENDAR_ROUTES = ("calendario", "feed")


class EventPage(RoutablePageMixin, BasePage):
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
    related_process = models.ForeignKey(
        "program.ProcessPage",
        verbose_name=_("Percorso partecipativo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Il percorso di cui l'evento fa parte: l'evento compare nella sua pagina."),
    )
    organisers = models.CharField(
        _("Organizzato da"),
        max_length=300,
        blank=True,
        help_text=_("Lascia vuoto se l'organizzatore è solo il nostro gruppo."),
    )
    partners = models.TextField(
        _("In collaborazione con"),
        blank=True,
        max_length=600,
        help_text=_("Una per riga: chi non è nell'elenco «Con chi»."),
    )
    partner_organisations = ParentalManyToManyField(
        "program.Organisation",
        verbose_name=_("Organizzazioni partner dall'elenco «Con chi»"),
        blank=True,
        related_name="event_pages",
        limit_choices_to=partner_choices,
        help_text=_("La pagina di ogni organizzazione scelta elenca l'evento."),
    )
    registration = models.CharField(
        _("Iscrizioni"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.NONE,
        help_text=_(
            "Su questo sito basta nome ed e-mail, senza account; oppure indica il link "
            "alla pagina di iscrizione di chi organizza."
        ),
    )
    registration_url = models.URLField(_("Pagina di iscrizione esterna"), blank=True)
    capacity = models.PositiveIntegerField(
        _("Posti"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Lascia vuoto se non c'è un limite di posti."),
    )
    registration_deadline = models.DateTimeField(
        _("Iscrizioni aperte fino a"),
        null=True,
        blank=True,
        help_text=_("Lascia vuoto per accettare iscrizioni fino all'inizio dell'evento."),
    )
    waiting_list = models.BooleanField(
        _("Lista d'attesa"),
        default=True,
        help_text=_(
            "Finiti i posti, chi si iscrive entra in lista d'attesa e prende il posto di chi "
            "annulla, in ordine di arrivo."
        ),
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
        FieldPanel("related_process"),
        MultiFieldPanel(
            [
                FieldPanel("organisers"),
                FieldPanel("partner_organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partners"),
            ],
            heading=_("Organizzazione"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration"),
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
                FieldPanel("waiting_list"),
            ],
            heading=_("Iscrizioni"),
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

    # Categories and lenses are chosen once for every language (each is shown in its
    # translation). The venue follows its own translation (Venue is translatable).
    override_translatable_fields = [
        SynchronizedField("categories"),
        SynchronizedField("lenses"),
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
        if self.slug in CALENDAR_ROUTES:
            errors["slug"] = _("Questo indirizzo è riservato al calendario: scegline un altro.")
        if self.registration == RegistrationMode.EXTERNAL and not self.registration_url:
            errors["registration_url"] = _("Indica il link della pagina di iscrizione.")
        if (
            self.registration == RegistrationMode.SITE
            and self.registration_deadline
            and self.end
            and self.registration_deadline > self.end
        ):
            errors["registration_deadline"] = _(
                "Le iscrizioni devono chiudersi prima della fine dell'evento."
            )
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
    def shown_venue(self):
        """The venue in the page's language (its translation when there is one)."""
        from home.translation import localized_snippet

        return localized_snippet(self.venue, self.locale_id)

    @property
    def shown_categories(self):
        """The categories in the page's language (their translations when there are some)."""
        from home.translation import localized_snippet

        return [localized_snippet(item, self.locale_id) for item in self.categories.all()]

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

    def partner_links(self, request=None):
        """Partners from the registry, in name order, linked to their page while listed."""
        from program.registry.links import partner_links

        organisations = sorted(self.partner_organisations.all(), key=lambda item: item.name)
        return partner_links(organisations, request, self.locale_id)

    @cached_property
    def stream_link_list(self):
        """The live-stream links, read once however many places show them."""
        return list(self.stream_links.all())

    def visible_stream_links(self, now=None):
        """Live-stream links, shown before and during the event (not once it has ended)."""
        if not self.is_online or self.is_cancelled or self.has_ended(now):
            return []
        return self.stream_link_list

    # --- Registration -----------------------------------------------------------------------

    @property
    def has_site_registration(self):
        return self.registration == RegistrationMode.SITE

    @property
    def has_external_registration(self):
        return self.registration == RegistrationMode.EXTERNAL and bool(self.registration_url)

    @property
    def registration_closes_at(self):
        """When the form stops accepting registrations: the deadline, else the start."""
        if self.registration_deadline and self.registration_deadline < self.start:
            return self.registration_deadline
        return self.start

    @cached_property
    def availability(self):
        """Whether people can register now and how many places are left (one query)."""
        from events import rsvp

        return rsvp.availability(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partner_links"] = self.partner_links(request)
        if self.has_site_registration and "rsvp_form" not in context:
            from events.forms import RegistrationForm

            context["rsvp_form"] = RegistrationForm(auto_id="rsvp-%s")
        return context

    # --- Routes: calendar file and registration ---------------------------------------------

    @path("calendario/", name="ics")
    def ics(self, request):
        """This event as an ``.ics`` file to add to any calendar program."""
        from events import views

        return views.event_ics(request, self)

    @path("iscrizione/", name="register")
    def register(self, request):
        """The registration form's target (POST); a GET goes back to the event."""
        from events import views

        return views.register(request, self)

    @path("iscrizione/inviata/", name="registration_sent")
    def registration_sent(self, request):
        """After the form: check your inbox for the confirmation link."""
        from events import views

        return views.registration_sent(request, self)


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
