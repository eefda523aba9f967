"""Demo lenses: the four ways Officina Comune looks at the city."""

LENSES = [
    {
        "slug": "lotta-alle-disuguaglianze",
        "name": "Lotta alle disuguaglianze",
        "colour": "#a2331c",
        "icon": "scales",
        "sort_order": 1,
        "short_description": (
            "Ogni decisione pubblica allarga o accorcia le distanze: noi partiamo da chi resta "
            "indietro."
        ),
        "description": (
            "<p>Reddito, casa, salute, scuola, tempo libero: in città le opportunità non sono "
            "distribuite in modo uguale. Con questa lente chiediamo a ogni proposta chi ne "
            "beneficia davvero e chi rischia di restarne fuori.</p>"
            "<p>Guardiamo ai quartieri meno serviti, alle persone con meno voce e alle barriere "
            "che non si vedono, per costruire servizi che arrivino a tutte e tutti.</p>"
        ),
    },
    {
        "slug": "cura-e-interdipendenza",
        "name": "Cura e interdipendenza",
        "colour": "#f2b84b",
        "icon": "heart",
        "sort_order": 2,
        "short_description": (
            "Nessuna persona basta a se stessa: una città che si prende cura e si lascia curare."
        ),
        "description": (
            "<p>Dipendiamo le une dagli altri: in famiglia, nel vicinato, nei servizi. Questa "
            "lente mette al centro il lavoro di cura, spesso invisibile, e chiede spazi, tempi e "
            "servizi che lo sostengano invece di darlo per scontato.</p>"
            "<p>Welfare di comunità, reti di prossimità e attenzione a chi cura sono il modo in "
            "cui la traduciamo in proposte.</p>"
        ),
    },
    {
        "slug": "ecologia",
        "name": "Ecologia",
        "colour": "#2e7d4f",
        "icon": "leaf",
        "sort_order": 3,
        "short_description": (
            "Una città che rispetta i limiti del pianeta e rende più sano il posto in cui viviamo."
        ),
        "description": (
            "<p>Aria, acqua, suolo, verde e mobilità: la qualità della vita in città dipende "
            "dall'ambiente e lo modifica. Con questa lente valutiamo l'impatto di ogni scelta "
            "sul clima e sulla salute, oggi e per chi verrà dopo.</p>"
            "<p>Transizione giusta vuol dire che i costi del cambiamento non devono ricadere su "
            "chi ha meno.</p>"
        ),
    },
    {
        "slug": "partecipazione",
        "name": "Partecipazione",
        "colour": "#3b4fa8",
        "icon": "people",
        "sort_order": 4,
        "short_description": (
            "Le decisioni migliori nascono da chi vive i problemi: tempi e strumenti per "
            "decidere insieme."
        ),
        "description": (
            "<p>Partecipare non è essere consultati a cose fatte. Con questa lente chiediamo che "
            "le persone siano coinvolte fin dall'inizio, con informazioni chiare, luoghi "
            "accessibili e orari compatibili con la vita di chi lavora e di chi cura.</p>"
            "<p>Laboratori di quartiere, percorsi partecipativi e incontri aperti sono gli "
            "strumenti che usiamo e che proponiamo all'amministrazione.</p>"
        ),
    },
]


def load_lenses(locale):
    """The demo lenses by slug, created where missing."""
    from program.models import Lens

    created = 0
    lenses = {}
    for spec in LENSES:
        lens = Lens.objects.filter(locale=locale, slug=spec["slug"]).first()
        if lens is None:
            lens = Lens.objects.create(locale=locale, **spec)
            created += 1
        lenses[spec["slug"]] = lens
    return lenses, created
