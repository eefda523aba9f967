"""Home page, text pages and the site-wide settings."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from .blocks import BaseStreamBlock, LinkBlock
from .legal import LegalTextVersion  # noqa: F401  (model registered with the app)


class BasePage(Page):
    """Behaviour shared by every public page type of the site."""

    og_type = "article"

    class Meta:
        abstract = True

    @property
    def last_updated(self):
        """When the live version was published: every content page shows it."""
        return self.last_published_at or self.first_published_at

    def get_meta_description(self):
        return self.search_description or getattr(self, "intro", "") or ""

    def get_social_image(self):
        """The image shown when the page is shared (Open Graph); the logo when ``None``."""
        return None


class HomePage(BasePage):
    """The front page: a hero, the pages editors feature, and slots other apps fill."""

    og_type = "website"

    hero_intro = models.TextField(_("Introduzione"), blank=True, max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Immagine principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("Testo alternativo dell'immagine"),
        max_length=250,
        blank=True,
        help_text=_("Descrive l'immagine a chi non la vede. Obbligatorio se c'è un'immagine."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Contenuto"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_intro"), FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Apertura"),
        ),
        InlinePanel("featured_items", label=_("In evidenza"), max_num=6),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Pagina iniziale")
        verbose_name_plural = _("Pagine iniziali")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Scrivi un testo alternativo per l'immagine principale.")}
            )

    def get_meta_description(self):
        return self.search_description or self.hero_intro

    def get_social_image(self):
        return self.hero_image

    def get_featured_items(self):
        """Featured pages that are live, with their specific data, in editor order."""
        items = list(self.featured_items.select_related("page"))
        live_ids = {item.page_id for item in items if item.page and item.page.live}
        specific = {
            page.pk: page
            for page in Page.objects.filter(pk__in=live_ids).specific().defer_streamfields()
        }
        return [
            {
                "page": specific[item.page_id],
                "title": item.title or specific[item.page_id].title,
                "summary": item.summary or specific[item.page_id].search_description,
            }
            for item in items
            if item.page_id in specific
        ]


class HomePageFeaturedItem(Orderable):
    """A page editors put on the home page, optionally with their own title and summary."""

    home_page = ParentalKey(HomePage, related_name="featured_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("Pagina"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("Titolo alternativo"), max_length=200, blank=True)
    summary = models.CharField(_("Sommario"), max_length=300, blank=True)

    panels = [PageChooserPanel("page"), FieldPanel("title"), FieldPanel("summary")]

    class Meta(Orderable.Meta):
        verbose_name = _("Pagina in evidenza")
        verbose_name_plural = _("Pagine in evidenza")


class StandardPage(BasePage):
    """A text page: the group's story, "Chi siamo", privacy and cookie policies and the like."""

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Contenuto"), blank=True)
    lenses = ParentalManyToManyField(
        "program.Lens",
        verbose_name=_("Lenti"),
        blank=True,
        related_name="standard_pages",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("lenses"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("Pagina di testo")
        verbose_name_plural = _("Pagine di testo")


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        label=_("Piattaforma"),
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("mastodon", "Mastodon"),
            ("telegram", "Telegram"),
            ("whatsapp", "WhatsApp"),
            ("linkedin", "LinkedIn"),
            ("other", _("Altro")),
        ],
    )
    url = blocks.URLBlock(label=_("Indirizzo"))


class FooterLinkBlock(LinkBlock):
    text = blocks.CharBlock(label=_("Testo"), max_length=80)


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who the organisation is and how to reach it; read once per request."""

    select_related = [
        "logo",
        "privacy_page",
        "cookie_page",
        "transparency_page",
        "accessibility_page",
    ]

    organisation_name = models.CharField(_("Nome dell'organizzazione"), max_length=120)
    tagline = models.CharField(_("Motto"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("E-mail di contatto"), blank=True)
    postal_address = models.TextField(
        _("Indirizzo"),
        blank=True,
        help_text=_("Appare nel piè di pagina e in fondo a ogni newsletter."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("Profili social"), blank=True
    )
    copyright_line = models.CharField(_("Riga del copyright"), max_length=200, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Informativa privacy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cookie_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Cookie policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transparency_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Trasparenza"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Dichiarazione di accessibilità"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())], verbose_name=_("Collegamenti nel piè di pagina"), blank=True
    )
    newsletter_cta_title = models.CharField(
        _("Titolo dell'invito alla newsletter"), max_length=120, blank=True
    )
    newsletter_cta_text = models.TextField(
        _("Testo dell'invito alla newsletter"), blank=True, max_length=400
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
                FieldPanel("contact_email"),
                FieldPanel("postal_address"),
                FieldPanel("copyright_line"),
            ],
            heading=_("Organizzazione"),
        ),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("cookie_page"),
                FieldPanel("transparency_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("footer_links"),
            ],
            heading=_("Pagine legali e piè di pagina"),
        ),
        MultiFieldPanel(
            [FieldPanel("newsletter_cta_title"), FieldPanel("newsletter_cta_text")],
            heading=_("Newsletter"),
        ),
    ]

    class Meta:
        verbose_name = _("Impostazioni del sito")

    def __str__(self):
        return self.organisation_name or str(_("Impostazioni del sito"))

    @cached_property
    def legal_pages(self):
        """The legal pages that are set and live, in footer order."""
        candidates = [
            self.privacy_page,
            self.cookie_page,
            self.transparency_page,
            self.accessibility_page,
        ]
        return [page for page in candidates if page is not None and page.live]
