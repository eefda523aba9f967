"""Benchmark data for the home app: 500 text pages under a section of their own.

Called by ``manage.py generate_bench_data`` like every app's ``bench_data.generate(home, scale,
stdout)``, which returns how many objects it created and creates only what is missing. The text
helpers here (seeded, so every run writes the same site) are shared by the other apps' hooks.
"""

import random

from django.apps import apps

from home.bulk_pages import add_children
from home.models import StandardPage

SECTION_SLUG = "pagine-di-prova"
PAGES = 500

SUBJECTS = [
    "la biblioteca civica",
    "il quartiere di Santa Maria",
    "la pista ciclabile sul Leno",
    "il bilancio partecipato",
    "la mensa scolastica",
    "il parco di Sacco",
    "il trasporto pubblico serale",
    "la casa delle associazioni",
    "il mercato contadino",
    "le aule studio",
    "la raccolta differenziata",
    "le piazze del centro storico",
    "il consiglio comunale dei ragazzi",
    "gli orti condivisi",
    "la comunità energetica",
]
VERBS = [
    "abbiamo discusso",
    "proponiamo di ripensare",
    "chiediamo chiarezza su",
    "abbiamo visitato",
    "vogliamo difendere",
    "raccontiamo",
    "abbiamo studiato",
    "seguiamo da vicino",
]
CLOSINGS = [
    "insieme a chi ci vive ogni giorno",
    "con le associazioni del territorio",
    "in consiglio comunale",
    "durante l'ultima assemblea aperta",
    "con numeri e documenti alla mano",
    "ascoltando chi di solito non viene ascoltato",
    "senza dimenticare chi resta indietro",
]


class Text:
    """Plausible Italian copy, the same for the same seed."""

    def __init__(self, seed):
        self.random = random.Random(seed)  # noqa: S311  (repeatable copy, not secrets)

    def choice(self, items):
        return self.random.choice(items)

    def sentence(self):
        subject = self.choice(SUBJECTS)
        return f"{self.choice(VERBS).capitalize()} {subject} {self.choice(CLOSINGS)}."

    def title(self):
        return f"{self.choice(SUBJECTS).capitalize()}: {self.choice(VERBS)} il futuro"

    def paragraph(self, sentences=4):
        return " ".join(self.sentence() for _ in range(sentences))

    def rich_paragraph(self, sentences=4):
        return f"<p>{self.paragraph(sentences)}</p>"

    def body(self, sections=3):
        """StreamField data: headings, paragraphs and now and then a quote."""
        blocks = []
        for number in range(sections):
            blocks.append(
                {"type": "heading", "value": {"text": self.title(), "level": "h2"}},
            )
            blocks.append({"type": "paragraph", "value": self.rich_paragraph(5)})
            if number == 1:
                blocks.append(
                    {
                        "type": "quote",
                        "value": {"text": self.sentence(), "attribution": "Officina Comune"},
                    }
                )
            blocks.append({"type": "paragraph", "value": self.rich_paragraph(3)})
        return blocks


def scaled(count, scale):
    """``count`` times ``scale``, at least one."""
    return max(1, round(count * scale))


def missing_numbers(existing_slugs, prefix, count):
    """The numbers in 1..count whose slug ``<prefix>-NNNN`` is not taken yet."""
    return [
        number for number in range(1, count + 1) if f"{prefix}-{number:04d}" not in existing_slugs
    ]


def lenses_of(locale):
    """The lenses in ``locale`` (none when the program app has none yet)."""
    if not apps.is_installed("program"):
        return []
    try:
        lens_model = apps.get_model("program", "Lens")
    except LookupError:
        return []
    return list(lens_model.objects.filter(locale=locale))


def ensure_section(home, model, slug, **fields):
    """The child of ``home`` with this slug, created (live, in no menu) when missing."""
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, 0
    (section,) = add_children(home, [model(slug=slug, show_in_menus=False, **fields)])
    return section, 1


def generate(home, scale, stdout):
    text = Text("home")
    section, created = ensure_section(
        home,
        StandardPage,
        SECTION_SLUG,
        title="Pagine di prova",
        intro="Pagine generate per misurare le prestazioni del sito.",
    )
    count = scaled(PAGES, scale)
    existing = set(section.get_children().values_list("slug", flat=True))
    numbers = missing_numbers(existing, "pagina", count)
    pages = []
    for number in numbers:
        text.random.seed(f"home-{number}")
        pages.append(
            StandardPage(
                title=f"{text.title()} ({number})",
                slug=f"pagina-{number:04d}",
                intro=text.paragraph(2),
                body=text.body(),
                search_description=text.sentence(),
            )
        )
    add_children(section, pages)
    lenses = lenses_of(home.locale)
    if lenses and pages:
        through = StandardPage.lenses.through
        links = []
        for page in pages:
            text.random.seed(f"home-lenses-{page.slug}")
            for lens in text.random.sample(lenses, k=min(len(lenses), text.random.randint(0, 2))):
                links.append(through(standardpage_id=page.pk, lens_id=lens.pk))
        through.objects.bulk_create(links)
    stdout.write(f"home: {len(pages)} text pages created ({count} wanted).")
    return created + len(pages)
