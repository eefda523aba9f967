"""Fill and send HTML forms with Django's test client the way a browser would.

``forms(html)`` reads every ``<form>`` of a page with its action, method and fields (hidden
inputs, text, checked boxes, selected options); ``submit(client, response, ...)`` sends one of
them with the changes a person would make.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

LINK = re.compile(r"https?://testserver(/[^\s\"'<>]+)")


class Form:
    def __init__(self, attrs):
        self.action = attrs.get("action")
        self.method = (attrs.get("method") or "get").lower()
        self.fields = []  # (name, value, type, checked)
        self.selects = {}

    def values(self):
        data = {}
        for name, value, kind, checked in self.fields:
            if kind in ("checkbox", "radio") and not checked:
                continue
            if kind in ("submit", "button"):
                continue
            data.setdefault(name, []).append(value)
        for name, value in self.selects.items():
            data.setdefault(name, []).append(value)
        return data

    def checkbox_values(self, name):
        return [value for field, value, kind, _checked in self.fields if field == name]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            self._form.fields.append(
                (
                    attrs["name"],
                    attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""),
                    attrs.get("type", "text"),
                    "checked" in attrs,
                )
            )
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self._form.selects[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea[0], self._textarea[1], "textarea", True))
            self._textarea = None


def forms(html):
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def find_form(response, action_contains=None, method="post"):
    for form in forms(response.content.decode()):
        if form.method != method:
            continue
        action = form.action if form.action is not None else ""
        if action_contains is None or action_contains in (action or response.request["PATH_INFO"]):
            return form
    raise AssertionError(f"no {method} form with action containing {action_contains!r}")


def submit(client, response, *, action_contains=None, changes=None, uncheck=(), **kwargs):
    """Send a form of ``response`` with ``changes`` (``name: value or [values]``) applied."""
    form = find_form(response, action_contains)
    data = form.values()
    for name in uncheck:
        data.pop(name, None)
    for name, value in (changes or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    base = response.request["PATH_INFO"]
    target = urljoin(base, form.action) if form.action else base
    return client.post(target, data, **kwargs)


def links_in(text):
    """Site paths of every absolute link in an e-mail body."""
    return LINK.findall(text)
