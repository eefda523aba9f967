"""Demo events for Officina Comune, written for this project.

Dates are computed from the day the content is loaded, so the calendar always has upcoming and
past events. Like the rest of the demo content, it creates what is missing and changes nothing
that exists.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Locale

from events.models import (
    EventCategory,
    EventDocument,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventSpeaker,
    EventStatus,
    EventStreamLink,
    RegistrationMode,
    Venue,
)
from program.models import Lens


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


INDEX = {
    "title": "Eventi",
    "slug": "eventi",
    "show_in_menus": True,
    "intro": (
        "Assemblee, laboratori nei quartieri, serate di racconto dal consiglio comunale e "
        "incontri online: gli appuntamenti aperti a chi vuole conoscerci e dire la sua."
    ),
    "search_description": (
        "Il calendario degli appuntamenti di Officina Comune a Rovereto e online."
    ),
}

CATEGORIES = [
    ("Assemblee", "assemblee", "Incontri aperti a tutta la città."),
    ("Webinar", "webinar", "Incontri online da seguire in diretta."),
    ("Laboratori di quartiere", "laboratori", "Lavoro in piccoli gruppi, quartiere per quartiere."),
    ("Dal consiglio comunale", "consiglio", "Raccontiamo che cosa succede in consiglio."),
]

VENUES = [
    {
        "name": "Urban Center",
        "address": "Corso Rosmini 58",
        "postal_code": "38068",
        "city": "Rovereto",
        "latitude": "45.889400",
        "longitude": "11.039300",
        "accessibility": "Ingresso al piano terra senza gradini, bagno accessibile.",
    },
    {
        "name": "Auditorium Fausto Melotti",
        "address": "Corso Bettini 43",
        "postal_code": "38068",
        "city": "Rovereto",
        "latitude": "45.890900",
        "longitude": "11.042900",
        "accessibility": "Posti riservati per carrozzine in platea.",
    },
    {
        "name": "Casa di quartiere di Lizzana",
        "address": "Via della Scuola 4",
        "postal_code": "38068",
        "city": "Rovereto",
        "accessibility": "",
    },
]


def at(days, hour, minute=0):
    """Local Rovereto time ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def events():
    """The demo events, built when loading so that their dates follow the calendar."""
    return [
        {
            "title": "Generare prossimità: Case del Quartiere e Patti di collaborazione",
            "slug": "generare-prossimita",
            "start": at(9, 18),
            "end": at(9, 19, 30),
            "format": EventFormat.ONLINE,
            "categories": ["webinar"],
            "lenses": ["cura-e-interdipendenza", "partecipazione"],
            # No limit of places: registering gets the link and a reminder before the start.
            "registration": RegistrationMode.SITE,
            "summary": (
                "Un'ora e mezza online per capire come le Case del Quartiere e i Patti di "
                "collaborazione possano lavorare insieme e rafforzare i legami di vicinato."
            ),
            "organisers": "Labsus – Laboratorio per la Sussidiarietà",
            "partners": "Rete delle Case del Quartiere di Torino\nOfficina Comune",
            "body": [
                heading("Due strumenti per la prossimità"),
                paragraph(
                    "<p>Dal 2014 a Torino la Rete delle Case del Quartiere apre spazi pubblici "
                    "dove ogni quartiere trova ciò di cui ha bisogno: cultura, sportelli, servizi "
                    "alla persona, un posto dove mangiare insieme. Negli stessi anni, in "
                    "centinaia di comuni italiani, i Patti di collaborazione hanno messo per "
                    "iscritto come cittadini, associazioni e amministrazioni si prendono cura "
                    "insieme dei beni comuni.</p>"
                ),
                paragraph(
                    "<p>Strade diverse, un traguardo comune: ricucire la comunità rendendo più "
                    "facile collaborare. Che cosa succede se le due esperienze si incontrano?</p>"
                ),
                heading("Esperienze da raccontare"),
                paragraph(
                    "<p>A Latina decine di firmatari, tra associazioni e singole persone, "
                    "gestiscono le cinque Case di Quartiere della città attraverso Patti di "
                    "collaborazione complessi. A Torino un community hub nato da un Patto "
                    "organizza attività culturali, formative e di aggregazione insieme a chi "
                    "abita il quartiere.</p>"
                ),
                paragraph(
                    "<p>Ci chiederemo quale welfare di comunità può nascere dall'incontro dei due "
                    "strumenti, e come una Casa del Quartiere possa far nascere, accompagnare e "
                    "portare a termine un Patto.</p>"
                ),
            ],
            "speakers": [
                (
                    "Erika Mattarella",
                    "",
                    "Cooperativa Sociale Liberitutti – Bagni Pubblici di via Agliè",
                    False,
                ),
                (
                    "Giorgia Bonfante",
                    "",
                    "Cooperativa Sociale Liberitutti – Rete delle Case del Quartiere",
                    False,
                ),
                ("Elen Ganio", "Community manager", "Beeozanam", False),
                ("Cristina Leggio", "già amministratrice", "Comune di Latina", False),
                ("Emanuele Di Russo", "già amministratore", "Comune di Latina", False),
                ("Giulia Marra", "", "Labsus – Laboratorio per la Sussidiarietà", True),
            ],
            "streams": [
                "https://www.facebook.com/labsus/live",
                "https://www.youtube.com/@labsus/live",
            ],
            "programme": "Programma del webinar Generare prossimità",
        },
        {
            "title": "Assemblea aperta: la Rovereto che vogliamo abitare",
            "slug": "assemblea-aperta-rovereto",
            "start": at(5, 20, 30),
            "end": at(5, 22, 30),
            "format": EventFormat.IN_PERSON,
            "venue": "Urban Center",
            "venue_note": "Sala grande al piano terra.",
            "categories": ["assemblee"],
            "lenses": ["partecipazione"],
            "registration": RegistrationMode.SITE,
            "capacity": 80,
            "waiting_list": True,
            "summary": (
                "Una serata per fare il punto insieme: che cosa abbiamo imparato in questi mesi "
                "e su quali temi vogliamo lavorare nel prossimo anno."
            ),
            "body": [
                paragraph(
                    "<p>L'assemblea è aperta a chiunque, anche a chi non ci conosce ancora. Dopo "
                    "una breve introduzione lavoreremo in piccoli gruppi sulle quattro lenti con "
                    "cui guardiamo la città: disuguaglianze, cura, ecologia e partecipazione.</p>"
                ),
                paragraph(
                    "<p>Alla fine metteremo in comune le proposte e decideremo insieme le "
                    "priorità. C'è uno spazio per bambine e bambini con due volontarie.</p>"
                ),
            ],
            "speakers": [],
        },
        {
            "title": "Laboratorio di quartiere a Lizzana",
            "slug": "laboratorio-quartiere-lizzana",
            "start": at(-12, 18),
            "end": at(-12, 20, 30),
            "format": EventFormat.IN_PERSON,
            "venue": "Casa di quartiere di Lizzana",
            "categories": ["laboratori"],
            "lenses": ["lotta-alle-disuguaglianze", "cura-e-interdipendenza"],
            "process": "laboratori-di-quartiere",
            "summary": (
                "Due ore e mezza con chi abita il quartiere per individuare i bisogni più "
                "urgenti e trasformarli in idee di progetto."
            ),
            "body": [
                paragraph(
                    "<p>Sulla scia dei laboratori di quartiere sperimentati in città, abbiamo "
                    "proposto un pomeriggio di ascolto: mappe, post-it e tavoli di lavoro per "
                    "capire che cosa manca e che cosa funziona a Lizzana.</p>"
                ),
                paragraph(
                    "<p>Le idee raccolte saranno presentate al prossimo incontro pubblico e "
                    "portate in consiglio comunale dalle nostre consigliere e dai nostri "
                    "consiglieri.</p>"
                ),
            ],
            "speakers": [],
        },
        {
            "title": "Sei mesi in consiglio comunale: serata di restituzione",
            "slug": "serata-restituzione-consiglio",
            "start": at(21, 20, 30),
            "end": at(21, 22),
            "previous_start": at(14, 20, 30),
            "status": EventStatus.POSTPONED,
            "status_note": (
                "Spostata di una settimana per non sovrapporsi alla seduta del consiglio."
            ),
            "format": EventFormat.IN_PERSON,
            "venue": "Auditorium Fausto Melotti",
            "categories": ["consiglio"],
            "lenses": ["partecipazione"],
            "summary": (
                "Le nostre sei persone elette raccontano mozioni, interrogazioni e voti degli "
                "ultimi mesi, e rispondono alle domande."
            ),
            "body": [
                paragraph(
                    "<p>Che cosa vuol dire stare all'opposizione e, insieme, costruire proposte? "
                    "Ripercorriamo i passaggi principali della vita del consiglio comunale e "
                    "spieghiamo come abbiamo votato e perché.</p>"
                ),
            ],
            "speakers": [],
        },
        {
            "title": "Il bilancio del Comune spiegato semplice",
            "slug": "bilancio-comune-spiegato",
            "start": at(30, 18, 30),
            "end": at(30, 20),
            "format": EventFormat.HYBRID,
            "venue": "Urban Center",
            "categories": ["consiglio", "assemblee"],
            "lenses": ["lotta-alle-disuguaglianze", "partecipazione"],
            "summary": (
                "Da dove arrivano e dove vanno i soldi della città: un incontro in sala e in "
                "diretta per leggere insieme il bilancio di previsione."
            ),
            "body": [
                paragraph(
                    "<p>Il bilancio è il documento più importante dell'anno, ma anche il più "
                    "difficile da leggere. Proviamo a renderlo comprensibile, voce per voce, "
                    "con esempi concreti sui servizi del quartiere.</p>"
                ),
                paragraph(
                    "<p>Si può partecipare in sala oppure seguire la diretta e fare domande "
                    "nella chat.</p>"
                ),
            ],
            "speakers": [],
            "streams": ["https://www.youtube.com/@officinacomune/live"],
        },
        {
            "title": "Patti di collaborazione: come si scrivono",
            "slug": "patti-collaborazione-come-si-scrivono",
            "start": at(-35, 18),
            "end": at(-35, 19, 30),
            "format": EventFormat.ONLINE,
            "categories": ["webinar"],
            "lenses": ["partecipazione"],
            "summary": (
                "Un incontro online per chi vuole prendersi cura di un luogo della città "
                "insieme al Comune: dall'idea al patto firmato."
            ),
            "body": [
                paragraph(
                    "<p>Abbiamo visto passo passo come nasce un Patto di collaborazione: chi può "
                    "proporlo, che cosa contiene, quali impegni prendono le due parti.</p>"
                ),
            ],
            "speakers": [],
            "replay_url": "https://www.youtube.com/@officinacomune/videos",
        },
        {
            "title": "Passeggiata di quartiere a Santa Maria",
            "slug": "passeggiata-quartiere-santa-maria",
            "start": at(3, 10),
            "end": at(3, 12),
            "status": EventStatus.CANCELLED,
            "status_note": "Annullata per l'allerta meteo: la riproporremo in primavera.",
            "format": EventFormat.IN_PERSON,
            "categories": ["laboratori"],
            "lenses": ["ecologia"],
            "summary": "Una camminata per osservare insieme spazi pubblici, marciapiedi e parchi.",
            "body": [],
            "speakers": [],
        },
    ]


def minimal_pdf(title, lines):
    """A one-page PDF with a few lines of text (demo programme; no library needed)."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 18 Tf 60 780 Td ({escape(title)}) Tj ET"]
    for index, line in enumerate(lines):
        rows.append(f"BT /F1 12 Tf 60 {740 - index * 22} Td ({escape(line)}) Tj ET")
    stream = "\n".join(rows).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


PROGRAMME_LINES = [
    "18:00  Benvenuto e introduzione (Labsus)",
    "18:10  Le Case del Quartiere di Torino",
    "18:30  Un community hub nato da un Patto",
    "18:50  L'esperienza di Latina",
    "19:10  Domande dal pubblico",
    "19:30  Conclusione",
]


def load(home, stdout):
    """Create the calendar, its categories, venues and events where missing."""
    created = 0
    locale = Locale.get_default()
    index = home.get_children().filter(slug=INDEX["slug"]).first()
    if index is None:
        index = EventIndexPage(**INDEX)
        home.add_child(instance=index)
        index.save_revision().publish()
        created += 1
    else:
        index = index.specific

    categories = {}
    for name, slug, description in CATEGORIES:
        category, was_created = EventCategory.objects.get_or_create(
            locale=locale, slug=slug, defaults={"name": name, "description": description}
        )
        categories[slug] = category
        created += was_created

    venues = {}
    for spec in VENUES:
        venue, was_created = Venue.objects.get_or_create(
            locale=locale,
            name=spec["name"],
            defaults={k: v for k, v in spec.items() if k != "name"},
        )
        venues[venue.name] = venue
        created += was_created

    existing = set(index.get_children().values_list("slug", flat=True))
    for spec in events():
        if spec["slug"] in existing:
            continue
        create_event(index, spec, categories, venues)
        created += 1
    if created:
        stdout.write(f"Events: {created} objects created.")
    return created


def _process(slug):
    """The demo participatory process with ``slug`` (loaded before events), if any."""
    if not slug:
        return None
    from program.models import ProcessPage

    return ProcessPage.objects.filter(slug=slug, locale=Locale.get_default()).first()


def create_event(index, spec, categories, venues):
    spec = dict(spec)
    speakers = spec.pop("speakers", [])
    streams = spec.pop("streams", [])
    programme = spec.pop("programme", None)
    category_slugs = spec.pop("categories", [])
    lens_slugs = spec.pop("lenses", [])
    venue_name = spec.pop("venue", None)
    process_slug = spec.pop("process", None)
    event = EventPage(venue=venues.get(venue_name), related_process=_process(process_slug), **spec)
    event.slug = event.slug or slugify(event.title)
    for order, (name, role, affiliation, moderator) in enumerate(speakers):
        event.speakers.add(
            EventSpeaker(
                name=name,
                role=role,
                affiliation=affiliation,
                is_moderator=moderator,
                sort_order=order,
            )
        )
    for order, url in enumerate(streams):
        event.stream_links.add(EventStreamLink(url=url, sort_order=order))
    if programme:
        document = get_document_model()(title=programme)
        document.file.save(
            f"{event.slug}-programma.pdf",
            ContentFile(minimal_pdf(programme, PROGRAMME_LINES)),
            save=False,
        )
        document._set_document_file_metadata()
        document.save()
        event.documents.add(
            EventDocument(document=document, title="Programma completo", sort_order=0)
        )
    event.categories = [categories[slug] for slug in category_slugs]
    event.lenses = list(Lens.objects.filter(locale=index.locale, slug__in=lens_slugs))
    index.add_child(instance=event)
    event.save_revision().publish()
    return event
