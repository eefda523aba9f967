"""The mandate program: themes with commitments, lenses and dated progress notes."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.models import HomePage, StandardPage
from program.models import ProgramPage, ProgramTheme
from tests.factories.program import LensFactory, lens_index, program_page, theme

pytestmark = pytest.mark.django_db


def theme_titles(html):
    return re.findall(r'<h2 id="[^"]+-title" class="program-theme__title">([^<]+)</h2>', html)


@pytest.fixture
def program(home_page, ecology, care):
    return program_page(
        home_page,
        themes=[
            theme(
                "Una città giusta",
                lenses=[care],
                commitments=["Tariffe dei servizi secondo il reddito"],
                progress=[
                    (datetime.date(2024, 11, 5), "<p>Presentata una mozione sulle tariffe.</p>"),
                    (datetime.date(2025, 3, 2), "<p>La mozione è stata approvata.</p>"),
                ],
            ),
            theme("Una città abitabile", lenses=[ecology, care], commitments=["Più alberi"]),
            theme("Una città contemporanea"),
        ],
    )


def test_program_page_shows_themes_commitments_and_progress(client, program):
    html = client.get(program.url).text
    assert theme_titles(html) == [
        "Una città giusta",
        "Una città abitabile",
        "Una città contemporanea",
    ]
    assert '<a href="#una-citta-giusta">Una città giusta</a>' in html  # table of contents
    assert "Tariffe dei servizi secondo il reddito" in html
    # Newest progress first, dated.
    assert html.index("è stata approvata") < html.index("Presentata una mozione")
    assert '<time datetime="2025-03-02">' in html
    assert "Ultimo aggiornamento" in html


def test_browse_the_program_by_lens(client, program):
    html = client.get(program.url, {"lente": "ecologia"}).text
    assert theme_titles(html) == ["Una città abitabile"]
    assert "1 tema con la lente «Ecologia»." in html
    assert 'href="/programma/?lente=ecologia" aria-current="page"' in html
    html = client.get(program.url, {"lente": "cura"}).text
    assert theme_titles(html) == ["Una città giusta", "Una città abitabile"]


@pytest.mark.parametrize("value", ["non-esiste", "\x00", "a" * 500])
def test_an_unknown_lens_shows_every_theme_with_a_message(client, program, value):
    response = client.get(program.url, {"lente": value})
    assert response.status_code == 200
    assert len(theme_titles(response.text)) == 3
    assert "Questa lente non esiste" in response.text


def test_full_program_download(client, home_page):
    from django.core.files.base import ContentFile

    document = Document.objects.create(
        title="Programma 2024",
        file=ContentFile(b"%PDF-1.4 programma", name="programma.pdf"),
        file_size=18,
    )
    page = program_page(home_page, themes=[theme("Una città giusta")], document=document)
    html = client.get(page.url).text
    assert f'href="{document.url}">Scarica il programma completo</a>' in html
    assert "(PDF, 18" in html


def test_lens_pages_link_to_the_themes_carrying_the_lens(client, home_page, program):
    lens_index(home_page)
    html = client.get("/lenti/ecologia/").text
    assert "Nel programma" in html
    assert 'href="/programma/#una-citta-abitabile">Una città abitabile</a>' in html
    assert "Una città giusta" not in html


def test_program_page_costs_the_same_queries_however_many_themes(client, home_page, ecology):
    def queries(count):
        page = program_page(
            home_page,
            slug=f"programma-{count}",
            themes=[
                theme(f"Tema {n}", lenses=[ecology], commitments=["Uno"]) for n in range(count)
            ],
        )
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        return len(captured)

    assert queries(2) == queries(8)


class ProgramAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        cls.home = HomePage(title="Officina Comune", slug="home", locale=Locale.get_default())
        root.add_child(instance=cls.home)
        cls.home.save_revision().publish()
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.lens = LensFactory(name="Ecologia", slug="ecologia")

    def setUp(self):
        self.user = self.login()

    def form(self, themes, **overrides):
        data = {
            "title": "Il programma 2024",
            "slug": "programma",
            "intro": "Il programma per la città.",
            "body": streamfield([]),
            "document_title": "",
            "themes": inline_formset(themes),
        }
        data.update(overrides)
        return nested_form_data(data)

    def theme_form(self, title, slug="", notes=()):
        return {
            "title": title,
            "slug": slug,
            "summary": f"Sintesi di {title}.",
            "commitments": streamfield([("commitment", {"text": "Un impegno", "detail": ""})]),
            "progress": streamfield(
                [
                    (
                        "note",
                        {
                            "date": day,
                            "text": rich_text(f"<p>{text}</p>"),
                            "link": {"page": "", "url": ""},
                        },
                    )
                    for day, text in notes
                ]
            ),
        }

    def test_where_program_pages_live(self):
        self.assertCanCreateAt(HomePage, ProgramPage)
        self.assertCanNotCreateAt(StandardPage, ProgramPage)
        self.assertAllowedSubpageTypes(ProgramPage, {})

    def test_editor_writes_the_program_and_updates_it_over_the_mandate(self):
        data = self.form(
            [self.theme_form("Una città coraggiosa"), self.theme_form("Una città giusta")]
        )
        data["themes-0-lenses"] = [str(self.lens.pk)]
        self.assertCanCreate(self.home, ProgramPage, data)
        page = ProgramPage.objects.get(slug="programma")
        themes = list(page.themes.all())
        assert [item.title for item in themes] == ["Una città coraggiosa", "Una città giusta"]
        assert [item.slug for item in themes] == ["una-citta-coraggiosa", "una-citta-giusta"]
        assert list(themes[0].lenses.all()) == [self.lens]
        self.assertPageIsRenderable(page)

        # Months later: a progress note on the first theme.
        data = self.form(
            [
                {
                    **self.theme_form(
                        "Una città coraggiosa",
                        notes=[("2025-06-10", "Approvato il regolamento dei beni comuni.")],
                    ),
                    "id": str(themes[0].pk),
                },
                {**self.theme_form("Una città giusta"), "id": str(themes[1].pk)},
            ]
        )
        data["themes-0-lenses"] = [str(self.lens.pk)]
        self.assertPageIsEditable(page, post_data=data)
        self.client.force_login(self.user)  # the helper signs its own user out
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", data)
        assert response.status_code == 302
        self.client.logout()
        html = self.client.get(page.url).text
        assert "Approvato il regolamento dei beni comuni." in html
        assert '<time datetime="2025-06-10">' in html

    def test_two_themes_cannot_share_an_anchor(self):
        data = self.form(
            [
                self.theme_form("Una città giusta"),
                self.theme_form("Giusta", slug="una-citta-giusta"),
            ]
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/program/programpage/{self.home.pk}/", data)
        assert response.status_code == 200
        assert "usa già questa ancora" in response.text
        assert not ProgramPage.objects.exists()
        assert not ProgramTheme.objects.exists()
