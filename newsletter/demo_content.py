"""Demo content of the newsletter: the mailing lists, the public archive and one past issue."""

from wagtail.models import Page

from .models import MailingList
from .pages import NewsletterIndexPage, NewsletterPage

LISTS = [
    {
        "slug": "newsletter",
        "name": "Newsletter",
        "name_en": "Newsletter",
        "description": "Una e-mail al mese: cosa succede in consiglio comunale e nei quartieri.",
        "description_en": "One e-mail a month: what happens in the city council and around town.",
        "default_checked": True,
        "sort_order": 0,
    },
    {
        "slug": "eventi",
        "name": "Eventi e assemblee",
        "name_en": "Events and assemblies",
        "description": "L'invito a ogni incontro aperto, qualche giorno prima.",
        "description_en": "An invitation to every open meeting, a few days before.",
        "sort_order": 1,
    },
    {
        "slug": "consiglio",
        "name": "Attività in consiglio",
        "name_en": "Council work",
        "description": "Mozioni, interrogazioni e voti dei nostri consiglieri, appena depositati.",
        "description_en": "Motions, questions and votes of our councillors, as they are filed.",
        "sort_order": 2,
    },
]

ARCHIVE = {
    "title": "Newsletter",
    "slug": "archivio-newsletter",
    "intro": (
        "Una volta al mese raccontiamo cosa succede in consiglio comunale, nei percorsi "
        "partecipativi e negli incontri aperti. Qui trovi tutti i numeri già inviati."
    ),
    "search_description": "L'archivio della newsletter di Officina Comune.",
}

ISSUE = {
    "title": "Newsletter di ottobre",
    "slug": "ottobre",
    "subject": "Ottobre: il bilancio si decide insieme",
    "preheader": "Le proposte raccolte nei quartieri e i prossimi passi in consiglio",
    "body": [
        {"type": "heading", "value": {"text": "Dai quartieri al consiglio", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>In queste settimane abbiamo incontrato chi vive nei quartieri della città per "
                "raccogliere idee su come usare una parte del bilancio comunale. Le proposte "
                "arrivate sono tante e concrete: spazi verdi curati insieme, percorsi sicuri "
                "verso le scuole, luoghi dove ritrovarsi la sera.</p>"
                "<p>Ora il lavoro passa in consiglio comunale, dove chiederemo che le proposte "
                "più sostenute diventino impegni con tempi e risorse chiari.</p>"
            ),
        },
        {"type": "divider", "value": None},
        {"type": "heading", "value": {"text": "Come partecipare", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<ul><li>vieni a uno dei nostri incontri aperti: sono per tutte e tutti;</li>"
                "<li>scrivici se vuoi proporre un tema per il prossimo numero;</li>"
                "<li>inoltra questa e-mail a chi potrebbe essere interessato.</li></ul>"
            ),
        },
    ],
}


def load(home, stdout):
    """Create the lists, the archive and one issue if missing; never overwrite editors' changes."""
    created = 0
    for values in LISTS:
        _list, made = MailingList.objects.get_or_create(slug=values["slug"], defaults=values)
        created += made
    archive = NewsletterIndexPage.objects.child_of(home).first()
    if archive is None:
        if Page.objects.child_of(home).filter(slug=ARCHIVE["slug"]).exists():
            return 0
        archive = NewsletterIndexPage(**ARCHIVE)
        home.add_child(instance=archive)
        archive.save_revision().publish()
        created += 1
    if not NewsletterPage.objects.child_of(archive).exists():
        issue = NewsletterPage(**ISSUE)
        archive.add_child(instance=issue)
        issue.save_revision().publish()
        created += 1
    if created:
        stdout.write(f"Newsletter: {created} lists and pages created.")
    return created
