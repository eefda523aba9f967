"""The electoral and mandate program: themes, their commitments and how they are progressing."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail_localize.fields import SynchronizedField

from home.blocks import BaseStreamBlock
from home.models import BasePage
from program.blocks import CommitmentBlock, ProgressNoteBlock


class ProgramPageForm(WagtailAdminPageForm):
    """Refuses two themes with the same anchor: links to the second would open the first."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("themes")
        if formset is None:
            return cleaned_data
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            anchor = form.cleaned_data.get("slug") or slugify(form.cleaned_data.get("title", ""))
            if anchor in seen:
                form.add_error(
                    "slug", _("Un altro tema usa già questa ancora: scegline una diversa.")
                )
            seen.add(anchor)
        return cleaned_data


class ProgramPage(BasePage):
    """A program (the 2024 electoral and mandate program): an introduction and its themes.

    Visitors can narrow the themes to one lens (``?lente=<slug>``, no JavaScript needed); each
    theme has an anchor (``#<slug>``) that lens pages link to.
    """

    base_form_class = ProgramPageForm

    intro = models.TextField(_("Introduzione"), max_length=800)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Testo introduttivo"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Programma completo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Il documento da scaricare, per esempio il PDF presentato alle elezioni."),
    )
    document_title = models.CharField(
        _("Titolo del documento"),
        max_length=200,
        blank=True,
        help_text=_("Lascia vuoto per «Scarica il programma completo»."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("document_title")],
            heading=_("Programma completo"),
        ),
        InlinePanel("themes", label=_("Tema"), heading=_("Temi"), min_num=1),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.RelatedFields(
            "themes",
            [
                index.SearchField("title"),
                index.SearchField("summary"),
                index.SearchField("commitments"),
                index.SearchField("progress"),
            ],
        ),
        index.AutocompleteField("title"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Programma")
        verbose_name_plural = _("Programmi")

    def get_meta_description(self):
        return self.search_description or self.intro

    @cached_property
    def theme_list(self):
        return list(self.themes.all())

    def themes_with_lens(self, lens):
        """The themes carrying ``lens`` (or a translation of it), in editor order."""
        return [
            theme
            for theme in self.theme_list
            if any(own.translation_key == lens.translation_key for own in theme.lenses.all())
        ]

    def get_context(self, request, *args, **kwargs):
        from program.lenses import attach_badge_lenses, localize_lenses
        from program.models import Lens

        context = super().get_context(request, *args, **kwargs)
        themes = self.theme_list
        if not getattr(request, "is_preview", False):
            # The lenses of every theme in one query (a preview reads them from the draft).
            models.prefetch_related_objects(themes, "lenses")
        attach_badge_lenses(themes, self.locale_id)
        used = {lens.translation_key for theme in themes for lens in theme.lenses.all()}
        lenses = [
            lens
            for lens in localize_lenses(Lens.objects.all(), self.locale_id)
            if lens.translation_key in used
        ]
        chosen = None
        slug = request.GET.get("lente")
        if slug:
            chosen = next((lens for lens in lenses if lens.slug == slug), None)
        shown = self.themes_with_lens(chosen) if chosen else themes
        context.update(
            {
                "theme_lenses": lenses,
                "chosen_lens": chosen,
                "unknown_lens": bool(slug) and chosen is None,
                "themes": shown,
            }
        )
        return context


class ProgramTheme(TranslatableMixin, ClusterableModel, Orderable):
    """A theme of the program ("Una città giusta"): commitments, lenses and dated progress.

    Translated with the program page; the anchor stays the same in every language (lens pages
    link to it) and so do the lenses.
    """

    page = ParentalKey(ProgramPage, related_name="themes", on_delete=models.CASCADE)
    title = models.CharField(_("Titolo"), max_length=200)
    slug = models.SlugField(
        _("Ancora"),
        max_length=80,
        blank=True,
        help_text=_("La parte dopo # nell'indirizzo; lascia vuoto per ricavarla dal titolo."),
    )
    summary = models.TextField(_("Sintesi"), max_length=1200)
    lenses = ParentalManyToManyField(
        "program.Lens", verbose_name=_("Lenti"), blank=True, related_name="program_themes"
    )
    commitments = StreamField(
        [("commitment", CommitmentBlock())], verbose_name=_("Impegni"), blank=True
    )
    progress = StreamField(
        [("note", ProgressNoteBlock())],
        verbose_name=_("A che punto siamo"),
        blank=True,
        help_text=_(
            "Aggiungi un aggiornamento datato ogni volta che c'è una novità: "
            "i visitatori li vedono dal più recente."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
        FieldPanel("commitments"),
        FieldPanel("progress"),
    ]

    override_translatable_fields = [
        SynchronizedField("slug", overridable=False),
        SynchronizedField("lenses"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Tema")
        verbose_name_plural = _("Temi")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.title)[:80]
        if not self.slug:
            raise ValidationError({"slug": _("Scrivi un'ancora fatta di lettere e numeri.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80]
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return self.slug or slugify(self.title)

    def progress_notes(self):
        """The progress notes, most recent first."""
        return sorted(self.progress, key=lambda block: block.value["date"], reverse=True)

    @property
    def last_progress_date(self):
        notes = self.progress_notes()
        return notes[0].value["date"] if notes else None
