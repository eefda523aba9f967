"""Lenses: the four ways of looking at the city that every kind of content can carry."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField

from program.colours import HEX_COLOUR, text_colour_for

ICON_CHOICES = [
    ("scales", _("Bilancia")),
    ("heart", _("Cuore")),
    ("leaf", _("Foglia")),
    ("people", _("Persone")),
    ("circle", _("Cerchio")),
    ("spark", _("Scintilla")),
]

hex_colour_validator = RegexValidator(
    HEX_COLOUR, _("Scrivi il colore in esadecimale, con sei cifre: per esempio #1f5f5b.")
)


class Lens(TranslatableMixin, index.Indexed, models.Model):
    """A lens: a theme that cuts across pages, events, processes, council acts and newsletters."""

    name = models.CharField(_("Nome"), max_length=80)
    slug = models.SlugField(
        _("Slug"),
        max_length=80,
        allow_unicode=False,
        help_text=_("La parte dell'indirizzo della pagina della lente, per esempio «ecologia»."),
    )
    colour = models.CharField(
        _("Colore"),
        max_length=7,
        default="#1f5f5b",
        validators=[hex_colour_validator],
        help_text=_(
            "Sfondo dei bollini, in esadecimale (#rrggbb). Il colore del testo, nero o bianco, "
            "è scelto in automatico per restare sempre leggibile."
        ),
    )
    icon = models.CharField(_("Icona"), max_length=20, choices=ICON_CHOICES, default="circle")
    short_description = models.CharField(
        _("Descrizione breve"),
        max_length=200,
        help_text=_("Una frase: appare sulle schede e sotto il titolo della pagina della lente."),
    )
    description = RichTextField(
        _("Descrizione"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "h3"],
    )
    sort_order = models.PositiveSmallIntegerField(
        _("Ordine"), default=0, help_text=_("Le lenti appaiono dalla più bassa alla più alta.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_description"),
        FieldPanel("description"),
        FieldPanel("colour"),
        FieldPanel("icon"),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("short_description", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("slug"),
    ]

    # The colour (free text with a pattern) is the same in every language; name, slug and
    # descriptions are translated.
    override_translatable_fields = [SynchronizedField("colour", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Lente")
        verbose_name_plural = _("Lenti")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="program_lens_unique_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.colour = self.colour.lower()
        super().save(*args, **kwargs)

    @property
    def text_colour(self):
        """Black or white, whichever reads better on the lens colour (at least 4.5:1)."""
        return text_colour_for(self.colour)

    @property
    def on_dark(self):
        return self.text_colour == "#ffffff"
