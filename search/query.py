"""From what a visitor typed to a search query.

Whatever arrives (empty, 10,000 characters, only punctuation, SQL or tsquery syntax, unbalanced
quotes, control characters), ``clean_query`` returns at most ``MAX_QUERY_LENGTH`` printable
characters and ``build_query`` at most ``MAX_TERMS`` words, so no query costs more than an
ordinary one. Words are passed to the backend as plain text, never as query syntax: the database
sees operators such as ``&``, ``|``, ``!`` or ``:*`` as punctuation.
"""

import re

from wagtail.search.query import And, Or, Phrase, PlainText

from . import inclusive

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# Letters, digits and the inclusive marks make words; everything else separates them.
_WORD = re.compile(rf"[\w{re.escape(inclusive.MARKS)}]+(?:['’][\w{re.escape(inclusive.MARKS)}]+)*")


def clean_query(raw):
    """Printable text, blanks collapsed, capped: what is searched and shown back."""
    text = "".join(char for char in (raw or "")[: MAX_QUERY_LENGTH * 4] if char.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words(text):
    """The words of ``text``, without punctuation or query syntax."""
    return [word.strip("_") for word in _WORD.findall(text or "") if word.strip("_")]


def _term(word):
    stem = inclusive.inclusive_stem(word)
    if stem is None:
        return PlainText(word)
    # "consiglierə" is any of consigliero, consigliera, consiglieri, consigliere.
    return Or([PlainText(form) for form in inclusive.forms(stem)])


def build_query(text):
    """A backend query for a cleaned query string, or ``None`` when nothing is left to search.

    Words must all match (AND). A phrase in double quotes must match as a phrase. Inclusive words
    match any of their ordinary forms.
    """
    parts = text.split('"')
    terms = []
    budget = MAX_TERMS
    for index, part in enumerate(parts):
        part_words = words(part)[:budget]
        if not part_words:
            continue
        budget -= len(part_words)
        # Odd-numbered parts were between quotes; an unbalanced quote ends with plain words.
        quoted = index % 2 == 1 and index < len(parts) - 1
        if quoted and len(part_words) > 1 and not any(map(inclusive.inclusive_stem, part_words)):
            terms.append(Phrase(" ".join(part_words)))
        else:
            terms.extend(_term(word) for word in part_words)
        if budget <= 0:
            break
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(terms)


def highlight_terms(text):
    """The words to mark in result snippets: the query's words and inclusive forms."""
    result = []
    for word in words(text)[:MAX_TERMS]:
        stem = inclusive.inclusive_stem(word)
        result.extend(inclusive.forms(stem) if stem else [word])
    return result
