"""The calendar (``EventIndexPage``): upcoming events, the archive, filters and feeds."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from home.models import BasePage

from .pages import EventPage


class EventIndexPage(RoutablePageMixin, BasePage):
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

    def upcoming_events(self):
        """What the feeds publish: this calendar's upcoming events, soonest first."""
        return EventPage.objects.child_of(self).upcoming()

    def get_context(self, request, *args, **kwargs):
        from events.filters import EventFilter

        context = super().get_context(request, *args, **kwargs)
        archive = request.GET.get("archivio") == "1"
        events = EventPage.objects.child_of(self)
        events = events.past() if archive else events.upcoming()
        event_filter = EventFilter(request.GET, calendar=self, events=events, archive=archive)
        paginator = Paginator(event_filter.queryset.for_listing(), self.per_page)
        page_number = request.GET.get("pagina") or 1
        try:
            events_page = paginator.page(page_number)
        except (EmptyPage, PageNotAnInteger):
            events_page = paginator.page(
                1 if not str(page_number).isdigit() else paginator.num_pages
            )
        context.update(
            {
                "archive": archive,
                "events": events_page,
                "paginator": paginator,
                "filter": event_filter,
            }
        )
        return context

    # --- Feeds (routes under the calendar's own URL) ----------------------------------------

    @path("calendario/", name="ical_feed")
    def ical_feed(self, request):
        """Subscribable iCalendar feed of every upcoming event."""
        from events import views

        return views.calendar_feed(request, self)

    @path("calendario/<slug:category>/", name="ical_category_feed")
    def ical_category_feed(self, request, category):
        """Subscribable iCalendar feed of the upcoming events of one category."""
        from events import views

        return views.calendar_feed(request, self, category_slug=category)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from events import feeds

        return feeds.rss(request, self)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from events import feeds

        return feeds.atom(request, self)
