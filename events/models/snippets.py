"""Reusable pieces of events: where they happen and what kind they are."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

OSM_ZOOM = 17


class Venue(TranslatableMixin, index.Indexed, models.Model):
    """A place where events happen, chosen again and again (a hall, a square, a centre).

    Coordinates are optional: without them the event page shows the address and says that
    the map is not available. Translatable (wagtail-localize): the name and the accessibility
    notes are translated, the address and coordinates are synchronised. Translating an event
    translates its venue too, and the English event points at the English venue.
    """

    name = models.CharField(_("Nome"), max_length=200)
    address = models.CharField(_("Indirizzo"), max_length=250, blank=True)
    postal_code = models.CharField(_("CAP"), max_length=10, blank=True)
    city = models.CharField(_("Città"), max_length=120, default="Rovereto")
    latitude = models.DecimalField(
        _("Latitudine"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Longitudine"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility = models.CharField(
        _("Accessibilità"),
        max_length=300,
        blank=True,
        help_text=_("Es. ingresso senza gradini, bagno accessibile, anello magnetico."),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Indirizzo"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Coordinate (facoltative)"),
            help_text=_(
                "Servono per la mappa. Le trovi su OpenStreetMap: clic destro sul luogo, "
                '"Mostra indirizzo".'
            ),
        ),
        FieldPanel("accessibility"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("address"),
        index.SearchField("city"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    override_translatable_fields = [
        SynchronizedField("address"),
        SynchronizedField("postal_code"),
        SynchronizedField("city"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Luogo")
        verbose_name_plural = _("Luoghi")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city else self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {
                    "longitude": _(
                        "Indica sia la latitudine sia la longitudine, o nessuna delle due."
                    )
                }
            )

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def full_address(self):
        """One line: street, postal code and city."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.address, locality) if part)

    @property
    def osm_url(self):
        """A link to the place on OpenStreetMap (a plain link: nothing loads until followed)."""
        if self.has_coordinates:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map={OSM_ZOOM}/{self.latitude}/{self.longitude}"
            )
        from urllib.parse import urlencode

        return "https://www.openstreetmap.org/search?" + urlencode(
            {"query": ", ".join(part for part in (self.name, self.full_address) if part)}
        )


class EventCategory(TranslatableMixin, index.Indexed, models.Model):
    """A kind of event (assembly, webinar, neighbourhood lab…), used to filter the calendar."""

    name = models.CharField(_("Nome"), max_length=80)
    slug = models.SlugField(
        _("Slug"),
        max_length=80,
        allow_unicode=False,
        help_text=_("Compare negli indirizzi dei filtri e dei calendari: es. assemblee."),
    )
    description = models.CharField(_("Descrizione"), max_length=250, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Categoria di eventi")
        verbose_name_plural = _("Categorie di eventi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="events_category_slug_locale")
        ]

    def __str__(self):
        return self.name
