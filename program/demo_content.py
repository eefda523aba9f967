"""Demo content of the program app (the data lives in ``program/demo/``).

The four lenses and their page; the 2024 program with its eight themes; two participatory
processes retold from the sources (the path towards a community "Opificio" with a contribution
form, and the 2023 neighbourhood labs with seven neighbourhoods); six councillors with clearly
fictional placeholder names and a handful of their council acts in different states.

``load(home, stdout)`` creates what is missing and changes nothing that exists, so it can run on
every start and editors' changes survive.
"""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Locale

from program.demo import council, processes, program, registry, transparency
from program.demo.lenses import LENSES, load_lenses

__all__ = ["LENSES", "load", "load_lenses"]


class Loader:
    def __init__(self, home, stdout):
        self.home = home
        self.stdout = stdout
        self.locale = home.locale if home is not None else Locale.get_default()
        self.created = 0

    # --- helpers ---------------------------------------------------------------------------

    def child(self, parent, slug):
        existing = parent.get_children().filter(slug=slug).first()
        return existing.specific if existing is not None else None

    def publish(self, parent, page, **relations):
        parent.add_child(instance=page)
        for name, values in relations.items():
            getattr(page, name).set(values)
        page.save_revision().publish()
        self.created += 1
        return page

    def ensure(self, parent, model, spec, **relations):
        """The child of ``parent`` with ``spec["slug"]``, created (and published) if missing."""
        return self.child(parent, spec["slug"]) or self.publish(parent, model(**spec), **relations)

    def lenses_for(self, slugs):
        return [self.lenses[slug] for slug in slugs]

    # --- content ---------------------------------------------------------------------------

    def run(self):
        from program.models import LensIndexPage

        self.lenses, created = load_lenses(self.locale)
        self.created += created
        if self.home is None:
            return self.created
        self.ensure(self.home, LensIndexPage, program.LENS_INDEX)
        self.load_program()
        self.neighbourhoods = self.load_neighbourhoods()
        self.process_pages = self.load_processes()
        self.load_council()
        self.load_registry()
        self.load_transparency()
        return self.created

    def load_program(self):
        from events.demo_content import minimal_pdf
        from program.models import ProgramPage, ProgramTheme

        if self.child(self.home, program.PROGRAM["slug"]) is not None:
            return
        document = get_document_model()(title="Programma elettorale 2024")
        document.file.save(
            "programma-2024.pdf",
            ContentFile(minimal_pdf("Il programma 2024-2029", program.DOCUMENT_LINES)),
            save=False,
        )
        document._set_document_file_metadata()
        document.save()
        self.created += 1
        page = ProgramPage(**program.PROGRAM, body=program.PROGRAM_BODY, document=document)
        themes = []
        for order, spec in enumerate(program.THEMES):
            theme = ProgramTheme(
                title=spec["title"],
                summary=spec["summary"],
                sort_order=order,
                commitments=[
                    {"type": "commitment", "value": {"text": text, "detail": ""}}
                    for text in spec["commitments"]
                ],
                progress=[
                    {
                        "type": "note",
                        "value": {
                            "date": day.isoformat(),
                            "text": text,
                            "link": {"page": None, "url": ""},
                        },
                    }
                    for day, text in spec["progress"]
                ],
            )
            theme.lenses = self.lenses_for(spec["lenses"])
            themes.append(theme)
        page.themes = themes
        self.publish(self.home, page)

    def load_neighbourhoods(self):
        from program.models import Neighbourhood

        found = {}
        for order, (name, slug) in enumerate(processes.NEIGHBOURHOODS):
            neighbourhood, created = Neighbourhood.objects.get_or_create(
                slug=slug, defaults={"name": name, "sort_order": order}
            )
            found[slug] = neighbourhood
            self.created += created
        return found

    def load_processes(self):
        from program.models import ProcessIndexPage

        index = self.ensure(self.home, ProcessIndexPage, processes.INDEX)
        pages = {}
        for spec in processes.PROCESSES:
            slug = spec["page"]["slug"]
            pages[slug] = self.child(index, slug) or self.create_process(index, spec)
        return pages

    def create_process(self, index, spec):
        from program.models import (
            ContributionFormField,
            ContributionFormPage,
            ProcessLink,
            ProcessPage,
            ProcessPhase,
        )

        page = ProcessPage(**spec["page"])
        phases = []
        for order, values in enumerate(spec["phases"]):
            values = {key: value for key, value in values.items() if key != "cta_form"}
            phases.append(ProcessPhase(sort_order=order, **values))
        page.phases = phases
        page.links = [
            ProcessLink(title=title, url=url, sort_order=order)
            for order, (title, url) in enumerate(spec["links"])
        ]
        self.publish(
            index,
            page,
            lenses=self.lenses_for(spec["lenses"]),
            neighbourhoods=[self.neighbourhoods[slug] for slug in spec["neighbourhoods"]],
        )
        if spec["form"] is None:
            return page
        form = ContributionFormPage(**spec["form"]["page"])
        form.form_fields = [
            ContributionFormField(sort_order=order, **field)
            for order, field in enumerate(spec["form"]["fields"])
        ]
        self.publish(page, form)
        # The phase that invites to contribute now points at the form.
        page = ProcessPage.objects.get(pk=page.pk)
        phases = list(page.phases.all())
        for phase, values in zip(phases, spec["phases"], strict=True):
            if values.get("cta_form"):
                phase.cta_page = form
        page.phases = phases
        page.save_revision().publish()
        return page

    def load_council(self):
        from program.models import (
            CouncilActIndexPage,
            CouncilActPage,
            CouncilActSignatory,
            CouncilActStatus,
            PeopleIndexPage,
            PersonPage,
        )

        people_index = self.ensure(self.home, PeopleIndexPage, council.PEOPLE_INDEX)
        people = {}
        for spec in council.PEOPLE:
            spec = dict(spec)
            lens_slugs = spec.pop("lenses")
            people[spec["slug"]] = self.child(people_index, spec["slug"]) or self.publish(
                people_index,
                PersonPage(role="councillor", term_start=council.TERM_START, **spec),
                lenses=self.lenses_for(lens_slugs),
            )
        acts_index = self.ensure(self.home, CouncilActIndexPage, council.COUNCIL_INDEX)
        for spec in council.ACTS:
            if self.child(acts_index, spec["slug"]) is not None:
                continue
            spec = dict(spec)
            signatories = spec.pop("signatories")
            history = spec.pop("history")
            lens_slugs = spec.pop("lenses")
            process_slug = spec.pop("process", None)
            act = CouncilActPage(related_process=self.process_pages.get(process_slug), **spec)
            act.signatories = [
                CouncilActSignatory(person=people[slug], sort_order=order)
                for order, slug in enumerate(signatories)
            ]
            act.status_history = [
                CouncilActStatus(
                    status=entry[0],
                    date=entry[1],
                    note=entry[2] if len(entry) > 2 else "",
                    sort_order=order,
                )
                for order, entry in enumerate(history)
            ]
            self.publish(acts_index, act, lenses=self.lenses_for(lens_slugs))

    def load_registry(self):
        import datetime

        from django.utils import timezone

        from program.models import Organisation, OrganisationIndexPage

        self.ensure(self.home, OrganisationIndexPage, registry.DIRECTORY)
        now = timezone.now()
        for spec in registry.ORGANISATIONS:
            if Organisation.objects.filter(name=spec["name"]).exists():
                continue
            spec = dict(spec)
            lens_slugs = spec.pop("lenses")
            neighbourhood = spec.pop("neighbourhood")
            approved = spec["status"] == "approved"
            organisation = Organisation(
                **spec,
                locale=self.locale,
                neighbourhood=self.neighbourhoods.get(neighbourhood) if neighbourhood else None,
                approved_at=now if approved else None,
                approved_until=(
                    timezone.localdate() + datetime.timedelta(days=300) if approved else None
                ),
                requested_at=None if approved else now,
                email_confirmed_at=None if approved else now,
            )
            organisation.save()
            organisation.lenses.set(self.lenses_for(lens_slugs))
            self.created += 1
        processes_by_slug = getattr(self, "process_pages", {})
        opificio = processes_by_slug.get("opificio-di-comunita") or next(
            iter(processes_by_slug.values()), None
        )
        if opificio is not None and not opificio.partner_organisations.exists():
            partners = Organisation.objects.listed().filter(
                name__in=[item["name"] for item in registry.ORGANISATIONS[:2]]
            )
            opificio.partner_organisations.set(partners)
            opificio.save_revision().publish()

    def load_transparency(self):
        import datetime
        from decimal import Decimal

        from django.utils import timezone

        from events.demo_content import minimal_pdf
        from home.models import SiteSettings
        from program.models import Contribution, Donor, TransparencyDocument, TransparencyPage

        page = self.child(self.home, transparency.TRANSPARENCY["slug"])
        if page is None:
            this_year = timezone.localdate().year
            page = TransparencyPage(**transparency.TRANSPARENCY)
            documents = []
            for order, (offset, kind, title, person) in enumerate(transparency.DOCUMENTS):
                year = this_year + offset
                document = get_document_model()(title=f"{title} {year}")
                document.file.save(
                    f"trasparenza-{kind}-{year}.pdf",
                    ContentFile(minimal_pdf(title, [f"Anno {year}.", "Documento segnaposto."])),
                    save=False,
                )
                document._set_document_file_metadata()
                document.save()
                self.created += 1
                documents.append(
                    TransparencyDocument(
                        year=year,
                        kind=kind,
                        title=title,
                        person=person,
                        document=document,
                        sort_order=order,
                    )
                )
            page.documents = documents
            page = self.publish(self.home, page)
        site = self.home.get_site()
        if site is not None:
            site_settings = SiteSettings.for_site(site)
            if site_settings.transparency_page_id is None:
                site_settings.transparency_page = page
                site_settings.save()
        if Donor.objects.exists():
            return
        donors = {}
        for spec in transparency.DONORS:
            donors[spec["name"]] = Donor.objects.create(**spec)
            self.created += 1
        year = timezone.localdate().year - 1
        for number, (name, amount, kind, description, month, day) in enumerate(
            transparency.CONTRIBUTIONS, start=1
        ):
            received = datetime.date(year, month, day)
            Contribution.objects.create(
                donor=donors[name],
                amount=Decimal(amount),
                kind=kind,
                description=description,
                received_on=received,
                recorded_on=received,
                receipt_reference=f"{year}/{number:03d}",
            )
            self.created += 1


def load(home, stdout):
    """Create the program app's demo content where it is missing; return how much was created."""
    created = Loader(home, stdout).run()
    if created:
        stdout.write(f"Programma: {created} oggetti creati.")
    return created
