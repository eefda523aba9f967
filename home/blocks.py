"""The shared StreamField block library.

Every page body on the site is built from ``BaseStreamBlock``; later apps extend it rather than
define their own copies of these blocks.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 by default (the page title is the only h1)."""

    text = blocks.CharBlock(label=_("Testo"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Livello"),
        choices=[
            ("h2", _("Titolo di sezione (H2)")),
            ("h3", _("Sottotitolo (H3)")),
            ("h4", _("Titoletto (H4)")),
        ],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Titolo")
        preview_value = {"text": "La nostra storia", "level": "h2"}
        description = _("Un titolo che apre una sezione della pagina.")


class CaptionedImageBlock(blocks.StructBlock):
    """An image with required alternative text (or an explicit 'decorative'), caption and credit."""

    image = ImageBlock(label=_("Immagine"))
    caption = blocks.CharBlock(label=_("Didascalia"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Crediti"), required=False, max_length=200)

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        missing_alt = not (getattr(image, "contextual_alt_text", "") or "").strip()
        if image is not None and not getattr(image, "decorative", False) and missing_alt:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "image": ValidationError(
                        _("Scrivi un testo alternativo o segna l'immagine come decorativa.")
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Immagine")
        description = _("Un'immagine con testo alternativo, didascalia e crediti.")


class QuoteBlock(blocks.StructBlock):
    """A quotation with its attribution."""

    text = blocks.TextBlock(label=_("Citazione"))
    attribution = blocks.CharBlock(label=_("Fonte o autore"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Citazione")
        preview_value = {
            "text": "Una città è collaborativa nella misura in cui fa insieme.",
            "attribution": "Officina Comune",
        }
        description = _("Una citazione in evidenza con la sua fonte.")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an external address (exactly one of the two)."""

    page = blocks.PageChooserBlock(label=_("Pagina del sito"), required=False)
    url = blocks.URLBlock(label=_("Indirizzo esterno"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Scegli una pagina del sito oppure scrivi un indirizzo esterno.")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = _("Collegamento")


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation with one button."""

    title = blocks.CharBlock(label=_("Titolo"), max_length=200)
    text = blocks.TextBlock(label=_("Testo"), required=False)
    button_text = blocks.CharBlock(label=_("Testo del pulsante"), max_length=80)
    link = LinkBlock(label=_("Destinazione"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Invito all'azione")
        description = _("Un riquadro in evidenza con un pulsante.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Documento"))
    title = blocks.CharBlock(
        label=_("Titolo da mostrare"),
        required=False,
        max_length=200,
        help_text=_("Lascia vuoto per usare il titolo del documento."),
    )


class DocumentListBlock(blocks.StructBlock):
    """A list of downloadable documents with their format and size."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label=_("Documenti"), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_list_block.html"
        label = _("Documenti da scaricare")


class ConsentEmbedBlock(blocks.StructBlock):
    """A third-party embed (video, map, post) that loads only after the visitor asks for it."""

    embed = EmbedBlock(label=_("Indirizzo del contenuto"))
    title = blocks.CharBlock(
        label=_("Titolo"),
        max_length=200,
        help_text=_("Descrive il contenuto a chi usa un lettore di schermo."),
    )
    provider_note = blocks.CharBlock(
        label=_("Fornitore"),
        required=False,
        max_length=100,
        help_text=_("Es. YouTube. Viene detto al visitatore prima di caricare il contenuto."),
    )

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        label = _("Contenuto incorporato")
        description = _("Nessun dato viene caricato dal fornitore finché il visitatore non clicca.")


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Domanda o titolo"), max_length=250)
    answer = blocks.RichTextBlock(
        label=_("Risposta"), features=["bold", "italic", "link", "ol", "ul"]
    )


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open one by one (native <details>, no JavaScript)."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Voci"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"
        label = _("Domande frequenti")


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Numero"), max_length=20)
    label = blocks.CharBlock(label=_("Descrizione"), max_length=120)


class KeyFiguresBlock(blocks.StructBlock):
    """A row of large numbers with short labels ("6 consiglier* comunali")."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Numeri"), min_num=1, max_num=6)

    class Meta:
        icon = "order"
        template = "blocks/key_figures_block.html"
        label = _("Numeri chiave")


class KeywordsBlock(blocks.StructBlock):
    """A list of keywords, shown as tags."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    keywords = blocks.ListBlock(
        blocks.CharBlock(max_length=80), label=_("Parole chiave"), min_num=1
    )

    class Meta:
        icon = "tag"
        template = "blocks/keywords_block.html"
        label = _("Parole chiave")


class TimelineEntryBlock(blocks.StructBlock):
    """A dated milestone: a date, or a date range, with an optional free-text date label."""

    start_date = blocks.DateBlock(label=_("Data (o inizio)"))
    end_date = blocks.DateBlock(label=_("Fine"), required=False)
    date_label = blocks.CharBlock(
        label=_("Data come testo"),
        required=False,
        max_length=80,
        help_text=_('Facoltativo, sostituisce la data mostrata: es. "fine settembre 2025".'),
    )
    title = blocks.CharBlock(label=_("Titolo"), max_length=200)
    text = blocks.RichTextBlock(
        label=_("Testo"), required=False, features=["bold", "italic", "link", "ul"]
    )

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_date"), value.get("end_date")
        if start and end and end < start:
            raise blocks.StructBlockValidationError(
                block_errors={"end_date": ValidationError(_("La fine non può precedere l'inizio."))}
            )
        return value


class TimelineBlock(blocks.StructBlock):
    """Dated milestones in chronological order, rendered as an ordered list."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    entries = blocks.ListBlock(TimelineEntryBlock(), label=_("Tappe"), min_num=1)

    class Meta:
        icon = "date"
        template = "blocks/timeline_block.html"
        label = _("Linea del tempo")
        description = _("Tappe datate: una data o un intervallo, un titolo e un testo.")


def newsletter_list_choices():
    """The public mailing lists, for the sign-up block (read when the editor opens the form)."""
    from newsletter.models import MailingList

    return [(str(item.pk), item.name) for item in MailingList.objects.public()]


class NewsletterSignupBlock(blocks.StructBlock):
    """The newsletter sign-up form in a page; the newsletter app renders the form itself."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    text = blocks.TextBlock(label=_("Testo"), required=False, max_length=400)
    lists = blocks.MultipleChoiceBlock(
        label=_("Liste proposte"),
        choices=newsletter_list_choices,
        required=False,
        help_text=_("Nessuna scelta: tutte le liste pubbliche."),
    )

    class Meta:
        icon = "mail"
        template = "blocks/newsletter_signup_block.html"
        label = _("Iscrizione alla newsletter")
        preview_value = {
            "heading": "Resta in contatto",
            "text": "Una e-mail al mese con le novità dal consiglio comunale e dai quartieri.",
        }
        description = _("Il modulo di iscrizione alla newsletter, con il consenso.")


class TranslatableTableBlock(TableBlock):
    """Wagtail's table, whose caption and cells wagtail-localize offers for translation.

    wagtail-localize skips blocks it does not know, which would leave an English page with an
    Italian table; each non-empty cell is one sentence to translate. Stored exactly like
    Wagtail's ``TableBlock`` (and named so in migrations), so nothing changes in the data.
    """

    @property
    def canonical_module_path(self):
        return "wagtail.contrib.table_block.blocks.TableBlock"

    def get_translatable_segments(self, value):
        from wagtail_localize.segments import StringSegmentValue

        if not value:
            return []
        segments = []
        if (value.get("table_caption") or "").strip():
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        for row_number, row in enumerate(value.get("data") or []):
            for column_number, cell in enumerate(row or []):
                if isinstance(cell, str) and cell.strip():
                    segments.append(StringSegmentValue(f"cell-{row_number}-{column_number}", cell))
        return segments

    def restore_translated_segments(self, value, segments):
        import copy

        value = copy.deepcopy(value)
        for segment in segments:
            if segment.path == "caption":
                value["table_caption"] = segment.render_text()
            elif segment.path.startswith("cell-"):
                row_number, column_number = (int(part) for part in segment.path[5:].split("-"))
                value["data"][row_number][column_number] = segment.render_text()
        return value


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every content page can use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Testo"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "hr"],
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    documents = DocumentListBlock()
    embed = ConsentEmbedBlock()
    accordion = AccordionBlock()
    key_figures = KeyFiguresBlock()
    keywords = KeywordsBlock()
    timeline = TimelineBlock()
    newsletter_signup = NewsletterSignupBlock()
    table = TranslatableTableBlock(
        label=_("Tabella"),
        template="blocks/table_block.html",
        table_options={
            "contextMenu": [
                "row_above",
                "row_below",
                "col_left",
                "col_right",
                "remove_row",
                "remove_col",
                "undo",
                "redo",
            ]
        },
    )

    class Meta:
        block_counts = {}
