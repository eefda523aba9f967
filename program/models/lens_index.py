"""The lens pages: one routable page lists the lenses and gives each lens its own address."""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from home.models import BasePage

from .lenses import Lens


class LensIndexPage(RoutablePageMixin, BasePage):
    """ "Le lenti": every lens explained, and at ``<slug>/`` everything that carries it.

    One per home page (so one per language). A lens page lists the program's themes,
    participatory processes in progress or about to start, upcoming events, recent council acts,
    people and text pages and newsletters carrying the lens, each section in one query however
    much content there is (see ``program.lens_sections``).
    """

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)
    items_per_section = models.PositiveSmallIntegerField(
        _("Elementi per sezione"),
        default=6,
        help_text=_(
            "Quanti contenuti mostrare al massimo in ogni sezione della pagina di una lente."
        ),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    settings_panels = [*BasePage.settings_panels, FieldPanel("items_per_section")]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Pagina delle lenti")
        verbose_name_plural = _("Pagine delle lenti")

    def get_meta_description(self):
        return self.search_description or self.intro

    def lenses(self):
        """The lenses shown on this page, in its language (originals where not translated)."""
        from program.lenses import localize_lenses

        return localize_lenses(Lens.objects.all(), self.locale_id)

    def get_lens(self, slug):
        """The lens ``slug`` names, in this page's language when it has been translated."""
        lenses = list(Lens.objects.filter(slug=slug).order_by("pk"))
        for lens in lenses:
            if lens.locale_id == self.locale_id:
                return lens
        if not lenses:
            raise Http404
        original = lenses[0]
        translated = Lens.objects.filter(
            translation_key=original.translation_key, locale_id=self.locale_id
        ).first()
        return translated or original

    def lens_url(self, lens, request=None):
        """The address of ``lens``'s page under this page."""
        return self.get_url(request) + self.reverse_subpage("lens", args=[lens.slug])

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("<slug:lens_slug>/", name="lens")
    def lens_route(self, request, lens_slug):
        from program.lens_sections import build_sections

        lens = self.get_lens(lens_slug)
        if lens.slug != lens_slug:  # the other language's slug: send to this language's page
            return redirect(self.lens_url(lens, request), permanent=True)
        sections = build_sections(
            lens, self, request, today=timezone.localdate(), limit=self.items_per_section
        )
        return self.render(
            request,
            template="program/lens_page.html",
            context_overrides={
                "lens": lens,
                "sections": sections,
                "lens_full_url": self.get_full_url(request)
                + self.reverse_subpage("lens", args=[lens.slug]),
            },
        )
