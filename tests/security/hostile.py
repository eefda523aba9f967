"""Hostile input for the hostile-input tests: the payloads, a form filler that puts them in every
field and block an editor can type into, and the checks that a rendered page kept them inert.

The filler reads the admin's own form classes (the page's edit handler, the snippet's form)
and the StreamField block definitions, so a page type, a field or a block added later is
filled too without touching the tests.
"""

import datetime
import json
import re
from html.parser import HTMLParser

from django import forms
from django.conf import settings

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.test.utils.form_data import nested_form_data, streamfield

MARK = "zq7x"
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f"<img src=x onerror=alert('{MARK}')>",
    f'" onmouseover="alert(\'{MARK}\')" data-x="',
    f"' autofocus onfocus=alert('{MARK}') x='",
    "{{ settings.SECRET_KEY }}",
    '{{ "' + MARK + '"|upper }}',
    "{% debug %}",
    f"</script><script>alert('{MARK}')</script>",
    f"\u202e{MARK}fdp.exe",
    f"javascript:alert('{MARK}')",
]
HOSTILE_TEXT = " ".join(PAYLOADS)
# Words a template would produce if editors' text were ever evaluated as one.
EVALUATED_MARKERS = [MARK.upper(), "DEFAULT_MESSAGE_LEVELS", "sql_queries"]
# In the payloads the mark always follows a quote or the RTL override, so a plain-text e-mail
# that upper-cases a heading shows it upper-cased but still quoted ('ALERT("ZQ7X")',
# '{{ "ZQ7X"|UPPER }}'); ``{{ "zq7x"|upper }}`` evaluated gives a bare ``ZQ7X``.
EVALUATED_MARK = re.compile(rf"(?<![\"'\u202e]){MARK.upper()}")


def hostile_text(max_length=None):
    text = HOSTILE_TEXT
    if max_length:
        text = text[:max_length]
    return text


def hostile_rich_text():
    """Draftail's contentstate as a hand-made request could send it: payloads as text, and a
    link entity whose URL is ``javascript:``."""
    text = f"clic {HOSTILE_TEXT}"
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "h0st1",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 4, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": f"javascript:alert('{MARK}')"},
                }
            },
        }
    )


def plain_rich_text():
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "pl41n",
                    "type": "unstyled",
                    "depth": 0,
                    "text": "Testo",
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                    "data": {},
                }
            ],
            "entityMap": {},
        }
    )


class Filler:
    """Builds POST data for admin forms, hostile (payloads in every text) or plain."""

    def __init__(self, world, *, hostile=True):
        self.world = world
        self.hostile = hostile

    def text(self, max_length=None):
        return hostile_text(max_length) if self.hostile else "Testo"

    # --- Blocks -------------------------------------------------------------------------

    def block(self, block, skip=()):
        """The nested form data of one value of ``block``."""
        if isinstance(block, blocks.StreamBlock):
            children = [
                (name, self.block(child))
                for name, child in block.child_blocks.items()
                if name not in skip
            ]
            return streamfield(children)
        if isinstance(block, ImageBlock):  # a StructBlock with the image and its text
            return {"image": str(self.world.image.pk), "alt_text": self.text(), "decorative": ""}
        if isinstance(block, TableBlock):
            cell = self.text(200)
            return json.dumps(
                {
                    "data": [[cell, "2"], ["3", cell]],
                    "first_row_is_table_header": False,
                    "first_col_is_header": False,
                    "table_caption": "",
                    "table_header_choice": "row",
                    "cell": [],
                    "mergeCells": [],
                }
            )
        if isinstance(block, blocks.StructBlock):
            value = {name: self.block(child) for name, child in block.child_blocks.items()}
            if "page" in value and "url" in value:  # a link: a page or an address, not both
                value["url"] = ""
            return value
        if isinstance(block, blocks.ListBlock):
            return {
                "count": "1",
                "0": {"value": self.block(block.child_block), "deleted": "", "order": "0"},
            }
        if isinstance(block, blocks.RichTextBlock):
            return hostile_rich_text() if self.hostile else plain_rich_text()
        if isinstance(block, blocks.StaticBlock):
            return ""
        if isinstance(block, EmbedBlock):
            return "https://www.youtube.com/watch?v=ostile"
        if isinstance(block, ImageChooserBlock):
            return str(self.world.image.pk)
        if isinstance(block, DocumentChooserBlock):
            return str(self.world.document.pk)
        if isinstance(block, blocks.PageChooserBlock):
            return str(self.page_for(block.target_models).pk)
        if isinstance(block, SnippetChooserBlock):
            return str(block.target_model.objects.order_by("pk").first().pk)
        if isinstance(block, blocks.URLBlock):
            return "https://example.org/pagina"
        if isinstance(block, blocks.EmailBlock):
            return "redazione@example.org"
        if isinstance(block, (blocks.IntegerBlock, blocks.FloatBlock, blocks.DecimalBlock)):
            return "3"
        if isinstance(block, blocks.BooleanBlock):
            return ""
        if isinstance(block, blocks.DateTimeBlock):
            return "2030-01-15 10:00"
        if isinstance(block, blocks.DateBlock):
            return "2030-01-15"
        if isinstance(block, blocks.TimeBlock):
            return "10:00"
        if isinstance(block, (blocks.ChoiceBlock, blocks.MultipleChoiceBlock)):
            values = [value for value, _label in block.field.choices if value not in ("", None)]
            return str(values[0]) if values else ""
        if isinstance(block, blocks.FieldBlock):  # CharBlock, TextBlock, RegexBlock…
            return self.text(getattr(block.field, "max_length", None))
        raise TypeError(f"no filler for {type(block).__name__}")

    def page_for(self, target_models):
        for page in self.world.pages.values():
            if any(isinstance(page.specific, model) for model in target_models):
                return page
        return self.world.standard

    # --- Form fields --------------------------------------------------------------------

    def field(self, name, field, model):
        """A value for one form field, or ``None`` to leave it out."""
        from wagtail.blocks.base import BlockField

        if name in ("slug",):
            return f"ostile-{model._meta.model_name}"
        if name in ("go_live_at", "expire_at", "comment_notifications", "locale"):
            return None
        if isinstance(field, BlockField):
            return self.block(field.block)
        widget = field.widget
        if widget.__class__.__name__ == "DraftailRichTextArea":
            return hostile_rich_text() if self.hostile else plain_rich_text()
        if isinstance(field, forms.ModelMultipleChoiceField):
            first = field.queryset.order_by("pk").first()
            return [str(first.pk)] if first is not None else None
        if isinstance(field, forms.ModelChoiceField):
            if not field.required:
                return None
            first = field.queryset.order_by("pk").first()
            return str(first.pk) if first is not None else None
        if isinstance(field, forms.BooleanField):
            return None
        if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
            values = [value for value, _label in field.choices if value not in ("", None)]
            return str(values[0]) if values else None
        if isinstance(field, forms.DateTimeField):
            day = datetime.date(2031, 5, 20) + datetime.timedelta(days=1 if "end" in name else 0)
            return f"{day.isoformat()} 18:00"
        if isinstance(field, forms.DateField):  # days of record (acts, phases): in the past
            return "2025-02-10" if "end" not in name else "2025-02-11"
        if isinstance(field, forms.TimeField):
            return "18:00"
        if isinstance(field, forms.URLField):
            return "https://example.org/ostile"
        if isinstance(field, forms.EmailField):
            return "ostile@example.org"
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            return str(max(field.min_value or 0, 3)) if field.required else None
        if isinstance(field, forms.FileField):
            return None
        if isinstance(field, forms.CharField):
            if "colour" in name or "color" in name:
                return "#2e7d4f"
            return self.text(field.max_length)
        return None

    def form(self, form_class, model, overrides=None, *, plain=(), skip=None, omit=()):
        """Nested POST data of a whole admin form (fields and inline formsets).

        ``plain`` names fields (and formsets) to fill with ordinary values instead, ``skip``
        maps StreamField names to block types to leave out: what the tests fall back to for
        a field whose own rules refuse the payloads (a colour, a slug…).
        """
        skip = skip or {}
        ordinary = Filler(self.world, hostile=False)
        data = {}
        for name, field in form_class.base_fields.items():
            if name in omit:
                continue
            filler = ordinary if name in plain else self
            if name in skip:
                value = filler.block(field.block, skip=skip[name])
            else:
                value = filler.field(name, field, model)
            if value is not None:
                data[name] = value
        for name, formset_class in getattr(form_class, "formsets", {}).items():
            if name == "comments":  # Wagtail's review comments: a separate JavaScript widget
                continue
            child_form = formset_class.form
            child_model = formset_class.model
            filler = ordinary if name in plain else self
            item = {}
            for child_name, child_field in child_form.base_fields.items():
                if child_name in ("id", "ORDER", "DELETE") or f"{name}.{child_name}" in omit:
                    continue
                value = filler.field(child_name, child_field, child_model)
                if value is not None:
                    item[child_name] = value
            data[name] = {
                "TOTAL_FORMS": "1",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
                "0": {"ORDER": "0", "DELETE": "", **item},
            }
        data.update(overrides or {})
        return nested_form_data(data)


# --- Checks --------------------------------------------------------------------------------

EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script_type = None
        self.script_text = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARK in value:
                self.problems.append(f"<{tag} {name}=…{MARK}…>: an event handler from input")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>: a javascript: URL")
        if tag == "script":
            self.script_type = dict(attrs).get("type", "") or ""
            self.script_text = []
        if tag == "img" and any(name == "onerror" for name, _value in attrs):
            self.problems.append("<img onerror>: an event handler from input")

    def handle_data(self, data):
        if self.script_type is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script_type is not None:
            text = "".join(self.script_text)
            if MARK in text:
                if self.script_type.lower() in EXECUTABLE_SCRIPT_TYPES:
                    self.problems.append(f"input inside an executable <script>: {text[:80]!r}")
                elif "json" in self.script_type.lower():
                    try:
                        json.loads(text)
                    except ValueError:
                        self.problems.append(f"input broke a JSON <script>: {text[:80]!r}")
            self.script_type = None


def evaluation_signs(text):
    """What in a plain text (an e-mail's text part or subject, which may upper-case headings)
    shows the payloads were evaluated as a template; empty when they were kept as text."""
    signs = [f"a bare {match[0]!r}" for match in EVALUATED_MARK.finditer(text)]
    folded = text.casefold()
    signs += [f"{marker!r}" for marker in EVALUATED_MARKERS[1:] if marker.casefold() in folded]
    if settings.SECRET_KEY.casefold() in folded:
        signs.append("the SECRET_KEY")
    return signs


def inertness_problems(html):
    """What in ``html`` shows the payloads were not kept inert (empty when all is well)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    problems = list(scanner.problems)
    for marker in EVALUATED_MARKERS:
        if marker in html:
            problems.append(f"{marker!r} in the output: input was evaluated as a template")
    if settings.SECRET_KEY in html:
        problems.append("the SECRET_KEY is in the output")
    return problems
