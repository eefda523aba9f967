"""The English catalogue covers every interface string of the templates and the Python code.

The strings are found the way ``makemessages`` finds them, without GNU gettext: templates go
through Django's own ``templatize`` (the step ``makemessages`` runs before ``xgettext``), Python
modules through their syntax tree. A string wrapped in gettext that has no English translation
in ``locale/en/LC_MESSAGES/django.po`` (missing, empty or still fuzzy) fails the test, and so
does a translation whose ``%(name)s`` placeholders differ from the Italian.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

import polib
import pytest

BASE = Path(settings.BASE_DIR)
PYTHON_PACKAGES = ["config", "home", "program", "events", "newsletter", "search"]
TEMPLATE_DIRS = [BASE / "templates"] + [
    BASE / package / "templates" for package in PYTHON_PACKAGES if (BASE / package).is_dir()
]
TEMPLATE_SUFFIXES = {".html", ".txt"}

# Function name → (index of the context argument or None, index of the message, of the plural).
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _messages_in_call(name, args):
    """(context, msgid, plural) for a gettext call whose arguments are ``args`` (strings or
    ``None`` for anything that is not a literal)."""
    context_at, message_at, plural_at = KEYWORDS[name]
    needed = max(index for index in (context_at, message_at, plural_at) if index is not None)
    if len(args) <= needed:
        return None
    message = args[message_at]
    context = args[context_at] if context_at is not None else None
    plural = args[plural_at] if plural_at is not None else None
    if not isinstance(message, str) or (context_at is not None and not isinstance(context, str)):
        return None
    return context, message, plural


def python_messages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
        if name not in KEYWORDS:
            continue
        args = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        found = _messages_in_call(name, args)
        if found:
            yield found, f"{path.relative_to(BASE)}:{node.lineno}"


def template_messages(path):
    """The gettext calls ``templatize`` writes for a template, read back with Python's
    tokenizer (its output is meant for xgettext, not for the Python parser)."""
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    # Indentation means nothing here; string literals never span lines (they are reprs).
    source = "\n".join(line.lstrip() for line in source.splitlines()) + "\n"
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for index, token in enumerate(tokens[:-2]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS:
            continue
        if tokens[index + 1].string != "(":
            continue
        args, position = [], index + 2
        while position < len(tokens) and tokens[position].string != ")":
            current = tokens[position]
            if current.type == tokenize.STRING:
                args.append(ast.literal_eval(current.string))
            elif current.string != ",":
                args.append(None)
            position += 1
        found = _messages_in_call(token.string, args)
        if found:
            yield found, f"{path.relative_to(BASE)}:{token.start[0]}"


def interface_messages():
    found = {}
    for package in PYTHON_PACKAGES:
        for path in sorted((BASE / package).rglob("*.py")):
            for (context, message, plural), where in python_messages(path):
                found.setdefault((context, message), (plural, where))
    for directory in TEMPLATE_DIRS:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                for (context, message, plural), where in template_messages(path):
                    found.setdefault((context, message), (plural, where))
    return found


def _placeholders(text):
    return {match.group(1) or match.group(2) for match in PLACEHOLDER.finditer(text)}


@pytest.fixture(scope="module")
def catalogue():
    po = polib.pofile(str(BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}


def test_the_extraction_finds_template_and_python_strings():
    """The finder itself works: it sees both kinds of source, trimmed blocks and plurals."""
    found = interface_messages()
    assert len(found) > 1000
    assert (None, "Vai al contenuto") in found  # templates/base.html
    assert (None, "Iscrizioni") in found  # Python (verbose names, panels)
    plurals = [plural for plural, _where in found.values() if plural]
    assert plurals, "blocktranslate … plural blocks are found too"


def test_every_interface_string_has_an_english_translation(catalogue):
    problems = []
    for (context, message), (plural, where) in sorted(interface_messages().items()):
        entry = catalogue.get((context, message))
        if entry is None:
            problems.append(f"{where}: not in the catalogue: {message!r}")
            continue
        if plural and entry.msgid_plural != plural:
            problems.append(f"{where}: the plural form is not in the catalogue: {plural!r}")
            continue
        if entry.fuzzy:
            problems.append(f"{where}: fuzzy (to be reviewed): {message!r}")
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translation.strip() for translation in translations):
            problems.append(f"{where}: untranslated: {message!r}")
            continue
        expected = _placeholders(message) | _placeholders(entry.msgid_plural or "")
        for translation in translations:
            if _placeholders(translation) - expected or (
                not entry.msgid_plural and _placeholders(translation) != expected
            ):
                problems.append(f"{where}: placeholders differ: {message!r} → {translation!r}")
    assert not problems, (
        "Strings without an English translation; run `make messages`, translate them in "
        "locale/en/LC_MESSAGES/django.po, then `manage.py compile_translations`:\n"
        + "\n".join(problems)
    )


def test_the_catalogue_has_no_entries_without_a_source(catalogue):
    """Stale entries (strings no longer in the code) are removed, not left to rot."""
    found = interface_messages()
    stale = [
        f"{entry.occurrences[:1]}: {entry.msgid!r}"
        for key, entry in catalogue.items()
        if key != (None, "") and key not in found
    ]
    assert not stale, "Entries with no source any more:\n" + "\n".join(stale)
