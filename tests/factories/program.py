"""Factories and helpers for the program app: lenses, lens pages and (later) the rest."""

from django.utils.text import slugify

from wagtail.models import Locale

import factory

from program.models import Lens, LensIndexPage


class LensFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lens
        django_get_or_create = ("locale", "slug")

    name = factory.Sequence(lambda n: f"Lente {n}")
    slug = factory.LazyAttribute(lambda lens: slugify(lens.name))
    colour = "#2e7d4f"
    icon = "leaf"
    short_description = "Una città che rispetta i limiti del pianeta."
    description = "<p>Aria, acqua, suolo.</p>"
    locale = factory.LazyFunction(Locale.get_default)


def publish(parent, page, **relations):
    """Add ``page`` under ``parent`` and publish it as an editor would.

    ``relations`` are many-to-many values set before publishing (``lenses=[…]``).
    """
    if not page.slug:
        page.slug = slugify(page.title)
    parent.add_child(instance=page)
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def lens_index(home, **fields):
    values = {"title": "Le lenti", "slug": "lenti", "intro": "I nostri quattro sguardi."}
    values.update(fields)
    return publish(home, LensIndexPage(**values))


def phase(title, start, end=None, kind=None, precision="day", **fields):
    """An unsaved phase: a single day by default, a range when ``end`` is given."""
    from program.models import ProcessPhase

    if kind is None:
        kind = "range" if end is not None else "single"
    return ProcessPhase(
        title=title,
        start_date=start,
        end_date=end,
        date_kind=kind,
        precision=precision,
        **fields,
    )


def process_index(home, **fields):
    from program.models import ProcessIndexPage

    values = {"title": "Percorsi partecipativi", "slug": "percorsi", "intro": "Partecipa."}
    values.update(fields)
    return publish(home, ProcessIndexPage(**values))


def process(index, title, phases=(), lenses=(), neighbourhoods=(), **fields):
    """A published process under ``index`` with ``phases`` (see ``phase``)."""
    from program.models import ProcessPage

    fields.setdefault("summary", f"Il percorso {title}.")
    page = ProcessPage(title=title, **fields)
    page.phases = list(phases)
    for order, item in enumerate(page.phases.all()):
        item.sort_order = order  # as the admin's inline panel numbers them
    relations = {}
    if lenses:
        relations["lenses"] = lenses
    if neighbourhoods:
        relations["neighbourhoods"] = neighbourhoods
    return publish(index, page, **relations)


def theme(title, lenses=(), commitments=(), progress=(), **fields):
    """An unsaved program theme; ``progress`` holds (date, html) pairs."""
    from program.models import ProgramTheme

    fields.setdefault("summary", f"Che cosa intendiamo per {title.lower()}.")
    item = ProgramTheme(
        title=title,
        commitments=[{"type": "commitment", "value": {"text": text}} for text in commitments],
        progress=[
            {
                "type": "note",
                "value": {"date": day.isoformat(), "text": html, "link": {"page": None, "url": ""}},
            }
            for day, html in progress
        ],
        **fields,
    )
    item.lenses = list(lenses)
    return item


def program_page(parent, themes=(), **fields):
    from program.models import ProgramPage

    values = {"title": "Il programma 2024", "slug": "programma", "intro": "Il nostro programma."}
    values.update(fields)
    page = ProgramPage(**values)
    page.themes = list(themes)
    for order, item in enumerate(page.themes.all()):
        item.sort_order = order
    return publish(parent, page)


def people_index(home, **fields):
    from program.models import PeopleIndexPage

    values = {"title": "Chi siamo in consiglio", "slug": "persone", "intro": "Le persone."}
    values.update(fields)
    return publish(home, PeopleIndexPage(**values))


def person(index, name, role="councillor", lenses=(), **fields):
    from program.models import PersonPage

    fields.setdefault("short_bio", f"{name} si occupa di città.")
    return publish(index, PersonPage(title=name, role=role, **fields), lenses=lenses)


def council_index(home, **fields):
    from program.models import CouncilActIndexPage

    values = {"title": "Attività in consiglio", "slug": "consiglio", "intro": "Gli atti."}
    values.update(fields)
    return publish(home, CouncilActIndexPage(**values))


def council_act(
    index,
    title,
    act_type="mozione",
    presented=None,
    signatories=(),
    history=(),
    lenses=(),
    **fields,
):
    """A published act; ``history`` holds (status, date) pairs in editor order."""
    import datetime

    from program.models import CouncilActPage, CouncilActSignatory, CouncilActStatus

    page = CouncilActPage(
        title=title,
        act_type=act_type,
        date_presented=presented or datetime.date(2025, 1, 15),
        summary=fields.pop("summary", f"L'atto chiede: {title.lower()}."),
        **fields,
    )
    page.signatories = [
        CouncilActSignatory(person=someone, sort_order=order)
        for order, someone in enumerate(signatories)
    ]
    page.status_history = [
        CouncilActStatus(status=status, date=day, sort_order=order)
        for order, (status, day) in enumerate(history)
    ]
    return publish(index, page, **({"lenses": lenses} if lenses else {}))


def contribution_form(
    parent,
    fields=(("Il tuo nome", "singleline", False), ("La tua proposta", "multiline", True)),
    **values,
):
    """A published contribution form; ``fields`` holds (label, type, required) triples."""
    from program.models import ContributionFormField, ContributionFormPage

    values.setdefault("title", "Dai il tuo contributo")
    values.setdefault("intro", "Come possiamo produrre benessere insieme?")
    page = ContributionFormPage(**values)
    page.form_fields = [
        ContributionFormField(label=label, field_type=kind, required=required, sort_order=order)
        for order, (label, kind, required) in enumerate(fields)
    ]
    return publish(parent, page)


# --- Partner registry and transparency ---------------------------------------------------------


def directory_page(home, **fields):
    """The "Con chi" directory page under ``home``."""
    from program.models import OrganisationIndexPage

    values = {"title": "Con chi", "slug": "con-chi", "intro": "Le realtà con cui lavoriamo."}
    values.update(fields)
    return publish(home, OrganisationIndexPage(**values))


def organisation(name="Associazione Cortili Aperti", status="approved", lenses=(), **fields):
    """A saved organisation; approved ones are listed for a year from today by default."""
    import datetime

    from django.utils import timezone

    from program.models import Organisation

    today = timezone.localdate()
    fields.setdefault("kind", "associazione")
    fields.setdefault("description", f"{name} apre i cortili del centro una domenica al mese.")
    fields.setdefault("contact_name", "Rita Referente")
    fields.setdefault("contact_email", "referente@example.org")
    if status == "approved":
        fields.setdefault("approved_at", timezone.now())
        fields.setdefault("approved_until", today + datetime.timedelta(days=365))
    fields.setdefault("locale", Locale.get_default())
    item = Organisation.objects.create(name=name, status=status, **fields)
    if lenses:
        item.lenses.set(lenses)
    return item


def transparency_page(home, documents=(), **fields):
    """A published transparency page; ``documents`` holds unsaved ``TransparencyDocument``s."""
    from program.models import TransparencyPage

    values = {"title": "Trasparenza", "slug": "trasparenza", "intro": "Bilanci e contributi."}
    values.update(fields)
    page = TransparencyPage(**values)
    page.documents = list(documents)
    for order, item in enumerate(page.documents.all()):
        item.sort_order = order
    return publish(home, page)


def donor(name="Giulia Esempio", **fields):
    from program.models import Donor

    return Donor.objects.create(name=name, **fields)


_receipts = iter(range(1, 1_000_000))


def contribution(donor, amount, received_on, **fields):
    """A contribution recorded on the day it was received (on time) unless said otherwise."""
    from decimal import Decimal

    from program.models import Contribution

    fields.setdefault("recorded_on", received_on)
    fields.setdefault("receipt_reference", f"R-{next(_receipts):06d}")
    return Contribution.objects.create(
        donor=donor, amount=Decimal(str(amount)), received_on=received_on, **fields
    )
