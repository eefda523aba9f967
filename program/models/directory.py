"""The public directory of the partner registry ("Con chi") and each organisation's page.

One routable page holds everything public: the directory with its filters, every listed
organisation's page at ``<slug>/`` (the events and processes it is a partner of), and the
request form at ``richiesta/``. Organisations are snippets moderated in the admin, so a page per
organisation in the page tree would duplicate their state; a route reads it directly.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from home.models import BasePage

from .registry import Organisation

PARTNER_ITEMS = 12


def localize_texts(organisations, locale_id):
    """Set ``shown_description`` and ``shown_logo_alt`` in ``locale_id`` (one query at most)."""
    organisations = list(organisations)
    translated = {}
    foreign = [item.translation_key for item in organisations if item.locale_id != locale_id]
    if foreign and locale_id is not None:
        translated = {
            item.translation_key: item
            for item in Organisation.objects.filter(
                translation_key__in=foreign, locale_id=locale_id
            ).only("translation_key", "description", "logo_alt")
        }
    for item in organisations:
        translation = translated.get(item.translation_key)
        item.shown_description = translation.description if translation else item.description
        item.shown_logo_alt = (
            translation.logo_alt if translation and translation.logo_alt else item.logo_alt
        )
    return organisations


class OrganisationIndexPage(RoutablePageMixin, BasePage):
    """ "Con chi": the organisations the group works with, and how to join them.

    Lists the organisations approved and not yet run out, with filters by kind, neighbourhood
    and lens and a text search; each has its page at ``<slug>/``; ``richiesta/`` is the public
    request form. One per home page (so one per language).
    """

    intro = models.TextField(_("Introduzione"), blank=True, max_length=800)
    join_text = RichTextField(
        _("Invito a entrare nell'elenco"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Compare sopra il modulo di richiesta e accanto al pulsante che lo apre."),
    )
    per_page = models.PositiveSmallIntegerField(
        _("Organizzazioni per pagina"), default=24, help_text=_("Quante schede per pagina.")
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("join_text")]
    settings_panels = [*BasePage.settings_panels, FieldPanel("per_page")]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Elenco delle organizzazioni («Con chi»)")
        verbose_name_plural = _("Elenchi delle organizzazioni")

    def get_meta_description(self):
        return self.search_description or self.intro

    def listed(self, today=None):
        return Organisation.objects.listed(today)

    # --- The directory -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from program.lenses import attach_badge_lenses, carrying_lens, localize_lenses
        from program.models import Lens, Neighbourhood
        from program.registry.forms import DirectoryFilterForm

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        lenses = localize_lenses(Lens.objects.all(), self.locale_id)
        form = DirectoryFilterForm(
            request.GET or None, lenses=lenses, neighbourhoods=list(Neighbourhood.objects.all())
        )
        listed = self.listed(today)
        organisations = listed
        filters = form.filters()
        if filters.get("kind"):
            organisations = organisations.filter(kind=filters["kind"])
        if filters.get("neighbourhood") is not None:
            organisations = organisations.filter(neighbourhood=filters["neighbourhood"])
        if filters.get("lens") is not None:
            organisations = carrying_lens(organisations, filters["lens"].translation_key)
        if filters.get("text"):
            organisations = organisations.matching(filters["text"])
        paginator = Paginator(organisations.for_listing().order_by("name", "pk"), self.per_page)
        try:
            results = paginator.page(request.GET.get("pagina") or 1)
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        items = localize_texts(results.object_list, self.locale_id)
        attach_badge_lenses(items, self.locale_id)
        for item in items:
            item.page_url = self.organisation_url(item, request)
        query = request.GET.copy()
        query.pop("pagina", None)
        changed = listed.aggregate(latest=Max("updated_at"))["latest"]
        context.update(
            {
                "filter_form": form,
                "organisations": results,
                "organisation_items": items,
                "filter_query": query.urlencode(),
                "directory_updated": max(
                    (day for day in (changed, self.last_updated) if day is not None),
                    default=None,
                ),
            }
        )
        return context

    def organisation_url(self, organisation, request=None):
        return self.get_url(request) + self.reverse_subpage(
            "organisation", args=[organisation.slug]
        )

    @path("")
    def index_route(self, request):
        return self.render(request)

    # --- The request form ----------------------------------------------------------------------

    @path("richiesta/", name="join")
    def join_route(self, request):
        """The public request form (GET) and its submission (POST)."""
        from program.registry import views

        return views.join(request, self)

    @path("richiesta/inviata/", name="join_sent")
    def join_sent_route(self, request):
        """After the form: look for the confirmation e-mail."""
        from program.registry import views

        return views.join_sent(request, self)

    # --- One organisation ----------------------------------------------------------------------

    @path("<slug:organisation_slug>/", name="organisation")
    def organisation_route(self, request, organisation_slug):
        """A listed organisation: its card, and the events and processes it is a partner of."""
        from program.lenses import attach_badge_lenses

        today = timezone.localdate()
        organisation = (
            self.listed(today)
            .filter(slug=organisation_slug)
            .select_related("neighbourhood", "logo")
            .prefetch_related("lenses")
            .first()
        )
        if organisation is None:
            raise Http404
        localize_texts([organisation], self.locale_id)
        attach_badge_lenses([organisation], self.locale_id)
        return self.render(
            request,
            template="program/organisation_page.html",
            context_overrides={
                "organisation": organisation,
                "upcoming_events": self.partner_events(organisation, upcoming=True),
                "past_events": self.partner_events(organisation, upcoming=False),
                "processes": self.partner_processes(organisation, today),
            },
        )

    def partner_events(self, organisation, *, upcoming, now=None):
        """Live events in this page's language that name ``organisation`` as a partner."""
        from events.models import EventPage

        events = EventPage.objects.filter(locale_id=self.locale_id)
        events = events.upcoming(now) if upcoming else events.past(now)
        events = events.filter(partner_organisations=organisation)
        return list(events.for_listing().defer_streamfields()[:PARTNER_ITEMS])

    def partner_processes(self, organisation, today=None):
        """Live processes in this page's language that name ``organisation`` as a partner."""
        from program.lenses import attach_badge_lenses
        from program.models import ProcessPage

        processes = (
            ProcessPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, partner_organisations=organisation)
            .with_status(today)
            .in_listing_order()
            .for_listing()[:PARTNER_ITEMS]
        )
        return attach_badge_lenses(processes, self.locale_id)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        for organisation in self.listed().only("slug", "updated_at"):
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("organisation", args=[organisation.slug]).lstrip("/"),
                    "lastmod": organisation.updated_at,
                }
            )
        return urls
