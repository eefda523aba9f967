"""An English-speaking visitor walks the English demo pages: nothing Italian on the way.

"Italian" is any interface string of the catalogue whose English differs (the Italian
sentences of the templates and the code), plus the Italian demo sentences that have an English
translation. Text an element explicitly marks as Italian (``lang="it"``: a legal page not yet
translated, the language switcher's "Italiano") is the page saying so, not a leak; nor are the
names of organisations, which stay as the organisations write them.
"""

import re
from pathlib import Path

from django.conf import settings

import polib
import pytest

from home.demo_english import ENGLISH

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Files and feeds, not pages.
SKIPPED = re.compile(
    r"\.(ics|xml|rss|atom|json|csv|pdf)$|/feed|/ical|/rss|/atom|/calendario|/documents/"
)
PLACEHOLDERS = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{\w*\}|<[^>]+>|\n")


def _italian_phrases():
    """Fragments of Italian (at least two words and ten letters) that English pages must not
    contain."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po"))
    phrases = set()
    for entry in catalogue:
        english = entry.msgstr or " ".join(entry.msgstr_plural.values())
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            for part in PLACEHOLDERS.split(source):
                part = " ".join(part.split()).strip(" .,:;()«»")
                if len(part) >= 10 and " " in part and part not in english:
                    phrases.add(part)
    for italian, english in ENGLISH.items():
        text = " ".join(PLACEHOLDERS.sub(" ", italian).split())
        if len(text) >= 10 and " " in text and text != english:
            phrases.add(text)
    return phrases


# The visible text of the page, leaving out what is marked as being in Italian.
VISIBLE_TEXT = """() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('[lang="it"], script, style, template').forEach(el => el.remove());
    return copy.innerText.replace(/\\s+/g, ' ');
}"""


def test_the_english_demo_pages_have_no_italian(demo_site, visit):
    from program.models import Organisation

    phrases = _italian_phrases()
    proper_names = sorted(Organisation.objects.values_list("name", flat=True), key=len)[::-1]
    tab = visit()
    start = demo_site + "/en/"
    to_visit, seen, leaks = [start], set(), {}
    while to_visit and len(seen) < 40:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = tab.goto(url)
        assert response.status == 200, url
        page = tab.page
        assert page.evaluate("document.documentElement.lang") == "en", url
        text = page.evaluate(VISIBLE_TEXT)
        for name in proper_names:  # organisations keep their own names in every language
            text = text.replace(name, "")
        found = sorted(phrase for phrase in phrases if phrase in text)
        if found:
            leaks[url] = found
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            href = href.split("#")[0]
            followed = href.startswith(demo_site + "/en/") and "?" not in href
            if followed and href not in seen and not SKIPPED.search(href):
                to_visit.append(href)
    assert len(seen) >= 10, f"the walk reached only {sorted(seen)}"
    assert not leaks, f"Italian on English pages: {leaks}"
    # The switcher leads back to the same page in Italian.
    tab.goto(demo_site + "/en/about-us/")
    italian = tab.page.locator('.lang-switch a[hreflang="it"]')
    assert italian.get_attribute("href").endswith("/chi-siamo/")
