"""Benchmark data for the program app: 100 participatory processes and 500 council acts.

Called by ``manage.py generate_bench_data`` (see ``home/bench_data.py``); creates only what is
missing, so a second run creates nothing. Processes go into the site's process index (the demo's
"Percorsi partecipativi", or an index of their own), acts into the council-activity index. Every
generated process has the same shape (four phases, two lenses, two neighbourhoods, a link), so
that any of them costs the same queries and the benchmark can compare pages picked at different
data sizes; their dates spread around today so every status and phase state occurs.

The copy has a vocabulary of its own, away from the benchmark's search query, so that the search
page is measured on the same kinds of results at every data size.
"""

import datetime
import random

from django.utils import timezone

from home.bench_data import lenses_of, missing_numbers, scaled
from home.bulk_pages import add_children

from .models import (
    CouncilActIndexPage,
    CouncilActPage,
    CouncilActSignatory,
    CouncilActStatus,
    Neighbourhood,
    PersonPage,
    ProcessIndexPage,
    ProcessLink,
    ProcessPage,
    ProcessPhase,
)

PROCESSES = 100
ACTS = 500
ACT_TYPES = ["mozione", "interrogazione", "interpellanza", "ordine-del-giorno", "emendamento"]
TOPICS = [
    "il parco lungo il Leno",
    "le piazze di Borgo Sacco",
    "i cortili delle scuole",
    "la biblioteca di quartiere",
    "gli orti di Lizzana",
    "le strade del centro storico",
    "il mercato del sabato",
    "le panchine di Santa Maria",
]
ASKS = [
    "ripensare insieme a chi ci vive",
    "rendere più sicuri per chi cammina",
    "aprire anche la sera",
    "curare con le associazioni del quartiere",
    "rendere accessibili a ogni età",
]


class Copy:
    """Repeatable copy for processes and acts (seeded: every run writes the same site)."""

    def __init__(self):
        self.random = random.Random()  # noqa: S311  (repeatable copy, not secrets)

    def seed(self, value):
        self.random.seed(value)

    def sentence(self):
        topic, ask = self.random.choice(TOPICS), self.random.choice(ASKS)
        return f"Vogliamo {ask} {topic}."

    def paragraph(self, sentences=3):
        return " ".join(self.sentence() for _ in range(sentences))

    def rich_paragraph(self, sentences=3):
        return f"<p>{self.paragraph(sentences)}</p>"

    def body(self):
        return [{"type": "paragraph", "value": self.rich_paragraph(4)}]

    def topic(self):
        return self.random.choice(TOPICS)


def _index(home, model, title, slug):
    index = model.objects.child_of(home).order_by("path").first()
    if index is not None:
        return index, 0
    (index,) = add_children(home, [model(title=title, slug=slug)])
    return index, 1


def _neighbourhoods():
    found = list(Neighbourhood.objects.all()[:7])
    if len(found) >= 2:
        return found, 0
    created = [
        Neighbourhood.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in (("Quartiere nord", "quartiere-nord"), ("Quartiere sud", "quartiere-sud"))
    ]
    return created, len(created)


def _phases(page, text, today, offset):
    """Four phases around ``today``, shifted by ``offset`` days: all statuses occur."""

    def day(days):
        return today + datetime.timedelta(days=offset + days)

    phases = [
        ProcessPhase(
            page=page,
            sort_order=0,
            title="Assemblea di avvio",
            date_kind="single",
            start_date=day(-120),
        ),
        ProcessPhase(
            page=page,
            sort_order=1,
            title="Laboratori nei quartieri",
            date_kind="range",
            precision="month",
            start_date=day(-90),
            end_date=day(-10),
            description=text.rich_paragraph(2),
        ),
        ProcessPhase(
            page=page,
            sort_order=2,
            title="Raccolta delle proposte",
            date_kind="range",
            start_date=day(-9),
            end_date=day(30),
            cta_text="Partecipa",
            cta_url="https://example.org/partecipa",
        ),
        ProcessPhase(
            page=page,
            sort_order=3,
            title="Restituzione alla città",
            date_kind="single",
            start_date=day(60),
        ),
    ]
    for phase in phases:
        phase.set_span()
    return phases


def generate_processes(home, scale, text):
    index, created = _index(home, ProcessIndexPage, "Percorsi partecipativi", "percorsi")
    neighbourhoods, made = _neighbourhoods()
    created += made
    lenses = lenses_of(home.locale)
    count = scaled(PROCESSES, scale)
    existing = set(index.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    pages = []
    for number in missing_numbers(existing, "percorso", count):
        text.seed(f"program-process-{number}")
        pages.append(
            ProcessPage(
                title=f"Un percorso per {text.topic()} ({number})",
                slug=f"percorso-{number:04d}",
                summary=text.paragraph(2),
                body=text.body(),
                participation=text.rich_paragraph(2),
                contact_office="Ufficio Partecipazione",
                contact_email="partecipazione@example.org",
                funding_note="Finanziato con fondi comunali.",
            )
        )
    add_children(index, pages)
    phases, links, lens_links, place_links = [], [], [], []
    for page in pages:
        number = int(page.slug.rsplit("-", 1)[1])
        text.seed(f"program-process-links-{number}")
        # From long concluded to not yet started: offsets spread over about a year.
        phases.extend(_phases(page, text, today, offset=(number % 13) * 30 - 180))
        links.append(
            ProcessLink(
                page=page, title="Il percorso sul sito del Comune", url="https://example.org/"
            )
        )
        for lens in text.random.sample(lenses, k=min(2, len(lenses))):
            lens_links.append(ProcessPage.lenses.through(processpage_id=page.pk, lens_id=lens.pk))
        for place in text.random.sample(neighbourhoods, k=2):
            place_links.append(
                ProcessPage.neighbourhoods.through(
                    processpage_id=page.pk, neighbourhood_id=place.pk
                )
            )
    for inline in (*phases, *links):
        inline.locale_id = home.locale_id  # translatable with the page (bulk skips the default)
    ProcessPhase.objects.bulk_create(phases)
    ProcessLink.objects.bulk_create(links)
    ProcessPage.lenses.through.objects.bulk_create(lens_links)
    ProcessPage.neighbourhoods.through.objects.bulk_create(place_links)
    return created, len(pages)


def generate_acts(home, scale, text):
    index, created = _index(home, CouncilActIndexPage, "Attività in consiglio", "consiglio")
    people = list(PersonPage.objects.live().filter(locale=home.locale).order_by("path")[:6])
    lenses = lenses_of(home.locale)
    count = scaled(ACTS, scale)
    existing = set(index.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    pages = []
    for number in missing_numbers(existing, "atto", count):
        text.seed(f"program-act-{number}")
        pages.append(
            CouncilActPage(
                title=f"Che cosa faremo per {text.topic()}? ({number})",
                slug=f"atto-{number:04d}",
                act_type=ACT_TYPES[number % len(ACT_TYPES)],
                number=f"{number}/{today.year}",
                date_presented=today - datetime.timedelta(days=2 * number + 30),
                summary=text.paragraph(2),
                body=text.body(),
            )
        )
    add_children(index, pages)
    signatories, statuses, lens_links = [], [], []
    outcomes = ["approvata", "respinta", "ritirata", None, None]
    for page in pages:
        number = int(page.slug.rsplit("-", 1)[1])
        text.seed(f"program-act-links-{number}")
        for order, person in enumerate(text.random.sample(people, k=min(2, len(people)))):
            signatories.append(CouncilActSignatory(page=page, person=person, sort_order=order))
        discussed = page.date_presented + datetime.timedelta(days=20)
        if discussed <= today:
            statuses.append(CouncilActStatus(page=page, status="discussa", date=discussed))
            outcome = outcomes[number % len(outcomes)]
            if outcome:
                statuses.append(
                    CouncilActStatus(page=page, status=outcome, date=discussed, sort_order=1)
                )
        for lens in text.random.sample(lenses, k=min(2, len(lenses))):
            lens_links.append(
                CouncilActPage.lenses.through(councilactpage_id=page.pk, lens_id=lens.pk)
            )
    for status in statuses:
        status.locale_id = home.locale_id  # translatable with the page (bulk skips the default)
    CouncilActSignatory.objects.bulk_create(signatories)
    CouncilActStatus.objects.bulk_create(statuses)
    CouncilActPage.lenses.through.objects.bulk_create(lens_links)
    return created, len(pages)


def generate(home, scale, stdout):
    text = Copy()
    created, processes = generate_processes(home, scale, text)
    more, acts = generate_acts(home, scale, text)
    stdout.write(f"program: {processes} processes and {acts} council acts created.")
    return created + more + processes + acts
