"""Demo data of the partner registry ("Con chi"): clearly fictional organisations of Rovereto.

The names are invented for the demo; any resemblance to real groups is unintended. One request
is still waiting for the editorial team, so the moderation queue has something in it.
"""

DIRECTORY = {
    "title": "Con chi",
    "slug": "con-chi",
    "show_in_menus": True,
    "intro": (
        "Una città si cambia insieme. Qui trovi le associazioni, i comitati, le cooperative, "
        "gli enti e i gruppi con cui lavoriamo: chi ha costruito con noi un percorso, un evento "
        "o una proposta, e ha chiesto di comparire nell'elenco."
    ),
    "search_description": (
        "Le realtà di Rovereto con cui Officina Comune collabora: associazioni, comitati, "
        "cooperative, gruppi informali."
    ),
    "join_text": (
        "<p>Collaborate con noi, o vorreste farlo? Chiedete di entrare nell'elenco: bastano "
        "due minuti e nessun account. La redazione legge ogni richiesta e risponde sempre.</p>"
    ),
}

ORGANISATIONS = [
    {
        "name": "Associazione Cortili Aperti (esempio)",
        "kind": "associazione",
        "neighbourhood": "centro-storico",
        "lenses": ["partecipazione", "cura-e-interdipendenza"],
        "description": (
            "Apriamo i cortili del centro storico una domenica al mese: merende, letture e "
            "giochi per conoscere chi abita accanto. Organizzazione di fantasia per la demo."
        ),
        "website": "https://cortili-aperti.example.org",
        "public_email": "ciao@cortili-aperti.example.org",
        "publish_contact": True,
        "status": "approved",
    },
    {
        "name": "Comitato Parco del Leno (esempio)",
        "kind": "comitato",
        "neighbourhood": "santa-maria",
        "lenses": ["ecologia"],
        "description": (
            "Residenti che si prendono cura delle sponde del torrente: pulizie collettive, "
            "censimento degli alberi, proposte al Comune. Organizzazione di fantasia."
        ),
        "status": "approved",
    },
    {
        "name": "Cooperativa La Filanda (esempio)",
        "kind": "cooperativa",
        "neighbourhood": "borgo-sacco",
        "lenses": ["lotta-alle-disuguaglianze"],
        "description": (
            "Cooperativa sociale che dà lavoro a persone in uscita da percorsi difficili, tra "
            "sartoria e piccola manutenzione del verde. Organizzazione di fantasia."
        ),
        "website": "https://lafilanda.example.org",
        "status": "approved",
    },
    {
        "name": "Centro sociale Lizzana Insieme (esempio)",
        "kind": "centro-sociale",
        "neighbourhood": "lizzana",
        "lenses": ["cura-e-interdipendenza", "partecipazione"],
        "description": (
            "Il centro di quartiere dove si gioca a carte, si fanno i compiti e si organizza la "
            "festa di fine estate. Organizzazione di fantasia."
        ),
        "public_phone": "+39 0464 000000",
        "publish_contact": True,
        "status": "approved",
    },
    {
        "name": "Gruppo Biciclette in Comune (esempio)",
        "kind": "gruppo-informale",
        "neighbourhood": None,
        "lenses": ["ecologia", "partecipazione"],
        "description": (
            "Un gruppo informale che ripara biciclette in piazza e mappa le strade da rendere "
            "più sicure per chi pedala. Organizzazione di fantasia."
        ),
        "status": "approved",
    },
    {
        "name": "Biblioteca di quartiere di Marco (esempio)",
        "kind": "ente",
        "neighbourhood": "marco",
        "lenses": ["partecipazione"],
        "description": (
            "Il punto di lettura della frazione, con un gruppo di volontarie e volontari che "
            "organizza letture ad alta voce. Ente di fantasia per la demo."
        ),
        "status": "approved",
    },
    {
        "name": "Associazione Orti di Noriglio (esempio)",
        "kind": "associazione",
        "neighbourhood": "noriglio",
        "lenses": ["ecologia"],
        "description": (
            "Vorremmo curare insieme gli orti abbandonati sopra il paese e aprirli alle scuole. "
            "Richiesta di fantasia, in attesa della redazione."
        ),
        "contact_name": "Persona di esempio",
        "contact_email": "orti-noriglio@example.org",
        "status": "pending",
    },
]
