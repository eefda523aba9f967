"""Demo content for Officina Comune, written for this project from the facts of the sources.

Each page is described as data; ``load_demo_content`` creates what is missing and never
overwrites what exists, so running it again changes nothing and editors' changes survive.
"""

from datetime import date


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


HOME = {
    "title": "Officina Comune",
    "slug": "home",
    "seo_title": "Officina Comune · comunità politica a Rovereto",
    "search_description": (
        "Officina Comune è una comunità politica di Rovereto: sei consiglier* comunali, "
        "percorsi partecipativi, incontri aperti e una newsletter."
    ),
    "hero_intro": (
        "Siamo una comunità politica di Rovereto. Dal 2018 ci incontriamo per capire la città "
        "insieme a chi la abita e, dal 2024, portiamo questo lavoro anche in consiglio comunale."
    ),
}

ABOUT = {
    "title": "Chi siamo",
    "slug": "chi-siamo",
    "show_in_menus": True,
    "intro": (
        "Una comunità politica che vuole cambiare Rovereto a partire da chi la vive ogni giorno."
    ),
    "search_description": "Chi è Officina Comune: i valori, la visione e il modo di fare politica.",
    "body": [
        heading("I nostri valori"),
        paragraph(
            "<p>Pensiamo che una città migliore si costruisca su alcune basi solide: la cura "
            "reciproca, il femminismo, l'ecologia, l'affetto per la comunità e l'impegno contro "
            "ogni disuguaglianza. Sono il punto di partenza di tutto ciò che facciamo.</p>"
        ),
        heading("La nostra visione"),
        paragraph(
            "<p>Crediamo nella partecipazione e nello studio continuo, fatto insieme e da sé. "
            "Persone e luoghi sono legati tra loro: per capirlo parliamo con altre comunità "
            "politiche e reti civiche, e proviamo strade nuove con le associazioni, i gruppi e "
            "le realtà di Rovereto.</p>"
        ),
        {
            "type": "key_figures",
            "value": {
                "heading": "In breve",
                "figures": [
                    {"figure": "2018", "label": "l'anno in cui abbiamo cominciato"},
                    {"figure": "6", "label": "consiglier* comunali dal giugno 2024"},
                    {"figure": "4", "label": "lenti per leggere la città"},
                ],
            },
        },
        {
            "type": "quote",
            "value": {
                "text": (
                    "Un modo di fare politica concreto, vicino alle persone e costruito insieme."
                ),
                "attribution": "Officina Comune",
            },
        },
    ],
}

HISTORY = {
    "title": "La nostra storia",
    "slug": "la-nostra-storia",
    "show_in_menus": True,
    "intro": "Da gruppo informale a forza presente in consiglio comunale: le tappe principali.",
    "search_description": "La storia di Officina Comune dal 2018 a oggi.",
    "body": [
        paragraph(
            "<p>Tutto è cominciato con alcune persone che volevano farsi domande sulla città "
            "insieme a chi la abita, con il desiderio di renderla un posto più giusto e "
            "accogliente. Da allora organizziamo attività aperte, usiamo metodi partecipativi e "
            "l'ascolto attivo per trasformare sguardi diversi in proposte concrete.</p>"
        ),
        {
            "type": "timeline",
            "value": {
                "heading": "Le tappe",
                "entries": [
                    {
                        "start_date": "2018-01-01",
                        "end_date": None,
                        "date_label": "2018",
                        "title": "Nasce il gruppo informale",
                        "text": (
                            "<p>Un gruppo di persone comincia a incontrarsi per interrogarsi "
                            "sulla città e con la città.</p>"
                        ),
                    },
                    {
                        "start_date": "2024-05-05",
                        "end_date": None,
                        "date_label": "2024",
                        "title": "Le elezioni comunali",
                        "text": (
                            "<p>Officina Comune si presenta alle elezioni comunali di Rovereto "
                            "con un programma per una città coraggiosa, giusta, vicina e aperta, "
                            "interdipendente, di tutte e tutti, contemporanea, abitabile, che "
                            "cura e che cambia.</p>"
                        ),
                    },
                    {
                        "start_date": "2024-06-01",
                        "end_date": None,
                        "date_label": "giugno 2024",
                        "title": "Sei consiglier* in consiglio comunale",
                        "text": (
                            "<p>Con sei persone elette si apre uno spazio per tenere insieme il "
                            "dentro e il fuori: istituzioni e cittadinanza, amministrazione e "
                            "territorio.</p>"
                        ),
                    },
                ],
            },
        },
    ],
}

ACTIVITY = {
    "title": "La nostra attività",
    "slug": "la-nostra-attivita",
    "show_in_menus": True,
    "intro": "Quattro lenti per guardare la città e decidere dove mettere le energie.",
    "search_description": "Le quattro lenti con cui Officina Comune legge e cambia Rovereto.",
    "body": [
        paragraph(
            "<p>Vogliamo una politica concreta, vicina alle persone e partecipata. In questi anni "
            "abbiamo costruito un'idea plurale di città che guarda ogni questione attraverso "
            "quattro lenti.</p>"
        ),
        {
            "type": "accordion",
            "value": {
                "heading": "Le quattro lenti",
                "items": [
                    {
                        "question": "Lotta alle disuguaglianze",
                        "answer": (
                            "<p>Ogni scelta pubblica può ridurre o allargare le distanze tra le "
                            "persone: partiamo da chi ha meno voce e meno opportunità.</p>"
                        ),
                    },
                    {
                        "question": "Cura e interdipendenza",
                        "answer": (
                            "<p>Nessuna persona basta a se stessa: servizi, spazi e relazioni che "
                            "si prendono cura di tutte e tutti.</p>"
                        ),
                    },
                    {
                        "question": "Ecologia",
                        "answer": (
                            "<p>Una città che rispetta i limiti del pianeta e rende più sano il "
                            "posto in cui viviamo.</p>"
                        ),
                    },
                    {
                        "question": "Partecipazione",
                        "answer": (
                            "<p>Le decisioni migliori nascono da chi vive i problemi: strumenti e "
                            "tempi perché tutte e tutti possano dire la loro.</p>"
                        ),
                    },
                ],
            },
        },
        paragraph(
            "<p>Dalla prima volta che ci siamo incontrat* non abbiamo smesso di ascoltare punti "
            "di vista diversi e di mettere in comune idee, esperienze e proposte per il "
            "territorio e per chi lo abita.</p>"
        ),
    ],
}

PRIVACY = {
    "title": "Informativa privacy",
    "slug": "privacy",
    "intro": "Come trattiamo i tuoi dati personali quando usi questo sito.",
    "search_description": "Informativa sul trattamento dei dati personali di Officina Comune.",
    "body": [
        heading("Chi tratta i dati"),
        paragraph(
            "<p>Il titolare del trattamento è Officina Comune. Per qualsiasi richiesta sui tuoi "
            "dati puoi scriverci all'indirizzo indicato in fondo alla pagina.</p>"
        ),
        heading("Quali dati e perché"),
        paragraph(
            "<p>Raccogliamo solo i dati che ci lasci volontariamente: per esempio l'indirizzo "
            "e-mail per ricevere la newsletter o i dati di un modulo di contatto. Iscriversi alla "
            "newsletter di una comunità politica può rivelare un'opinione politica: per questo "
            "chiediamo un consenso esplicito, confermato con un secondo passaggio via e-mail, e "
            "non misuriamo chi apre i messaggi o su quali collegamenti clicca.</p>"
        ),
        heading("I tuoi diritti"),
        paragraph(
            "<p>Puoi chiedere in ogni momento di vedere, correggere, scaricare o cancellare i tuoi "
            "dati, e ritirare il consenso con un clic dal collegamento presente in ogni e-mail. "
            "Puoi anche presentare reclamo al Garante per la protezione dei dati personali.</p>"
        ),
    ],
}

COOKIES = {
    "title": "Cookie policy",
    "slug": "cookie-policy",
    "intro": "Questo sito non usa cookie di profilazione né strumenti di tracciamento di terzi.",
    "search_description": "Quali cookie usa il sito di Officina Comune.",
    "body": [
        paragraph(
            "<p>Chi visita il sito non riceve cookie di profilazione, di statistica o di terze "
            "parti. Per questo non ti mostriamo alcun banner: non c'è nulla da accettare.</p>"
        ),
        paragraph(
            "<p>Usiamo soltanto cookie tecnici, necessari al funzionamento: un cookie di sicurezza "
            "che protegge i moduli da invii contraffatti, impostato solo quando compili un modulo, "
            "e il cookie di sessione per chi accede all'area di amministrazione.</p>"
        ),
        paragraph(
            "<p>I contenuti esterni, come video o mappe, non vengono caricati finché non lo chiedi "
            "tu con un clic: solo allora il tuo browser si collega al servizio che li ospita.</p>"
        ),
    ],
}

ACCESSIBILITY = {
    "title": "Dichiarazione di accessibilità",
    "slug": "accessibilita",
    "intro": "Vogliamo che questo sito sia usabile da tutte e tutti.",
    "search_description": "Dichiarazione di accessibilità del sito di Officina Comune.",
    "body": [
        paragraph(
            "<p>Il sito è progettato per rispettare le linee guida WCAG 2.2 al livello AA: si "
            "naviga da tastiera, funziona con i lettori di schermo, regge l'ingrandimento al 200% "
            "e usa colori con contrasto sufficiente. Lo verifichiamo con test automatici a ogni "
            "modifica.</p>"
        ),
        paragraph(
            "<p>Se trovi un ostacolo, scrivici: ci impegniamo a risponderti e a correggere il "
            "problema il prima possibile.</p>"
        ),
    ],
}

STANDARD_PAGES = [ABOUT, HISTORY, ACTIVITY, PRIVACY, COOKIES, ACCESSIBILITY]

SITE_SETTINGS = {
    "organisation_name": "Officina Comune",
    "contact_email": "officina.comune@example.org",
    "postal_address": "Casella postale 1\n38068 Rovereto (TN)",
}

# The site texts (home.SiteTexts): the Italian original, translated with wagtail-localize.
SITE_TEXTS = {
    "tagline": "Comunità politica a Rovereto",
    "copyright_line": f"© {date.today().year} Officina Comune",
    "newsletter_cta_title": "Iscriviti alla newsletter",
    "newsletter_cta_text": (
        "Racconti dal consiglio comunale, appuntamenti e percorsi a cui partecipare: una mail "
        "ogni tanto, niente tracciamento, ti cancelli con un clic."
    ),
}
