"""Demo: two participatory processes, retold from the sources in our own words.

- The path towards a community "Opificio" (community welfare), with its milestones and the
  structured sections of its presentation.
- The neighbourhood labs of 2023, with phases over date ranges and seven pilot neighbourhoods.
  The sources do not say which seven: the demo names seven neighbourhoods of Rovereto as an
  example.
"""

from datetime import date

INDEX = {
    "title": "Percorsi partecipativi",
    "slug": "percorsi",
    "show_in_menus": True,
    "intro": (
        "I percorsi in cui la città decide insieme: quelli in corso, quelli in arrivo e quelli "
        "conclusi, con le tappe e il modo per dire la tua."
    ),
    "search_description": "I percorsi partecipativi di Rovereto seguiti da Officina Comune.",
}

NEIGHBOURHOODS = [
    ("Centro storico", "centro-storico"),
    ("Borgo Sacco", "borgo-sacco"),
    ("Lizzana", "lizzana"),
    ("Marco", "marco"),
    ("Noriglio", "noriglio"),
    ("San Giorgio", "san-giorgio"),
    ("Santa Maria", "santa-maria"),
]


def keywords(items):
    return {"type": "keywords", "value": {"heading": "Parole chiave", "keywords": items}}


def listing(kind, heading, items, intro=""):
    return {"type": kind, "value": {"heading": heading, "intro": intro, "items": items}}


OPIFICIO = {
    "page": {
        "title": "Verso l'Opificio di Comunità",
        "slug": "opificio-di-comunita",
        "summary": (
            "Luoghi e azioni condivise per una comunità che si prende cura di tutte e tutti: il "
            "Comune costruisce con la città un welfare locale fatto insieme."
        ),
        "search_description": (
            "Il percorso verso l'Opificio di Comunità di Rovereto: tappe, obiettivi e come "
            "contribuire."
        ),
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Le reti che un tempo tenevano insieme famiglie e vicinati si sono fatte "
                    "più fragili, e molte persone affrontano da sole problemi che sarebbero più "
                    "leggeri condivisi. L'idea dell'Opificio è che il mutuo aiuto vada "
                    "ricostruito e riconosciuto come un diritto: uscire dall'isolamento e "
                    "imparare di nuovo a collaborare.</p>"
                ),
            },
            {
                "type": "heading",
                "value": {"text": "Come possiamo produrre benessere insieme?", "level": "h2"},
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>È la domanda da cui parte il percorso. Le risposte di chi vive e lavora "
                    "in città aiuteranno a decidere che cosa farà l'Opificio e dove.</p>"
                ),
            },
        ],
        "sections": [
            keywords(
                [
                    "Opificio: «opus», opera, più «-ficium», fare",
                    "fare insieme",
                    "bene comune",
                    "luogo",
                    "costruire",
                ]
            ),
            listing(
                "objectives",
                "Obiettivi",
                [
                    "Mettere in rete le azioni per un welfare locale fondato sulla comunità",
                    "Tenere insieme servizi sociali, sanitari ed educativi in una visione unica",
                ],
            ),
            {
                "type": "places",
                "value": {
                    "heading": "Luoghi",
                    "text": (
                        "<p>L'Opificio sarà fatto di spazi fisici in cui incontrarsi, ma anche di "
                        "luoghi immateriali dove si intrecciano sociale, salute, welfare, "
                        "educazione e cultura.</p>"
                    ),
                },
            },
            listing(
                "tools",
                "Strumenti",
                [
                    "Il regolamento comunale per l'amministrazione condivisa dei beni comuni, "
                    "con i patti di collaborazione",
                    "Una cabina di regia che coordina progetti e interventi",
                ],
            ),
            listing(
                "actors",
                "Attori",
                [
                    "La pubblica amministrazione",
                    "Le imprese",
                    "Le associazioni e il terzo settore",
                    "Ogni singola persona",
                ],
            ),
            {
                "type": "results",
                "value": {
                    "heading": "Risultati attesi",
                    "results": [
                        {
                            "title": "Tessere relazioni",
                            "text": (
                                "Una rete tra tutte le realtà che si occupano di sociale in città."
                            ),
                        },
                        {
                            "title": "Fabbricare benessere",
                            "text": (
                                "Servizi pubblici collaborativi, costruiti intorno ai bisogni "
                                "delle persone e della comunità."
                            ),
                        },
                        {
                            "title": "Scolpire futuri",
                            "text": (
                                "Nuove forme di sostegno, cura e partecipazione che vadano oltre "
                                "l'assistenza."
                            ),
                        },
                    ],
                },
            },
        ],
        "participation": (
            "<p>Puoi rispondere alla domanda del percorso con il modulo «Dai il tuo contributo»: "
            "bastano pochi minuti e puoi farlo anche senza lasciare il tuo nome.</p>"
        ),
    },
    "lenses": ["cura-e-interdipendenza", "partecipazione", "lotta-alle-disuguaglianze"],
    "neighbourhoods": [],
    "phases": [
        {
            "title": "Il welfare di comunità entra nelle linee di mandato",
            "description": (
                "<p>Le linee di mandato 2024–2029 dedicano un obiettivo alla «casa di tutti»: "
                "welfare culturale e di comunità, salute e sicurezza.</p>"
            ),
            "date_kind": "range",
            "precision": "month",
            "start_date": date(2024, 1, 1),
            "end_date": date(2024, 12, 1),
            "date_label": "2024",
        },
        {
            "title": "Il lavoro interno al Comune",
            "description": (
                "<p>Gli uffici definiscono gli strumenti su cui si reggerà l'Opificio.</p>"
            ),
            "date_kind": "range",
            "precision": "month",
            "start_date": date(2025, 1, 1),
            "end_date": date(2025, 8, 1),
        },
        {
            "title": "Incontro di presentazione del percorso",
            "description": "<p>Un incontro pubblico per condividere il percorso con la città.</p>",
            "date_kind": "single",
            "precision": "day",
            "start_date": date(2025, 9, 11),
        },
        {
            "title": "Regolamento dei beni comuni e avvio del percorso partecipativo",
            "description": (
                "<p>Con il regolamento per la cura, la rigenerazione e la gestione condivisa "
                "dei beni comuni si apre la fase in cui tutte e tutti possono contribuire.</p>"
            ),
            "date_kind": "from",
            "precision": "day",
            "start_date": date(2025, 9, 29),
            "date_label": "da fine settembre 2025",
            "cta_text": "Dai il tuo contributo",
            "cta_form": True,  # the contribution form below, once it exists
        },
    ],
    "links": [
        (
            "L'Opificio di Comunità di Santarcangelo di Romagna, a cui il percorso si ispira",
            "https://www.comune.santarcangelo.rn.it/it/page/opificio-di-comunita",
        )
    ],
    "form": {
        "page": {
            "title": "Dai il tuo contributo",
            "slug": "dai-il-tuo-contributo",
            "intro": (
                "Come possiamo produrre benessere insieme? Raccontaci un'idea, un bisogno o "
                "un'esperienza: le risposte aiuteranno a decidere che cosa farà l'Opificio."
            ),
            "thank_you_text": (
                "<p>Grazie! Leggeremo il tuo contributo e lo porteremo nel percorso.</p>"
            ),
        },
        "fields": [
            {
                "label": "Come possiamo produrre benessere insieme?",
                "field_type": "multiline",
                "required": True,
                "help_text": "Un'idea, un bisogno, un'esperienza: anche poche righe.",
            },
            {
                "label": "In quale quartiere vivi o lavori?",
                "field_type": "dropdown",
                "required": False,
                "choices": "\n".join(name for name, _slug in NEIGHBOURHOODS) + "\nAltro",
            },
            {"label": "Il tuo nome", "field_type": "singleline", "required": False},
            {
                "label": "La tua e-mail, se vuoi essere ricontattata o ricontattato",
                "field_type": "email",
                "required": False,
            },
        ],
    },
}

LABS = {
    "page": {
        "title": "Laboratori di quartiere",
        "slug": "laboratori-di-quartiere",
        "summary": (
            "Spazi stabili di ascolto, confronto e decisione nei quartieri, sperimentati nel 2023 "
            "in sette quartieri pilota per costruire un modello condiviso."
        ),
        "search_description": (
            "I laboratori di quartiere di Rovereto: il percorso partecipativo del 2023, le fasi e "
            "i quartieri pilota."
        ),
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Il Comune ha proposto di portare le decisioni più vicino a chi le vive: "
                    "nei laboratori chi abita un quartiere fa emergere priorità e bisogni e "
                    "immagina soluzioni insieme. La sperimentazione è servita a scrivere un "
                    "modello comune per istituire e gestire i laboratori in tutta la città.</p>"
                    "<p>Accanto ai laboratori ha lavorato un Tavolo di negoziazione, in cui "
                    "gruppi, associazioni ed enti della città hanno seguito tutte le fasi del "
                    "percorso.</p>"
                ),
            }
        ],
        "sections": [],
        "participation": (
            "<p>Ognuno poteva dare una mano alle attività dei laboratori, oppure informarsi agli "
            "incontri pubblici e su queste pagine.</p>"
        ),
        "contact_office": "Ufficio Partecipazione del Comune",
        "funding_note": "Finanziato dal Bando Partecipazione 2022 (legge regionale 15/2018).",
    },
    "lenses": ["partecipazione", "lotta-alle-disuguaglianze"],
    "neighbourhoods": [slug for _name, slug in NEIGHBOURHOODS],
    "phases": [
        {
            "title": "Assemblea del Tavolo di negoziazione",
            "description": (
                "<p>Un'assemblea pubblica per decidere modi, luoghi e tempi del percorso e "
                "trovare in ciascuno dei sette quartieri chi possa coinvolgere più persone.</p>"
            ),
            "date_kind": "range",
            "precision": "month",
            "start_date": date(2023, 3, 1),
            "end_date": date(2023, 4, 1),
        },
        {
            "title": "Workshop nei sette quartieri pilota",
            "description": (
                "<p>Incontri aperti a tutti per individuare le esigenze più urgenti di ogni "
                "zona e trasformarle in idee di progetto.</p>"
            ),
            "date_kind": "range",
            "precision": "month",
            "start_date": date(2023, 4, 1),
            "end_date": date(2023, 6, 1),
        },
        {
            "title": "Workshop finale per tutta la città",
            "description": (
                "<p>I laboratori presentano i risultati e si discute che cosa mettere nel "
                "modello comune.</p>"
            ),
            "date_kind": "single",
            "precision": "month",
            "start_date": date(2023, 6, 1),
        },
        {
            "title": "Il modello della rete dei laboratori",
            "description": (
                "<p>Dai contributi dei laboratori pilota e con il Tavolo di negoziazione nasce "
                "il modello per la rete cittadina, presentato in un'assemblea aperta.</p>"
            ),
            "date_kind": "range",
            "precision": "month",
            "start_date": date(2023, 7, 1),
            "end_date": date(2023, 10, 1),
        },
    ],
    "links": [],
    "form": None,
}

PROCESSES = [OPIFICIO, LABS]
