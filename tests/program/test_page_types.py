"""Every page type of the program app: created in the admin at its place, renderable, editable."""

from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage
from program.models import (
    ContributionFormPage,
    CouncilActIndexPage,
    CouncilActPage,
    LensIndexPage,
    PeopleIndexPage,
    PersonPage,
    ProcessIndexPage,
    ProcessPage,
)
from tests.factories.program import LensFactory


def listing(values):
    """Form data for a ListBlock value."""
    return {
        "count": len(values),
        **{
            str(number): {"value": value, "deleted": "", "order": str(number), "id": ""}
            for number, value in enumerate(values)
        },
    }


def phase_form(**fields):
    values = {
        "title": "Workshop nei quartieri",
        "date_kind": "range",
        "precision": "month",
        "start_date": "2023-04-01",
        "end_date": "2023-06-01",
        "date_label": "",
        "description": rich_text("<p>Incontri aperti.</p>"),
        "cta_text": "",
        "cta_url": "",
    }
    values.update(fields)
    return values


def process_form(**overrides):
    data = {
        "title": "Laboratori di quartiere",
        "slug": "laboratori",
        "summary": "Spazi stabili di ascolto e decisione nei quartieri.",
        "image_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Il percorso.</p>"))]),
        "sections": streamfield(
            [
                ("keywords", {"heading": "Parole chiave", "keywords": listing(["prossimità"])}),
                ("objectives", {"heading": "Obiettivi", "intro": "", "items": listing(["Uno"])}),
                ("places", {"heading": "Luoghi", "text": rich_text("<p>Le sale civiche.</p>")}),
                ("tools", {"heading": "Strumenti", "intro": "", "items": listing(["Tavolo"])}),
                ("actors", {"heading": "Attori", "intro": "", "items": listing(["Cittadini"])}),
                (
                    "results",
                    {
                        "heading": "Risultati attesi",
                        "results": listing([{"title": "Tessere relazioni", "text": "Reti."}]),
                    },
                ),
            ]
        ),
        "participation": rich_text("<p>Tutti possono partecipare.</p>"),
        "contact_office": "Ufficio Partecipazione",
        "contact_email": "partecipazione@example.org",
        "contact_phone": "",
        "funding_note": "Bando Partecipazione 2022",
        "phases": inline_formset(
            [
                phase_form(
                    title="Assemblea", date_kind="single", start_date="2023-03-15", end_date=""
                ),
                phase_form(),
            ]
        ),
        "links": inline_formset([{"title": "Il Comune", "url": "https://example.org/"}]),
    }
    data.update(overrides)
    return nested_form_data(data)


class ProgramPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        cls.home = HomePage(title="Officina Comune", slug="home", locale=Locale.get_default())
        root.add_child(instance=cls.home)
        cls.home.save_revision().publish()
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.lens = LensFactory(name="Partecipazione", slug="partecipazione")

    def setUp(self):
        self.user = self.login()

    def test_where_each_page_type_lives(self):
        self.assertCanCreateAt(HomePage, LensIndexPage)
        self.assertCanNotCreateAt(StandardPage, LensIndexPage)
        self.assertAllowedSubpageTypes(LensIndexPage, {})
        self.assertCanCreateAt(HomePage, ProcessIndexPage)
        self.assertCanNotCreateAt(StandardPage, ProcessIndexPage)
        self.assertCanCreateAt(ProcessIndexPage, ProcessPage)
        self.assertCanNotCreateAt(HomePage, ProcessPage)
        self.assertAllowedParentPageTypes(ProcessPage, {ProcessIndexPage})
        self.assertCanCreateAt(HomePage, PeopleIndexPage)
        self.assertCanCreateAt(PeopleIndexPage, PersonPage)
        self.assertAllowedParentPageTypes(PersonPage, {PeopleIndexPage})
        self.assertAllowedSubpageTypes(PersonPage, {})
        self.assertCanCreateAt(HomePage, CouncilActIndexPage)
        self.assertCanCreateAt(CouncilActIndexPage, CouncilActPage)
        self.assertAllowedParentPageTypes(CouncilActPage, {CouncilActIndexPage})
        self.assertAllowedSubpageTypes(CouncilActPage, {})
        self.assertCanCreateAt(ProcessPage, ContributionFormPage)
        self.assertCanCreateAt(HomePage, ContributionFormPage)
        self.assertCanNotCreateAt(StandardPage, ContributionFormPage)
        self.assertAllowedSubpageTypes(ContributionFormPage, {})

    def test_lens_index_page(self):
        self.assertCanCreate(
            self.home,
            LensIndexPage,
            nested_form_data(
                {
                    "title": "Le lenti",
                    "slug": "lenti",
                    "intro": "Quattro sguardi.",
                    "items_per_section": "6",
                }
            ),
        )
        page = LensIndexPage.objects.get(slug="lenti")
        self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(page, "partecipazione/")
        self.assertPageIsRenderable(page, "partecipazione/")
        self.assertPageIsEditable(page)

    def test_process_pages(self):
        self.assertCanCreate(
            self.home,
            ProcessIndexPage,
            nested_form_data(
                {"title": "Percorsi", "slug": "percorsi", "intro": "Partecipa.", "per_page": "12"}
            ),
        )
        index = ProcessIndexPage.objects.get(slug="percorsi")
        self.assertPageIsRenderable(index)
        self.assertPageIsRenderable(index, query_data={"stato": "concluso"})

        data = process_form()
        data["lenses"] = [str(self.lens.pk)]
        self.assertCanCreate(index, ProcessPage, data)
        page = ProcessPage.objects.get(slug="laboratori")
        assert [phase.title for phase in page.phases.all()] == [
            "Assemblea",
            "Workshop nei quartieri",
        ]
        assert list(page.lenses.all()) == [self.lens]
        assert [block.block_type for block in page.sections] == [
            "keywords",
            "objectives",
            "places",
            "tools",
            "actors",
            "results",
        ]
        assert page.status == "concluso"
        self.assertPageIsRenderable(page)
        self.assertPageIsEditable(page, post_data=process_form(title="Laboratori (bis)"))
        html = self.client.get(page.url).text
        for text in ("Parole chiave", "prossimità", "Tessere relazioni", "Le sale civiche"):
            assert text in html, text

    def test_a_process_needs_at_least_one_phase(self):
        index = ProcessIndexPage(title="Percorsi", slug="percorsi")
        self.home.add_child(instance=index)
        data = process_form(slug="senza-fasi", phases=inline_formset([], min=1))
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/program/processpage/{index.pk}/", data)
        assert response.status_code == 200
        assert not ProcessPage.objects.filter(slug="senza-fasi").exists()

    def test_people_and_council_pages(self):
        self.assertCanCreate(
            self.home,
            PeopleIndexPage,
            nested_form_data({"title": "Chi siamo in consiglio", "slug": "persone", "intro": ""}),
        )
        people = PeopleIndexPage.objects.get(slug="persone")
        person_data = nested_form_data(
            {
                "title": "Alice Esempio",
                "slug": "alice-esempio",
                "role": "councillor",
                "role_label": "Consigliera comunale",
                "photo_alt": "",
                "short_bio": "Si occupa di scuola e di quartieri.",
                "bio": rich_text("<p>Insegnante.</p>"),
                "email": "alice@example.org",
                "phone": "",
                "links": streamfield(
                    [("link", {"platform": "mastodon", "url": "https://example.org/@alice"})]
                ),
                "term_start": "2024-06-01",
                "term_end": "",
            }
        )
        person_data["lenses"] = [str(self.lens.pk)]
        self.assertCanCreate(people, PersonPage, person_data)
        alice = PersonPage.objects.get(slug="alice-esempio")
        self.assertPageIsRenderable(people)
        self.assertPageIsRenderable(alice)
        self.assertPageIsEditable(alice, post_data=person_data)
        self.client.force_login(self.user)  # the helper signs its own user out

        self.assertCanCreate(
            self.home,
            CouncilActIndexPage,
            nested_form_data(
                {
                    "title": "Attività in consiglio",
                    "slug": "consiglio",
                    "intro": "",
                    "per_page": "20",
                }
            ),
        )
        council = CouncilActIndexPage.objects.get(slug="consiglio")
        act_data = nested_form_data(
            {
                "title": "Tariffe secondo il reddito",
                "slug": "tariffe",
                "act_type": "mozione",
                "number": "45/2024",
                "date_presented": "2024-10-03",
                "summary": "Chiede tariffe secondo il reddito.",
                "body": streamfield([("paragraph", rich_text("<p>Il testo.</p>"))]),
                "signatories": inline_formset([{"person": str(alice.pk)}], min=1),
                "status_history": inline_formset(
                    [
                        {"status": "presentata", "date": "2024-10-03", "note": ""},
                        {"status": "approvata", "date": "2024-12-02", "note": "All'unanimità"},
                    ]
                ),
                "documents": inline_formset([]),
            }
        )
        act_data["lenses"] = [str(self.lens.pk)]
        self.assertCanCreate(council, CouncilActPage, act_data)
        act = CouncilActPage.objects.get(slug="tariffe")
        assert act.status == "approvata"
        self.assertPageIsRenderable(council)
        self.assertPageIsRenderable(act)
        self.assertPageIsRoutable(council, "feed/")
        self.assertPageIsRenderable(council, "feed/")
        self.assertPageIsRenderable(council, "feed/atom/")
        self.assertPageIsEditable(act, post_data=act_data)

    def test_contribution_form_page(self):
        index = ProcessIndexPage(title="Percorsi", slug="percorsi")
        self.home.add_child(instance=index)
        index.save_revision().publish()
        data = process_form()
        self.assertCanCreate(index, ProcessPage, data)
        process = ProcessPage.objects.get(slug="laboratori")
        form_data = nested_form_data(
            {
                "title": "Dai il tuo contributo",
                "slug": "contributo",
                "intro": "Come possiamo produrre benessere insieme?",
                "thank_you_text": rich_text("<p>Grazie!</p>"),
                "to_address": "redazione@example.org, altra@example.org",
                "from_address": "",
                "subject": "",
                "form_fields": inline_formset(
                    [
                        {
                            "label": "La tua proposta",
                            "help_text": "Anche solo una riga.",
                            "required": "on",
                            "field_type": "multiline",
                            "choices": "",
                            "default_value": "",
                        },
                        {
                            "label": "Il tuo quartiere",
                            "help_text": "",
                            "required": "",
                            "field_type": "dropdown",
                            "choices": "Centro\nLizzana\nSacco",
                            "default_value": "",
                        },
                    ],
                    min=1,
                ),
            }
        )
        self.assertCanCreate(process, ContributionFormPage, form_data)
        page = ContributionFormPage.objects.get(slug="contributo")
        assert [field.clean_name for field in page.form_fields.all()] == [
            "la_tua_proposta",
            "il_tuo_quartiere",
        ]
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, mode="form")
        self.assertPageIsPreviewable(page, mode="landing")
        self.assertPageIsEditable(page, post_data=form_data)
