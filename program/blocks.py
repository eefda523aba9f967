"""Blocks of the program app: the structured sections of a process, commitments, progress notes.

The process sections follow the way a participatory path is usually presented (keywords,
objectives, places, tools, actors, expected results): each has its own block, with a heading
that defaults to the usual one, so pages look alike while editors choose which sections to use
and in which order. The shared ``KeywordsBlock`` serves the keywords.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import KeywordsBlock, LinkBlock


class ListSectionBlock(blocks.StructBlock):
    """A section that is a short list: objectives, tools, actors."""

    heading = blocks.CharBlock(label=_("Titolo"), max_length=120)
    intro = blocks.TextBlock(label=_("Introduzione"), required=False, max_length=600)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Voci"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "program/blocks/list_section.html"


class TextSectionBlock(blocks.StructBlock):
    """A section that is a paragraph or two: places."""

    heading = blocks.CharBlock(label=_("Titolo"), max_length=120)
    text = blocks.RichTextBlock(label=_("Testo"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "pilcrow"
        template = "program/blocks/text_section.html"


class ResultBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Risultato"), max_length=120)
    text = blocks.TextBlock(label=_("Descrizione"), required=False, max_length=600)


class ResultsSectionBlock(blocks.StructBlock):
    """Expected results, each a short title with a sentence ("Tessere relazioni: …")."""

    heading = blocks.CharBlock(label=_("Titolo"), max_length=120)
    results = blocks.ListBlock(ResultBlock(), label=_("Risultati"), min_num=1)

    class Meta:
        icon = "tick-inverse"
        template = "program/blocks/results_section.html"


def _heading(default):
    return blocks.CharBlock(label=_("Titolo"), max_length=120, default=default)


class ObjectivesBlock(ListSectionBlock):
    heading = _heading(_("Obiettivi"))

    class Meta:
        label = _("Obiettivi")


class PlacesBlock(TextSectionBlock):
    heading = _heading(_("Luoghi"))

    class Meta:
        label = _("Luoghi")


class ToolsBlock(ListSectionBlock):
    heading = _heading(_("Strumenti"))

    class Meta:
        label = _("Strumenti")


class ActorsBlock(ListSectionBlock):
    heading = _heading(_("Attori"))

    class Meta:
        label = _("Attori")


class ExpectedResultsBlock(ResultsSectionBlock):
    heading = _heading(_("Risultati attesi"))

    class Meta:
        label = _("Risultati attesi")


class ProcessSectionsBlock(blocks.StreamBlock):
    """The structured sections of a participatory process, each at most once."""

    keywords = KeywordsBlock(label=_("Parole chiave"))
    objectives = ObjectivesBlock()
    places = PlacesBlock()
    tools = ToolsBlock()
    actors = ActorsBlock()
    results = ExpectedResultsBlock()

    class Meta:
        block_counts = {
            name: {"max_num": 1}
            for name in ("keywords", "objectives", "places", "tools", "actors", "results")
        }


# --- Program ---------------------------------------------------------------------------------


class CommitmentBlock(blocks.StructBlock):
    """One commitment of a program theme."""

    text = blocks.CharBlock(label=_("Impegno"), max_length=300)
    detail = blocks.TextBlock(label=_("Dettagli"), required=False, max_length=800)

    class Meta:
        icon = "tick"
        label = _("Impegno")


class OptionalLinkBlock(LinkBlock):
    """A link to a page or an external address, or nothing at all."""

    def clean(self, value):
        if not value.get("page") and not value.get("url"):
            return blocks.StructBlock.clean(self, value)
        return super().clean(value)

    class Meta:
        required = False


class ProgressNoteBlock(blocks.StructBlock):
    """What has happened on a theme, dated: editors add one whenever there is news."""

    date = blocks.DateBlock(label=_("Data"))
    text = blocks.RichTextBlock(label=_("Che cosa è successo"), features=["bold", "italic", "link"])
    link = OptionalLinkBlock(label=_("Per saperne di più"))

    class Meta:
        icon = "date"
        label = _("Aggiornamento")
