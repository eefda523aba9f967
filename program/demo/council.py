"""Demo: the six councillors and a handful of their council acts.

The sources do not name the six councillors elected in June 2024, so the demo uses clearly
fictional placeholder names ("Esempio", "Prova", "Segnaposto"…); their acts are invented too.
"""

from datetime import date

PEOPLE_INDEX = {
    "title": "Chi ci rappresenta",
    "slug": "persone",
    "show_in_menus": True,
    "intro": (
        "Dal giugno 2024 siamo in consiglio comunale con sei persone. Qui trovi chi sono, di che "
        "cosa si occupano e come contattarle. (Nomi e profili di esempio.)"
    ),
    "search_description": "Le consigliere e i consiglieri comunali di Officina Comune.",
}

TERM_START = date(2024, 6, 1)

PEOPLE = [
    {
        "title": "Alice Esempio",
        "slug": "alice-esempio",
        "role_label": "Consigliera comunale, capogruppo",
        "short_bio": (
            "Profilo di esempio. Insegnante, segue la scuola, i servizi per l'infanzia e le "
            "politiche contro le disuguaglianze."
        ),
        "lenses": ["lotta-alle-disuguaglianze", "cura-e-interdipendenza"],
    },
    {
        "title": "Bruno Prova",
        "slug": "bruno-prova",
        "role_label": "Consigliere comunale",
        "short_bio": (
            "Profilo di esempio. Si occupa di mobilità, verde urbano e qualità dell'aria."
        ),
        "lenses": ["ecologia"],
    },
    {
        "title": "Chiara Segnaposto",
        "slug": "chiara-segnaposto",
        "role_label": "Consigliera comunale",
        "short_bio": (
            "Profilo di esempio. Segue i percorsi partecipativi e i laboratori di quartiere."
        ),
        "lenses": ["partecipazione"],
    },
    {
        "title": "Davide Fittizio",
        "slug": "davide-fittizio",
        "role_label": "Consigliere comunale",
        "short_bio": "Profilo di esempio. Lavora su bilancio, casa e servizi sociali.",
        "lenses": ["lotta-alle-disuguaglianze"],
    },
    {
        "title": "Elena Modello",
        "slug": "elena-modello",
        "role_label": "Consigliera comunale",
        "short_bio": (
            "Profilo di esempio. Si occupa di welfare di comunità, salute e cura delle persone."
        ),
        "lenses": ["cura-e-interdipendenza"],
    },
    {
        "title": "Fabio Campione",
        "slug": "fabio-campione",
        "role_label": "Consigliere comunale",
        "short_bio": "Profilo di esempio. Segue cultura, giovani e spazi pubblici.",
        "lenses": ["partecipazione", "ecologia"],
    },
]

COUNCIL_INDEX = {
    "title": "Attività in consiglio",
    "slug": "consiglio",
    "show_in_menus": True,
    "intro": (
        "Mozioni, interrogazioni, ordini del giorno ed emendamenti che abbiamo portato in "
        "consiglio comunale, con il loro esito. (Atti di esempio.)"
    ),
    "search_description": "Gli atti presentati in consiglio comunale da Officina Comune.",
}

ACTS = [
    {
        "title": "Un regolamento per la cura condivisa dei beni comuni",
        "slug": "regolamento-beni-comuni",
        "act_type": "mozione",
        "number": "31/2024",
        "date_presented": date(2024, 9, 12),
        "summary": (
            "Chiede alla giunta di adottare un regolamento che permetta a cittadine, cittadini e "
            "associazioni di prendersi cura di spazi e beni comuni con patti di collaborazione."
        ),
        "signatories": ["chiara-segnaposto", "alice-esempio", "elena-modello"],
        "history": [("discussa", date(2024, 10, 22)), ("approvata", date(2024, 11, 5))],
        "lenses": ["partecipazione", "cura-e-interdipendenza"],
        "process": "opificio-di-comunita",
    },
    {
        "title": "A che punto è la rete dei laboratori di quartiere?",
        "slug": "rete-laboratori-di-quartiere",
        "act_type": "interrogazione",
        "number": "58/2024",
        "date_presented": date(2024, 10, 2),
        "summary": (
            "Domanda quali laboratori sperimentati nel 2023 sono ancora attivi e con quali "
            "risorse il Comune intende estendere la rete."
        ),
        "signatories": ["chiara-segnaposto"],
        "history": [("discussa", date(2024, 11, 14))],
        "lenses": ["partecipazione"],
        "process": "laboratori-di-quartiere",
    },
    {
        "title": "Tariffe dei servizi per l'infanzia secondo il reddito",
        "slug": "tariffe-servizi-infanzia",
        "act_type": "mozione",
        "number": "7/2025",
        "date_presented": date(2025, 1, 20),
        "summary": (
            "Propone tariffe per nidi e servizi estivi calcolate sull'indicatore della situazione "
            "economica, senza salti tra una fascia e l'altra."
        ),
        "signatories": ["alice-esempio", "davide-fittizio"],
        "history": [("discussa", date(2025, 2, 25)), ("respinta", date(2025, 2, 25))],
        "lenses": ["lotta-alle-disuguaglianze", "cura-e-interdipendenza"],
    },
    {
        "title": "Alberi e ombra nei cortili delle scuole",
        "slug": "alberi-cortili-scuole",
        "act_type": "ordine-del-giorno",
        "number": "12/2025",
        "date_presented": date(2025, 3, 3),
        "summary": (
            "Impegna il Comune a piantare alberi e a creare zone d'ombra nei cortili delle scuole "
            "che ne sono prive, a partire da quelle più esposte al caldo."
        ),
        "signatories": ["bruno-prova", "fabio-campione"],
        "history": [("approvata", date(2025, 4, 7), "Approvato all'unanimità.")],
        "lenses": ["ecologia"],
    },
    {
        "title": "Autobus la sera verso le frazioni",
        "slug": "autobus-serali-frazioni",
        "act_type": "interpellanza",
        "number": "",
        "date_presented": date(2025, 5, 15),
        "summary": (
            "Chiede perché le frazioni restano senza autobus dopo le 20 e che cosa il Comune "
            "intende chiedere al gestore del trasporto pubblico."
        ),
        "signatories": ["bruno-prova", "davide-fittizio"],
        "history": [],
        "lenses": ["ecologia", "lotta-alle-disuguaglianze"],
    },
    {
        "title": "Più risorse per il welfare di comunità",
        "slug": "risorse-welfare-di-comunita",
        "act_type": "emendamento",
        "number": "3/2025",
        "date_presented": date(2025, 11, 27),
        "summary": (
            "Propone di spostare una parte dei fondi per eventi verso i progetti di welfare di "
            "comunità nel bilancio di previsione."
        ),
        "signatories": ["elena-modello", "alice-esempio"],
        "history": [
            (
                "ritirata",
                date(2025, 12, 10),
                "Ritirato dopo l'impegno della giunta a discuterne in commissione.",
            )
        ],
        "lenses": ["cura-e-interdipendenza"],
    },
]
