"""Newsletter pages: the public archive and the newsletter itself.

A newsletter is composed as a Wagtail page, so drafts, revisions, moderation, scheduling of
publication and translation work as for any page. The same page renders three ways: the web
version in the archive, the e-mail HTML and the plain-text alternative (see ``rendering.py``).
"""

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from home.models import BasePage

from .blocks import NewsletterStreamBlock

ISSUES_PER_PAGE = 12
FEED_ITEMS = 20


class NewsletterIndexPage(RoutablePageMixin, BasePage):
    """The public archive of sent newsletters, with RSS and Atom feeds."""

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletter.NewsletterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Archivio della newsletter")
        verbose_name_plural = _("Archivi della newsletter")

    def get_meta_description(self):
        return self.search_description or self.intro

    def issues(self):
        """Published newsletters of this archive, newest first, as the archive shows them."""
        return NewsletterPage.objects.archived().child_of(self).prefetch_related("lenses")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.issues(), ISSUES_PER_PAGE)
        try:
            issues = paginator.page(request.GET.get("pagina", 1))
        except (PageNotAnInteger, EmptyPage):
            issues = paginator.page(1)
        context["issues"] = issues
        return context

    @path("")
    def archive(self, request):
        return self.render(request)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        return ArchiveFeed(self, Rss201rev2Feed)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return ArchiveFeed(self, Atom1Feed)(request)


class NewsletterPageQuerySet(PageQuerySet):
    def archived(self):
        """Live, public newsletters, newest first: what the archive and its feeds list."""
        return self.live().public().order_by("-first_published_at", "-pk")


NewsletterPageManager = PageManager.from_queryset(NewsletterPageQuerySet)


class NewsletterPage(BasePage):
    """One newsletter: its subject, preheader and e-mail-safe body."""

    subject = models.CharField(
        _("Oggetto dell'e-mail"),
        max_length=150,
        blank=True,
        help_text=_("Lascia vuoto per usare il titolo della pagina."),
    )
    preheader = models.CharField(
        _("Anteprima del testo"),
        max_length=200,
        blank=True,
        help_text=_(
            "Una frase che molti programmi di posta mostrano accanto all'oggetto. "
            "Non compare nel corpo del messaggio."
        ),
    )
    body = StreamField(NewsletterStreamBlock(), verbose_name=_("Contenuto"))
    lenses = ParentalManyToManyField(
        "program.Lens",
        verbose_name=_("Lenti"),
        blank=True,
        related_name="newsletter_pages",
    )

    objects = NewsletterPageManager()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("subject"), FieldPanel("preheader")], heading=_("E-mail")),
        FieldPanel("body"),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("subject", boost=2),
        index.SearchField("preheader"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("first_published_at"),
        index.FilterField("lenses"),
    ]

    # Lenses are shared by every language: a translated newsletter carries the same ones.
    override_translatable_fields = [SynchronizedField("lenses")]

    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    preview_modes = [
        ("", _("Pagina web")),
        ("email", _("E-mail")),
        ("text", _("Testo semplice")),
    ]

    class Meta:
        verbose_name = _("Newsletter")
        verbose_name_plural = _("Newsletter")

    @property
    def subject_line(self):
        return self.subject or self.title

    def get_meta_description(self):
        return self.search_description or self.preheader

    @property
    def archive_date(self):
        return self.first_published_at

    def render_email(self, request=None, *, test=False):
        from .rendering import render_newsletter

        return render_newsletter(self, request=request, test=test)

    def serve_preview(self, request, mode_name):
        if mode_name not in {"email", "text"}:
            return super().serve_preview(request, mode_name)
        rendered = self.render_email(request)
        html, text = rendered.personalise(unsubscribe_url="#", manage_url="#")
        if mode_name == "text":
            # gettext outside the f-string: makemessages does not look inside f-strings.
            label = _("Oggetto")
            body = f"{label}: {rendered.subject}\n\n{text}"
            return HttpResponse(body, content_type="text/plain; charset=utf-8")
        return HttpResponse(html, content_type="text/html; charset=utf-8")


class ArchiveFeed(Feed):
    """RSS 2.0 or Atom 1.0 feed of the newsletters in one archive."""

    def __init__(self, index_page, feed_type):
        super().__init__()
        self.index_page = index_page
        self.feed_type = feed_type

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_full_url() or settings.WAGTAILADMIN_BASE_URL

    def description(self):
        return self.index_page.intro or self.index_page.title

    subtitle = description

    def feed_url(self):
        return self.link()

    def items(self):
        return self.index_page.issues()[:FEED_ITEMS]

    def item_title(self, item):
        return item.subject_line

    def item_description(self, item):
        return item.preheader or item.search_description or ""

    def item_link(self, item):
        return item.get_full_url()

    def item_pubdate(self, item):
        return item.archive_date

    def item_updateddate(self, item):
        return item.last_published_at
