"""Home page, text pages and the site-wide settings."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

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
        """Featured pages that are live in this page's language, in editor order.

        A translated home page keeps pointing at the pages the Italian one features (links
        to pages are synchronised): each is shown in its translation, and left out where it
        has none, so that an English home page lists English pages only.
        """
        items = list(self.featured_items.select_related("page"))
        candidates = [item.page for item in items if item.page and item.page.live]
        foreign_keys = {page.translation_key for page in candidates}
        shown = {
            page.translation_key: page
            for page in Page.objects.live()
            .filter(translation_key__in=foreign_keys, locale_id=self.locale_id)
            .specific()
            .defer_streamfields()
        }
        featured = []
        for item in items:
            page = shown.get(item.page.translation_key) if item.page else None
            if page is None:
                continue
            featured.append(
                {
                    "page": page,
                    "title": item.title or page.title,
                    "summary": item.summary or page.search_description,
                }
            )
        return featured


class HomePageFeaturedItem(TranslatableMixin, Orderable):
    """A page editors put on the home page, optionally with their own title and summary.

    Translatable with the home page: title and summary are translated, the page is shown in
    the home page's language.
    """

    home_page = ParentalKey(HomePage, related_name="featured_items", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("Pagina"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("Titolo alternativo"), max_length=200, blank=True)
    summary = models.CharField(_("Sommario"), max_length=300, blank=True)

    panels = [PageChooserPanel("page"), FieldPanel("title"), FieldPanel("summary")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
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

    # Lenses are shared by every language: a translation carries the same ones.
    override_translatable_fields = [SynchronizedField("lenses")]

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


class SiteTexts(TranslatableMixin, models.Model):
    """The site-wide texts visitors read: motto, newsletter invitation, footer links, copyright.

    Site settings are one row per site and cannot be translated, so the words they used to
    hold live here, one copy per language, translated with wagtail-localize like any snippet
    (admin: Impostazioni → Testi del sito → Traduci). Links to pages are synchronised and
    shown in the visitor's language.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("Sito"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    tagline = models.CharField(_("Motto"), max_length=200, blank=True)
    newsletter_cta_title = models.CharField(
        _("Titolo dell'invito alla newsletter"), max_length=120, blank=True
    )
    newsletter_cta_text = models.TextField(
        _("Testo dell'invito alla newsletter"), blank=True, max_length=400
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())], verbose_name=_("Collegamenti nel piè di pagina"), blank=True
    )
    copyright_line = models.CharField(_("Riga del copyright"), max_length=200, blank=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel("newsletter_cta_title"), FieldPanel("newsletter_cta_text")],
            heading=_("Newsletter"),
        ),
        FieldPanel("footer_links"),
        FieldPanel("copyright_line"),
    ]

    override_translatable_fields = [SynchronizedField("site", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Testi del sito")
        verbose_name_plural = _("Testi del sito")
        constraints = [
            models.UniqueConstraint(fields=["site", "locale"], name="home_sitetexts_one_per_locale")
        ]

    def __str__(self):
        return str(_("Testi del sito %(site)s") % {"site": self.site.site_name or self.site})

    @classmethod
    def for_site(cls, site, locale_id=None):
        """The texts of ``site`` (a site or its id) in ``locale_id`` (the active language when
        ``None``).

        Falls back to the default language's texts, then to ``None``. Read once per content
        generation (saving a snippet starts a new one), so pages pay no query for them.
        """
        from django.core.cache import cache

        from home import page_cache
        from home.translation import active_locale_id

        site_id = getattr(site, "pk", site)
        if site_id is None:
            return None
        if locale_id is None:
            locale_id = active_locale_id()
        key = f"home:site-texts:{page_cache.current_generation()}:{site_id}:{locale_id}"
        found = cache.get(key, _MISSING)
        if found is _MISSING:
            candidates = {
                texts.locale_id: texts
                for texts in cls.objects.filter(site_id=site_id).select_related("locale")
            }
            found = candidates.get(locale_id) or next(
                (
                    texts
                    for texts in candidates.values()
                    if texts.locale.language_code == settings.LANGUAGE_CODE
                ),
                None,
            )
            cache.set(key, found, None if found is None else 3600)
        return found


_MISSING = object()

# What the site chrome reads of SiteTexts; loaded with the site settings in the same query.
_CHROME_TEXT_FIELDS = [
    "id",
    "translation_key",
    "locale_id",
    "tagline",
    "newsletter_cta_title",
    "newsletter_cta_text",
    "footer_links",
    "copyright_line",
]


def _chrome_annotations(language):
    """Subqueries that load, with the site settings, the site's texts in ``language`` (else in
    the default language) and the id of that language's locale.

    Every page shows the footer, the newsletter invitation and the organisation's metadata: one
    query for all of it, whether the caches are warm or cold.
    """
    from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When

    from wagtail.models import Locale

    texts = (
        SiteTexts.objects.filter(
            site_id=OuterRef("site_id"),
            locale__language_code__in={language, settings.LANGUAGE_CODE},
        )
        .annotate(
            _preference=Case(
                When(locale__language_code=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_preference")
    )
    annotations = {
        f"_chrome_texts_{name}": Subquery(texts.values(name)[:1]) for name in _CHROME_TEXT_FIELDS
    }
    annotations["_chrome_locale_id"] = Subquery(
        Locale.objects.filter(language_code=language).values("pk")[:1]
    )
    return annotations


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who the organisation is and how to reach it; read once per request.

    Nothing here is written in a language: names, addresses, links. The texts visitors read
    are in ``SiteTexts``, translated per language; linked pages are shown in their
    translation (``legal_pages``, ``localized``).
    """

    select_related = [
        "logo",
        "privacy_page",
        "cookie_page",
        "transparency_page",
        "accessibility_page",
    ]

    organisation_name = models.CharField(_("Nome dell'organizzazione"), max_length=120)
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

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("logo"),
                FieldPanel("contact_email"),
                FieldPanel("postal_address"),
            ],
            heading=_("Organizzazione"),
            help_text=_(
                "Motto, invito alla newsletter, collegamenti del piè di pagina e copyright sono "
                "in «Testi del sito», da tradurre in ogni lingua."
            ),
        ),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("cookie_page"),
                FieldPanel("transparency_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pagine legali"),
            help_text=_("Scegli le pagine in italiano: ogni lingua mostra la sua traduzione."),
        ),
    ]

    class Meta:
        verbose_name = _("Impostazioni del sito")

    def __str__(self):
        return self.organisation_name or str(_("Impostazioni del sito"))

    @classmethod
    def base_queryset(cls):
        """With the texts of the active language and its locale id (``_chrome_annotations``)."""
        from django.utils.translation import get_language

        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        queryset = super().base_queryset().annotate(**_chrome_annotations(language))
        return queryset.annotate(_chrome_language=models.Value(language))

    @classmethod
    def for_site(cls, site):
        from home.translation import remember_locale_id

        instance = super().for_site(site)
        language = instance.__dict__.get("_chrome_language")
        if language:
            remember_locale_id(language, instance._chrome_locale_id)
        return instance

    def _chrome_texts(self):
        """The ``SiteTexts`` loaded with these settings, ``None`` when the site has none, or
        ``_MISSING`` when they were not loaded for the active language."""
        from django.utils.translation import get_language

        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if self.__dict__.get("_chrome_language") != language:
            return _MISSING
        if "_chrome_built_texts" not in self.__dict__:
            values = {name: getattr(self, f"_chrome_texts_{name}") for name in _CHROME_TEXT_FIELDS}
            built = None
            if values["id"] is not None:
                built = SiteTexts(site_id=self.site_id, **values)
                built._state.adding = False
                built._state.db = self._state.db
            self._chrome_built_texts = built
        return self._chrome_built_texts

    def localized(self, page, locale_id=None):
        """``page`` in ``locale_id`` (the active language) when it is translated and live.

        Legal pages must always be reachable, so an untranslated one stays in Italian.
        """
        from home.translation import active_locale_id, localize_page

        if page is None:
            return None
        if locale_id is None:
            locale_id = active_locale_id()
        cache = self.__dict__.setdefault("_localized_pages", {})
        key = (page.pk, locale_id)
        if key not in cache:
            cache[key] = localize_page(page, locale_id) if locale_id else page
        return cache[key]

    def legal_pages_for(self, locale_id=None):
        """The legal pages that are set and live, in footer order, in the given language."""
        from home.translation import active_locale_id, live_translations

        if locale_id is None:
            locale_id = active_locale_id()
        candidates = [
            page
            for page in (
                self.privacy_page,
                self.cookie_page,
                self.transparency_page,
                self.accessibility_page,
            )
            if page is not None and page.live
        ]
        cache = self.__dict__.setdefault("_legal_pages", {})
        if locale_id not in cache:
            foreign = [page for page in candidates if page.locale_id != locale_id]
            translations = live_translations(foreign, locale_id) if foreign and locale_id else {}
            cache[locale_id] = [translations.get(page.translation_key, page) for page in candidates]
        return cache[locale_id]

    @property
    def legal_pages(self):
        """The legal pages in the active language (untranslated ones in Italian)."""
        return self.legal_pages_for()

    @property
    def legal_links(self):
        """``(page, lang)`` for the footer: ``lang`` names the language of a page shown
        untranslated (``""`` when it is in the active language)."""
        from home.translation import active_locale_id

        locale_id = active_locale_id()
        return [
            (page, "" if page.locale_id == locale_id else settings.LANGUAGE_CODE)
            for page in self.legal_pages_for(locale_id)
        ]

    @property
    def localized_privacy_page(self):
        """The live privacy page in the active language, else the Italian one, else ``None``."""
        page = self.localized(self.privacy_page)
        return page if page is not None and page.live else None

    @property
    def texts(self):
        """This site's ``SiteTexts`` in the active language, else in Italian, else ``None``.

        Loaded with the settings themselves (no query of its own); ``SiteTexts.for_site``
        when the settings were read some other way.
        """
        texts = self._chrome_texts()
        return SiteTexts.for_site(self.site_id) if texts is _MISSING else texts


from . import translation  # noqa: E402, F401  (connects the translation follow-up receivers)
