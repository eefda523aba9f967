"""Demo: the 2024 electoral and mandate program and its eight themes.

The themes are the eight qualities of the city named in the 2024 program; the summaries,
commitments and progress notes are written for the demo.
"""

from datetime import date

LENS_INDEX = {
    "title": "Le lenti",
    "slug": "lenti",
    "intro": (
        "Quattro modi di guardare la città che usiamo per ogni proposta: scegline uno e trovi "
        "i temi del programma, i percorsi, gli appuntamenti e gli atti in consiglio che lo "
        "riguardano."
    ),
    "search_description": "Le quattro lenti di Officina Comune e tutto ciò che le riguarda.",
}

PROGRAM = {
    "title": "Il programma",
    "slug": "programma",
    "show_in_menus": True,
    "intro": (
        "Con questo programma ci siamo presentati alle elezioni comunali del 2024. Oggi è la "
        "traccia del mandato: per ogni tema diciamo che cosa ci siamo impegnati a fare e a che "
        "punto siamo."
    ),
    "search_description": (
        "Il programma 2024–2029 di Officina Comune per Rovereto: otto temi, gli impegni e il loro "
        "avanzamento."
    ),
    "document_title": "Scarica il programma completo (versione dimostrativa)",
}

PROGRAM_BODY = [
    {
        "type": "paragraph",
        "value": (
            "<p>Il programma immagina una Rovereto coraggiosa, giusta, vicina e aperta, "
            "interdipendente, di tutte e tutti, contemporanea, abitabile, che cura e che cambia. "
            "Ogni tema è letto attraverso le nostre quattro lenti: puoi sfogliarlo anche una "
            "lente alla volta.</p>"
        ),
    }
]

DOCUMENT_LINES = [
    "Versione dimostrativa creata per il sito di prova.",
    "Una città coraggiosa, giusta, vicina e aperta, interdipendente,",
    "di tutte e tutti, contemporanea, abitabile, che cura e che cambia.",
]

THEMES = [
    {
        "title": "Una città coraggiosa",
        "lenses": ["partecipazione"],
        "summary": (
            "Coraggio vuol dire provare strade nuove anche quando sono più lente di una decisione "
            "presa in una stanza: sperimentare, misurare, correggere, e dirlo apertamente."
        ),
        "commitments": [
            "Sperimentare ogni anno almeno un nuovo strumento di decisione condivisa",
            "Rendere pubblici i dati usati per le scelte più importanti",
        ],
        "progress": [
            (
                date(2024, 11, 5),
                "<p>Il consiglio ha approvato la nostra mozione per un regolamento dei beni "
                "comuni: è il primo passo verso i patti di collaborazione.</p>",
            ),
        ],
    },
    {
        "title": "Una città giusta",
        "lenses": ["lotta-alle-disuguaglianze"],
        "summary": (
            "Una città è giusta quando i servizi arrivano prima a chi ne ha più bisogno e quando "
            "le tariffe tengono conto di quanto ciascuno può dare."
        ),
        "commitments": [
            "Tariffe dei servizi per l'infanzia calcolate sul reddito",
            "Uno sportello unico per orientarsi tra aiuti e agevolazioni",
        ],
        "progress": [
            (
                date(2025, 1, 20),
                "<p>Abbiamo presentato una mozione sulle tariffe dei servizi per l'infanzia.</p>",
            ),
            (
                date(2025, 2, 25),
                "<p>La mozione è stata respinta: continueremo a proporla in sede di bilancio.</p>",
            ),
        ],
    },
    {
        "title": "Una città vicina e aperta",
        "lenses": ["partecipazione", "lotta-alle-disuguaglianze"],
        "summary": (
            "Vicina a chi la abita, quartiere per quartiere, e aperta a chi arriva: con luoghi di "
            "ascolto stabili e informazioni comprensibili a tutte e tutti."
        ),
        "commitments": [
            "Laboratori di quartiere con tempi e risorse certe",
            "Informazioni del Comune scritte in un linguaggio chiaro",
        ],
        "progress": [
            (
                date(2024, 11, 14),
                "<p>In consiglio abbiamo chiesto a che punto è la rete dei laboratori di "
                "quartiere nata nel 2023.</p>",
            ),
        ],
    },
    {
        "title": "Una città interdipendente",
        "lenses": ["cura-e-interdipendenza", "ecologia"],
        "summary": (
            "Quello che accade in un quartiere tocca gli altri, e la città dipende dal territorio "
            "che la circonda: per questo le scelte si fanno guardando l'insieme."
        ),
        "commitments": [
            "Un tavolo stabile tra servizi sociali, sanitari ed educativi",
            "Accordi con i comuni vicini su trasporti e ambiente",
        ],
        "progress": [],
    },
    {
        "title": "Una città di tutte e tutti",
        "lenses": ["lotta-alle-disuguaglianze", "partecipazione"],
        "summary": (
            "Spazi, servizi e decisioni pensati per chi di solito resta ai margini: giovani, "
            "persone anziane, persone con disabilità, chi è arrivato da poco."
        ),
        "commitments": [
            "Accessibilità verificata di ogni nuovo spazio pubblico",
            "Orari degli incontri pubblici compatibili con il lavoro e la cura",
        ],
        "progress": [],
    },
    {
        "title": "Una città contemporanea",
        "lenses": ["partecipazione"],
        "summary": (
            "Strumenti digitali semplici e rispettosi, cultura diffusa e una pubblica "
            "amministrazione che impara dalle esperienze di altre città."
        ),
        "commitments": [
            "Servizi online accessibili e senza tracciamento",
            "Spazi culturali aperti anche la sera",
        ],
        "progress": [],
    },
    {
        "title": "Una città abitabile",
        "lenses": ["ecologia"],
        "summary": (
            "Aria pulita, ombra d'estate, strade sicure per chi cammina e va in bicicletta: "
            "una città dove si sta bene a ogni età."
        ),
        "commitments": [
            "Più alberi e ombra nei cortili delle scuole",
            "Trasporto pubblico serale verso le frazioni",
        ],
        "progress": [
            (
                date(2025, 4, 7),
                "<p>Approvato il nostro ordine del giorno su alberi e ombra nei cortili delle "
                "scuole.</p>",
            ),
        ],
    },
    {
        "title": "Una città che cura e che cambia",
        "lenses": ["cura-e-interdipendenza"],
        "summary": (
            "Prendersi cura delle persone e dei luoghi insieme, con un welfare di comunità che "
            "cresce con chi lo usa e cambia quando cambiano i bisogni."
        ),
        "commitments": [
            "Un Opificio di Comunità per il welfare locale",
            "Sostegno a chi si prende cura di familiari e vicini",
        ],
        "progress": [
            (
                date(2025, 9, 11),
                "<p>Il Comune ha presentato il percorso verso l'Opificio di Comunità: ora tocca "
                "a tutte e tutti contribuire.</p>",
            ),
        ],
    },
]
