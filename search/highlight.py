"""Result snippets: a short passage of each result with the searched words marked.

Words are compared without accents by their Snowball stem in the page's language, as the
PostgreSQL index compares them, so a search for "partecipare" marks "partecipazione". The work
is done in Python on the handful of results shown, so it costs no query and works on SQLite.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

import snowballstemmer

from . import inclusive

SNIPPET_WORDS = 32
_TOKEN = re.compile(rf"[\w{re.escape(inclusive.MARKS)}]+|[^\w{re.escape(inclusive.MARKS)}]+")
STEMMERS = {"it": "italian", "en": "english"}


@lru_cache(maxsize=4)
def _stemmer(language_code):
    return snowballstemmer.stemmer(STEMMERS.get((language_code or "it")[:2], "italian"))


def _fold(word):
    """The word without accents, as the index compares words ("citta" matches "città")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stems(word, language_code):
    """The stems a word stands for: one, or those of all four forms of an inclusive word."""
    word = _fold(word.lower())
    stem = inclusive.inclusive_stem(word)
    stemmer = _stemmer(language_code)
    if stem is None:
        return {stemmer.stemWord(word)}
    return {stemmer.stemWord(form) for form in inclusive.forms(stem)}


def candidate_texts(obj):
    """Texts a snippet may come from, most telling first: description, summary, body."""
    texts = []
    for name in ("search_description", "summary", "intro", "short_description", "description"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip():
            texts.append(value)
    body = getattr(obj, "body", None)
    stream_block = getattr(body, "stream_block", None)
    if stream_block is not None:
        texts.extend(text for text in stream_block.get_searchable_content(body) if text)
    return texts


def snippet(obj, terms, language_code="it"):
    """A passage of ``obj`` around the first searched word, with matches in ``<mark>``."""
    texts = candidate_texts(obj)
    if not texts:
        return ""
    wanted = set()
    for term in terms:
        wanted |= _stems(term, language_code)
    for text in texts:
        tokens = _TOKEN.findall(" ".join(text.split()))
        positions = [
            index
            for index, token in enumerate(tokens)
            if token[0].isalnum() and _stems(token, language_code) & wanted
        ]
        if positions:
            return _mark(tokens, positions, wanted, language_code)
    return escape(Truncator(" ".join(texts[0].split())).words(SNIPPET_WORDS))


def _mark(tokens, positions, wanted, language_code):
    # Tokens alternate words and separators, so a window of 2 × N tokens holds about N words.
    start = max(0, positions[0] - SNIPPET_WORDS // 2 * 2)
    if not tokens[start][0].isalnum():
        start += 1  # begin on a word, not on a separator
    end = min(len(tokens), start + SNIPPET_WORDS * 2)
    parts = ["… "] if start > 0 else []
    for token in tokens[start:end]:
        if token[0].isalnum() and _stems(token, language_code) & wanted:
            parts.append(f"<mark>{escape(token)}</mark>")
        else:
            parts.append(escape(token))
    if end < len(tokens):
        parts.append(" …")
    return mark_safe("".join(parts).strip())  # noqa: S308 (every token is escaped above)
