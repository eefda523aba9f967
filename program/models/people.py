"""People: who the group's councillors, spokespeople and coordinators are."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from home.models import BasePage, SocialLinkBlock

PHOTO_FILTER = "fill-320x320|format-webp"


class PersonRole(models.TextChoices):
    COUNCILLOR = "councillor", _("Consiglier* comunale")
    SPOKESPERSON = "spokesperson", _("Portavoce")
    COORDINATION = "coordination", _("Coordinamento")
    OTHER = "other", _("Altro ruolo")


# Headings of the groups on the people page, in the order they appear.
ROLE_GROUP_HEADINGS = {
    PersonRole.COUNCILLOR: _("In consiglio comunale"),
    PersonRole.SPOKESPERSON: _("Portavoce"),
    PersonRole.COORDINATION: _("Coordinamento"),
    PersonRole.OTHER: _("Nel gruppo"),
}


class PersonPageQuerySet(PageQuerySet):
    def in_office(self, today=None):
        """People whose term has started and has not ended (or has no end yet)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(term_start__isnull=True) | Q(term_start__lte=today),
            Q(term_end__isnull=True) | Q(term_end__gte=today),
        )

    def former(self, today=None):
        """People whose term has ended."""
        return self.filter(term_end__lt=today or timezone.localdate())

    def for_listing(self):
        """Photos (with the rendition cards use) and lenses in a fixed number of queries."""
        images = get_image_model().objects.prefetch_renditions(PHOTO_FILTER)
        return self.prefetch_related(models.Prefetch("photo", queryset=images), "lenses")


PersonPageManager = PageManager.from_queryset(PersonPageQuerySet)


class PeopleIndexPage(BasePage):
    """ "Chi siamo in consiglio": the people of the group, grouped by role."""

    intro = models.TextField(_("Introduzione"), blank=True, max_length=600)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["program.PersonPage"]

    class Meta:
        verbose_name = _("Pagina delle persone")
        verbose_name_plural = _("Pagine delle persone")

    def get_meta_description(self):
        return self.search_description or self.intro

    def people(self):
        return PersonPage.objects.child_of(self).live().public()

    def groups(self, today=None):
        """People in office by role (in the order of ``ROLE_GROUP_HEADINGS``), then former ones.

        Within a group people keep the order editors gave the pages in the admin.
        """
        from program.lenses import attach_badge_lenses

        today = today or timezone.localdate()
        people = attach_badge_lenses(
            self.people().defer_streamfields().for_listing().order_by("path"), self.locale_id
        )
        groups = []
        for role, heading in ROLE_GROUP_HEADINGS.items():
            members = [
                person for person in people if person.role == role and person.in_office(today)
            ]
            if members:
                groups.append({"key": role.value, "heading": heading, "people": members})
        former = [person for person in people if person.has_left(today)]
        if former:
            groups.append(
                {"key": "former", "heading": _("Hanno fatto parte del gruppo"), "people": former}
            )
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.groups()
        return context


class PersonPage(BasePage):
    """A person of the group: role, photo, short biography, lenses, contacts and term of office.

    The page lists the council acts they signed.
    """

    og_type = "profile"

    role = models.CharField(
        _("Ruolo"), max_length=20, choices=PersonRole.choices, default=PersonRole.COUNCILLOR
    )
    role_label = models.CharField(
        _("Ruolo come viene mostrato"),
        max_length=120,
        blank=True,
        help_text=_("Facoltativo, per esempio «Consigliera comunale, capogruppo»."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("Testo alternativo della foto"),
        max_length=250,
        blank=True,
        help_text=_(
            "Per esempio «Ritratto di Anna sorridente, all'aperto». Obbligatorio con la foto."
        ),
    )
    short_bio = models.TextField(
        _("Biografia breve"),
        max_length=600,
        help_text=_("Due o tre frasi: compaiono anche nella pagina delle persone."),
    )
    bio = RichTextField(_("Biografia"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    lenses = ParentalManyToManyField(
        "program.Lens", verbose_name=_("Lenti"), blank=True, related_name="people"
    )
    email = models.EmailField(_("E-mail pubblica"), blank=True)
    phone = models.CharField(_("Telefono pubblico"), max_length=40, blank=True)
    links = StreamField([("link", SocialLinkBlock())], verbose_name=_("Profili e siti"), blank=True)
    term_start = models.DateField(_("Inizio del mandato"), null=True, blank=True)
    term_end = models.DateField(
        _("Fine del mandato"),
        null=True,
        blank=True,
        help_text=_("Lascia vuoto finché è in carica."),
    )

    objects = PersonPageManager()

    content_panels = [
        FieldPanel("title", heading=_("Nome e cognome")),
        FieldRowPanel([FieldPanel("role"), FieldPanel("role_label")]),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Foto")),
        FieldPanel("short_bio"),
        FieldPanel("bio"),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]), FieldPanel("links")],
            heading=_("Contatti pubblici"),
        ),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")], heading=_("Mandato")),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("role_label", boost=2),
        index.SearchField("short_bio"),
        index.SearchField("bio"),
        index.AutocompleteField("title"),
        index.FilterField("role"),
        index.FilterField("lenses"),
        index.FilterField("locale_id"),
    ]

    # Lenses are shared by every language; a telephone number is not text.
    override_translatable_fields = [SynchronizedField("lenses"), SynchronizedField("phone")]

    parent_page_types = ["program.PeopleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Persona")
        verbose_name_plural = _("Persone")

    def clean(self):
        super().clean()
        errors = {}
        if self.photo_id and not self.photo_alt.strip():
            errors["photo_alt"] = _("Scrivi un testo alternativo per la foto.")
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("La fine del mandato non può precedere l'inizio.")
        if errors:
            raise ValidationError(errors)

    def get_meta_description(self):
        return self.search_description or self.short_bio

    def get_social_image(self):
        return self.photo

    @property
    def role_display(self):
        return self.role_label or self.get_role_display()

    def in_office(self, today=None):
        today = today or timezone.localdate()
        started = self.term_start is None or self.term_start <= today
        return started and not self.has_left(today)

    def has_left(self, today=None):
        return self.term_end is not None and self.term_end < (today or timezone.localdate())

    def council_acts(self, limit=50):
        """The live council acts this person signed, most recent first, with their status."""
        from program.models import CouncilActPage

        return list(
            CouncilActPage.objects.live()
            .public()
            .filter(pk__in=CouncilActPage.objects.filter(signatories__person=self).values("pk"))
            .with_current_status()
            .for_listing()
            .order_by("-date_presented", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        from program.lenses import attach_badge_lenses
        from program.models import CouncilActIndexPage

        context = super().get_context(request, *args, **kwargs)
        acts = attach_badge_lenses(self.council_acts(), self.locale_id)
        index = (
            CouncilActIndexPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .order_by("path")
            .first()
            if acts
            else None
        )
        context.update(
            {
                "acts": acts,
                "acts_url": f"{index.get_url(request)}?persona={self.slug}" if index else None,
            }
        )
        return context
