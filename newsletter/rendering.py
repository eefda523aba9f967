"""Turn a newsletter page into an e-mail: subject, HTML with inlined CSS, plain text.

The rendering is done once per send (and once per preview or test); what differs per
recipient (the unsubscribe and preferences links) is left as a placeholder and filled in by
``personalise`` with a plain string replacement. Editors' content is never treated as template
source: placeholders are fixed tokens, replaced only in the rendered output.

CSS is inlined with ``css-inline`` (a compiled inliner): it is fast enough to run on every
preview, keeps ``@media`` rules in a ``<style>`` tag for clients that honour them, loads nothing
from the network, and lets the e-mail templates stay ordinary Django templates (the MJML route
would add a second templating language and a Node or Rust compiler on top).
"""

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

import css_inline

UNSUBSCRIBE_PLACEHOLDER = "%%PIAZZA_UNSUBSCRIBE_URL%%"
MANAGE_PLACEHOLDER = "%%PIAZZA_MANAGE_URL%%"

_INLINER = css_inline.CSSInliner(
    keep_style_tags=False,
    keep_at_rules=True,
    load_remote_stylesheets=False,
)
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


@dataclass(frozen=True)
class RenderedEmail:
    """What every recipient of one newsletter shares: subject, HTML and plain text."""

    subject: str
    preheader: str
    html: str
    text: str

    def personalise(self, *, unsubscribe_url, manage_url):
        """The HTML and text for one recipient, with their own links filled in."""
        html = self.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url)).replace(
            MANAGE_PLACEHOLDER, escape(manage_url)
        )
        text = self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(
            MANAGE_PLACEHOLDER, manage_url
        )
        return html, text


def base_url_for(page):
    """The public origin of the page's site (``https://example.org``), without a slash."""
    site = page.get_site()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def absolutise(html, base_url):
    """Make every root-relative ``href``/``src`` absolute: mail has no base address."""
    return _RELATIVE_URL.sub(lambda match: f'{match[1]}{base_url}{match[2]}"', html)


def inline_css(html):
    return _INLINER.inline(html)


def render_newsletter(page, *, request=None, test=False):
    """Render ``page`` (a NewsletterPage, possibly an unsaved revision) as an e-mail."""
    from home.models import SiteSettings

    site = page.get_site()
    base_url = base_url_for(page)
    with translation.override(page.locale.language_code):
        site_settings = SiteSettings.for_site(site) if site is not None else None
        context = {
            "page": page,
            "subject": page.subject_line,
            "preheader": page.preheader,
            "site_settings": site_settings,
            "base_url": base_url,
            "web_url": _web_url(page, base_url),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "manage_url": MANAGE_PLACEHOLDER,
            "language_code": page.locale.language_code,
            "is_test": test,
            "request": request,
        }
        block_context = {"page": page, "base_url": base_url, "request": request}
        html_blocks, text_blocks = [], []
        for child in page.body:
            html_blocks.append(mark_safe(child.block.render_email(child.value, block_context)))  # noqa: S308
            text = child.block.render_text(child.value, block_context)
            if text.strip():
                text_blocks.append(text)
        html = render_to_string(
            "newsletter/email/newsletter.html", {**context, "blocks": html_blocks}
        )
        text = render_to_string(
            "newsletter/email/newsletter.txt",
            {**context, "body_text": "\n\n".join(text_blocks)},
        )
    html = inline_css(absolutise(html, base_url))
    text = _tidy_text(absolutise_text(text, base_url))
    subject = page.subject_line
    if test:
        mark = translation.gettext("PROVA")  # outside the f-string, for makemessages
        subject = f"[{mark}] {subject}"
    return RenderedEmail(subject=subject, preheader=page.preheader, html=html, text=text)


def _web_url(page, base_url):
    if not page.pk or not page.live:
        return ""
    url = page.get_url() or ""
    return url if url.startswith("http") else f"{base_url}{url}"


def absolutise_text(text, base_url):
    return re.sub(r"(?<=[\s(<])(/(?!/)[^\s)>]*)", lambda m: f"{base_url}{m[1]}", text)


def _tidy_text(text):
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


class _TextConverter(HTMLParser):
    """Rich text HTML to readable plain text: paragraphs, lists, links as ``text (url)``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []
        self.list_stack = []

    def handle_starttag(self, tag, attrs):
        if tag in {"p", "h2", "h3", "h4", "ul", "ol"}:
            self.parts.append("\n\n")
        if tag in {"ul", "ol"}:
            self.list_stack.append([tag, 0])
        elif tag == "li":
            marker = "-"
            if self.list_stack and self.list_stack[-1][0] == "ol":
                self.list_stack[-1][1] += 1
                marker = f"{self.list_stack[-1][1]}."
            self.parts.append("\n" + "  " * max(len(self.list_stack) - 1, 0) + marker + " ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.parts.append("")

    def handle_endtag(self, tag):
        if tag in {"ul", "ol"} and self.list_stack:
            self.list_stack.pop()
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and not href.startswith("#"):
                self.parts.append(f" ({href})")
        elif tag in {"p", "h2", "h3", "h4"}:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        raw = "".join(self.parts)
        lines = [
            line.strip() if not line.lstrip().startswith(("-", "  ")) else line.rstrip()
            for line in raw.splitlines()
        ]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html):
    """Readable plain text from a fragment of HTML (used for rich text blocks)."""
    converter = _TextConverter()
    converter.feed(str(html))
    converter.close()
    return unescape(converter.text())
