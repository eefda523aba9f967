"""Inclusive Italian and query parsing: the rules, without a database."""

import pytest

from search import inclusive
from search.highlight import snippet
from search.query import MAX_QUERY_LENGTH, MAX_TERMS, build_query, clean_query, words


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("consiglier*", "consiglier"),
        ("consiglierə", "consiglier"),
        ("consiglierǝ", "consiglier"),
        ("consiglierɜ", "consiglier"),
        ("tutt@", "tutt"),
        ("Cittadin*", "Cittadin"),
        ("consiglieri", None),
        ("casa", None),
        ("a*", None),
        ("*", None),
        ("mail@example", None),
    ],
)
def test_inclusive_stem(word, stem):
    assert inclusive.inclusive_stem(word) == stem


def test_indexed_text_gets_the_ordinary_forms_and_nothing_else_changes():
    text = "Care consiglier* e cittadinə, scrivete a info@example.org: tuttɜ benvenutɜ."

    expanded = inclusive.expand_text(text)

    assert "consigliero consigliera consiglieri consigliere" in expanded
    assert "cittadino cittadina cittadini cittadine" in expanded
    assert "tutto tutta tutti tutte benvenuto benvenuta benvenuti benvenute" in expanded
    assert "info@example.org" in expanded
    assert expanded.startswith("Care ")
    assert inclusive.expand_text("Nessuna forma inclusiva qui.") == "Nessuna forma inclusiva qui."


def test_expansion_reaches_lists_and_dicts():
    value = {"a": ["tutt*", "casa"], "b": "amicə"}

    assert inclusive.expand_value(value) == {
        "a": ["tutto tutta tutti tutte", "casa"],
        "b": "amico amica amici amice",
    }
    assert inclusive.expand_value(42) == 42


def test_an_inclusive_query_word_means_any_of_its_forms():
    query = build_query("consiglierə comunali")

    assert repr(query) == (
        "<And <Or <PlainText 'consigliero' operator='and' boost=1> "
        "<PlainText 'consigliera' operator='and' boost=1> "
        "<PlainText 'consiglieri' operator='and' boost=1> "
        "<PlainText 'consigliere' operator='and' boost=1>> "
        "<PlainText 'comunali' operator='and' boost=1>>"
    )


def test_quotes_make_a_phrase_and_unbalanced_quotes_do_not_break_anything():
    assert repr(build_query('"bilancio partecipato"')) == "<Phrase 'bilancio partecipato'>"
    assert repr(build_query('"bilancio partecipato')) == (
        "<And <PlainText 'bilancio' operator='and' boost=1> "
        "<PlainText 'partecipato' operator='and' boost=1>>"
    )


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "!!! ??? ... ---",
        "&|!():*<->",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "casa & !scuola | (verde:*)",
        '"""',
        "\x00\x01\x02\x1b[31m",
        "a" * 10_000,
        "parola " * 5_000,
    ],
)
def test_hostile_queries_are_reduced_to_plain_words(raw):
    cleaned = clean_query(raw)
    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert all(char.isprintable() for char in cleaned)
    query = build_query(cleaned)
    if query is None:
        assert not words(cleaned)
        return
    text = repr(query)
    for syntax in ("&", "|", "!", ":*", "(", ";", "="):
        assert syntax not in text.replace("operator=", "").replace("boost=", "")
    assert text.count("PlainText") + text.count("Phrase") <= MAX_TERMS


class _Page:
    search_description = ""
    intro = "Un percorso per partecipare alle scelte del quartiere."
    body = None


def test_snippets_mark_words_by_their_stem_and_escape_the_text():
    page = _Page()
    page.search_description = "La <partecipazione> delle consigliere & dei consiglieri."

    html = snippet(page, ["partecipare", "consiglierə"], "it")

    assert "<mark>partecipazione</mark>" in html
    assert "&lt;" in html and "&amp;" in html
    assert "<mark>consiglieri</mark>" in html
    assert "<mark>consigliere</mark>" in html


def test_a_snippet_without_a_match_is_the_start_of_the_description():
    assert str(snippet(_Page(), ["ecologia"], "it")).startswith("Un percorso per partecipare")
