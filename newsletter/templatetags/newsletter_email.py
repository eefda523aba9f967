"""Filters used by the e-mail templates."""

import textwrap

from django import template
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from newsletter.rendering import html_to_text

register = template.Library()


@register.filter
def richtext_email(value):
    """Rich text as HTML with links expanded (made absolute later by the renderer)."""
    source = getattr(value, "source", value)
    return mark_safe(expand_db_html(str(source or "")))  # noqa: S308  (sanitised rich text)


@register.filter
def richtext_plain(value):
    """Rich text as readable plain text, links written out."""
    source = getattr(value, "source", value)
    return html_to_text(expand_db_html(str(source or "")))


@register.filter
def wrap(value, width=72):
    """Wrap long lines of plain text for mail readers that do not."""
    lines = []
    for line in str(value).splitlines():
        lines.append(textwrap.fill(line, int(width), break_long_words=False) if line else "")
    return "\n".join(lines)


@register.filter
def link_url(link):
    """The absolute or root-relative address of a ``LinkBlock`` value."""
    if link.get("page"):
        return link["page"].specific.get_url() or ""
    return link.get("url") or ""
