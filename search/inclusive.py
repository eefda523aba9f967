"""Inclusive Italian: words written with an asterisk, a schwa or an at sign.

Italian marks grammatical gender in the ending (consigliere/consigliera/consiglieri/consigliere,
tutto/tutta/tutti/tutte). Inclusive writing replaces that ending with a neutral mark:
"consiglier*", "consiglierə" (singular schwa), "consiglierɜ" (plural schwa), "tutt@". Neither
PostgreSQL's Italian stemmer nor SQLite's tokenizer knows these marks: the asterisk is dropped
(so "consiglier*" only matches the forms that happen to stem to "consiglier") and the schwa is
kept as a letter (so "consiglierə" matches nothing but itself).

The same rule is applied on both sides, which makes the match work both ways:

- **Indexing** (``search.backends``): every inclusive word in indexed text is replaced by its four
  ordinary forms, so a query for "consigliere" finds a page that says "consiglier*".
- **Querying** (``search.query``): an inclusive word in a query becomes "any of its four forms",
  so "consiglierə" finds a page that says "consiglieri".

Ordinary words are never expanded: "caso" must not find "casa".
"""

import re

# Neutral endings: asterisk, schwa (ə U+0259, ǝ U+01DD), long schwa for plurals (ɜ U+025C), @.
MARKS = "*@\u0259\u01dd\u025c"
ENDINGS = ("o", "a", "i", "e")

# A word of at least two letters followed by one neutral mark (and nothing but punctuation).
_MARK = f"[{re.escape(MARKS)}]"
_WORD_CHAR = rf"[\w{re.escape(MARKS)}]"
_INCLUSIVE_WORD = re.compile(rf"(?<!{_WORD_CHAR})([^\W\d_]{{2,}}?){_MARK}(?!{_WORD_CHAR})")


def forms(stem):
    """The ordinary forms a neutral ending stands for: masculine and feminine, both numbers."""
    return [stem + ending for ending in ENDINGS]


def inclusive_stem(word):
    """The stem of an inclusive word ("consiglier*" → "consiglier"), or ``None``."""
    match = _INCLUSIVE_WORD.fullmatch(word.strip())
    return match.group(1) if match else None


def expand_text(text):
    """Indexed text with every inclusive word replaced by its ordinary forms."""
    if not text or not any(mark in text for mark in MARKS):
        return text
    return _INCLUSIVE_WORD.sub(lambda match: " ".join(forms(match.group(1))), text)


def expand_value(value):
    """``expand_text`` applied to what a search field yields (a string, list or dict)."""
    if isinstance(value, str):
        return expand_text(value)
    if isinstance(value, list):
        return [expand_value(item) for item in value]
    if isinstance(value, dict):
        return {key: expand_value(item) for key, item in value.items()}
    return value
