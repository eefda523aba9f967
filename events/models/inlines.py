"""What an event lists inline: speakers, live-stream links and documents, in editor order.

All three are translated with their event (wagtail-localize): roles, link texts and document
titles are translated, names, addresses and files are synchronised.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable, TranslatableMixin

from modelcluster.fields import ParentalKey
from wagtail_localize.fields import SynchronizedField

from events.streaming import platform_for, stream_label


class EventSpeaker(TranslatableMixin, Orderable):
    """Someone who speaks at an event, in programme order; moderators are flagged."""

    page = ParentalKey("events.EventPage", related_name="speakers", on_delete=models.CASCADE)
    name = models.CharField(_("Nome"), max_length=200)
    role = models.CharField(_("Ruolo"), max_length=200, blank=True)
    affiliation = models.CharField(_("Organizzazione"), max_length=200, blank=True)
    person_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Pagina della persona"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_moderator = models.BooleanField(
        _("Modera"), default=False, help_text=_('Compare come "Introduce e modera".')
    )

    # A person's name is the same in every language (a translator may still adapt it).
    override_translatable_fields = [SynchronizedField("name")]

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("affiliation")]),
        PageChooserPanel("person_page"),
        FieldPanel("is_moderator"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Intervento")
        verbose_name_plural = _("Interventi")

    def __str__(self):
        return self.name

    @property
    def description(self):
        """Role and organisation on one line ("Community manager, Beeozanam")."""
        return ", ".join(part for part in (self.role, self.affiliation) if part)


class EventStreamLink(TranslatableMixin, Orderable):
    """Where to follow an event live; the platform is recognised from the address."""

    page = ParentalKey("events.EventPage", related_name="stream_links", on_delete=models.CASCADE)
    url = models.URLField(_("Indirizzo della diretta"))
    label = models.CharField(
        _("Testo del collegamento"),
        max_length=100,
        blank=True,
        help_text=_('Lascia vuoto per "Diretta su YouTube", "Diretta su Facebook"…'),
    )

    panels = [FieldPanel("url"), FieldPanel("label")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Diretta online")
        verbose_name_plural = _("Dirette online")

    def __str__(self):
        return self.display_label

    @property
    def platform(self):
        return platform_for(self.url)

    @property
    def display_label(self):
        return stream_label(self.url, self.label)


class EventDocument(TranslatableMixin, Orderable):
    """The programme or another document to download."""

    page = ParentalKey("events.EventPage", related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Documento"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("Titolo da mostrare"),
        max_length=200,
        blank=True,
        help_text=_("Lascia vuoto per usare il titolo del documento."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Documento")
        verbose_name_plural = _("Documenti")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
