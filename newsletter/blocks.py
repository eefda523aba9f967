"""E-mail-safe blocks for newsletter bodies.

Every block renders three ways from the same value: the web archive (``Meta.template``), the
e-mail HTML (``email_template``: tables and simple markup that mail clients understand, styles
inlined later) and the plain-text alternative (``text_template``). Rendering goes through
``render_email`` / ``render_text`` so the page template never needs to know which is which.
"""

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.models import Page, get_page_models
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import CaptionedImageBlock, LinkBlock


class EmailRenderMixin:
    """Adds the e-mail HTML and plain-text renderings to a block."""

    email_template = None
    text_template = None

    def get_email_context(self, value, parent_context=None):
        context = dict(parent_context or {})
        context.update({"value": value, "self": value, "block": self})
        return context

    def render_email(self, value, context=None):
        return render_to_string(self.email_template, self.get_email_context(value, context))

    def render_text(self, value, context=None):
        text = render_to_string(self.text_template, self.get_email_context(value, context))
        return text.strip("\n")


class EmailHeadingBlock(EmailRenderMixin, blocks.StructBlock):
    """A section heading (the newsletter subject is the only level-1 heading)."""

    text = blocks.CharBlock(label=_("Testo"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Livello"),
        choices=[("h2", _("Titolo di sezione (H2)")), ("h3", _("Sottotitolo (H3)"))],
        default="h2",
    )

    email_template = "newsletter/email/blocks/heading.html"
    text_template = "newsletter/email/blocks/heading.txt"

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Titolo")
        preview_value = {"text": "Cosa succede in consiglio comunale", "level": "h2"}
        description = _("Un titolo che apre una sezione della newsletter.")


class EmailRichTextBlock(EmailRenderMixin, blocks.RichTextBlock):
    """Text with the few formats every mail client shows the same way."""

    email_template = "newsletter/email/blocks/paragraph.html"
    text_template = "newsletter/email/blocks/paragraph.txt"

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Testo")


class EmailImageBlock(EmailRenderMixin, CaptionedImageBlock):
    """An image with alternative text (required unless decorative), caption and credit."""

    email_template = "newsletter/email/blocks/image.html"
    text_template = "newsletter/email/blocks/image.txt"

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Immagine")
        description = _("Un'immagine con testo alternativo, didascalia e crediti.")


class ButtonBlock(EmailRenderMixin, blocks.StructBlock):
    """A call-to-action button linking to a page of the site or to another address."""

    text = blocks.CharBlock(label=_("Testo del pulsante"), max_length=80)
    link = LinkBlock(label=_("Destinazione"))

    email_template = "newsletter/email/blocks/button.html"
    text_template = "newsletter/email/blocks/button.txt"

    class Meta:
        icon = "link"
        template = "newsletter/blocks/button.html"
        label = _("Pulsante")
        description = _("Un pulsante che porta a una pagina del sito o a un altro indirizzo.")


class DividerBlock(EmailRenderMixin, blocks.StaticBlock):
    """A horizontal rule between two sections."""

    email_template = "newsletter/email/blocks/divider.html"
    text_template = "newsletter/email/blocks/divider.txt"

    class Meta:
        icon = "horizontalrule"
        template = "newsletter/blocks/divider.html"
        label = _("Separatore")
        admin_text = _("Una linea che separa due sezioni.")


class PageListBlock(EmailRenderMixin, blocks.StructBlock):
    """Pages chosen by the editor, each with its title, summary and a link."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(label=_("Pagina")), label=_("Pagine"), min_num=1, max_num=12
    )

    email_template = "newsletter/email/blocks/page_list.html"
    text_template = "newsletter/email/blocks/page_list.txt"

    def get_email_context(self, value, parent_context=None):
        context = super().get_email_context(value, parent_context)
        context["items"] = page_summaries(value["pages"])
        return context

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["items"] = page_summaries(value["pages"])
        return context

    class Meta:
        icon = "list-ul"
        template = "newsletter/blocks/page_list.html"
        label = _("Pagine scelte")
        description = _("Un elenco di pagine del sito, con titolo, sommario e collegamento.")


class UpcomingEventsBlock(EmailRenderMixin, blocks.StructBlock):
    """The next upcoming events, read when the newsletter is rendered (frozen at send time)."""

    heading = blocks.CharBlock(
        label=_("Titolo"), required=False, max_length=200, default="Prossimi appuntamenti"
    )
    count = blocks.IntegerBlock(label=_("Quanti"), min_value=1, max_value=10, default=3)

    email_template = "newsletter/email/blocks/events.html"
    text_template = "newsletter/email/blocks/events.txt"

    def get_email_context(self, value, parent_context=None):
        context = super().get_email_context(value, parent_context)
        context["items"] = upcoming_events(value["count"])
        return context

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["items"] = upcoming_events(value["count"])
        return context

    class Meta:
        icon = "date"
        template = "newsletter/blocks/events.html"
        label = _("Prossimi eventi")
        description = _("I prossimi eventi pubblicati, aggiornati al momento dell'invio.")


class LensPagesBlock(EmailRenderMixin, blocks.StructBlock):
    """The latest published pages carrying a lens, read when the newsletter is rendered."""

    heading = blocks.CharBlock(label=_("Titolo"), required=False, max_length=200)
    lens = SnippetChooserBlock("program.Lens", label=_("Lente"))
    count = blocks.IntegerBlock(label=_("Quante pagine"), min_value=1, max_value=10, default=3)

    email_template = "newsletter/email/blocks/page_list.html"
    text_template = "newsletter/email/blocks/page_list.txt"

    def items(self, value):
        lens = value.get("lens")
        if lens is None:
            return []
        return page_summaries(latest_pages_with_lens(lens, value["count"]))

    def get_email_context(self, value, parent_context=None):
        context = super().get_email_context(value, parent_context)
        context["items"] = self.items(value)
        return context

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["items"] = self.items(value)
        return context

    class Meta:
        icon = "tag"
        template = "newsletter/blocks/page_list.html"
        label = _("Ultime pagine di una lente")
        description = _("Le pagine pubblicate più di recente con la lente scelta.")


def latest_pages_with_lens(lens, count):
    """The ``count`` most recently published live pages of any type carrying ``lens``."""
    pages = []
    for model in get_page_models():
        if model._meta.label == "newsletter.NewsletterPage":
            continue  # other newsletters are not news
        field_names = {field.name for field in model._meta.get_fields()}
        if "lenses" not in field_names:
            continue
        pages.extend(
            model.objects.live()
            .public()
            .filter(lenses=lens)
            .order_by("-first_published_at")
            .only("pk", "first_published_at")[:count]
        )
    pages.sort(key=lambda page: page.first_published_at or page.pk, reverse=True)
    return pages[:count]


def page_summaries(pages):
    """Title, summary and page for each live page, in the order given; drafts are left out."""
    ids = [page.pk for page in pages if page is not None]
    specific = {
        page.pk: page for page in Page.objects.live().filter(pk__in=ids).specific().iterator()
    }
    items = []
    for page_id in ids:
        page = specific.get(page_id)
        if page is None:
            continue
        summary = (
            getattr(page, "search_description", "")
            or getattr(page, "intro", "")
            or getattr(page, "summary", "")
            or ""
        )
        items.append({"page": page, "title": page.title, "summary": summary})
    return items


def upcoming_events(count):
    """The next ``count`` upcoming events, or nothing while the events app has no such model."""
    try:
        event_model = apps.get_model("events", "EventPage")
    except LookupError:
        return []
    upcoming = getattr(event_model.objects, "upcoming", None)
    if upcoming is None:
        return []
    return list(upcoming()[:count])


class NewsletterStreamBlock(blocks.StreamBlock):
    """The blocks a newsletter body may use: only what renders well in every mail client."""

    heading = EmailHeadingBlock()
    paragraph = EmailRichTextBlock()
    image = EmailImageBlock()
    button = ButtonBlock()
    divider = DividerBlock()
    pages = PageListBlock()
    events = UpcomingEventsBlock()
    lens_pages = LensPagesBlock()
