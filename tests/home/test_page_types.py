"""Every page type: created at its allowed place through the admin, renders, is editable."""

from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage


def timeline(entries):
    """Form data for a TimelineBlock value (a StructBlock holding a ListBlock)."""
    return {
        "heading": "Le tappe",
        "entries": {
            "count": len(entries),
            **{
                str(index): {"value": entry, "deleted": "", "order": str(index), "id": ""}
                for index, entry in enumerate(entries)
            },
        },
    }


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        cls.home = HomePage(title="Officina Comune", slug="home", locale=Locale.get_default())
        root.add_child(instance=cls.home)
        cls.home.save_revision().publish()
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)

    def setUp(self):
        self.login()

    def test_allowed_and_refused_parents(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_standard_page_created_in_the_admin_with_every_block(self):
        body = streamfield(
            [
                ("heading", {"text": "La nostra storia", "level": "h2"}),
                ("paragraph", rich_text("<p>Dal 2018 ci incontriamo.</p>")),
                ("quote", {"text": "Fare insieme.", "attribution": "Officina Comune"}),
                (
                    "keywords",
                    {
                        "heading": "Parole chiave",
                        "keywords": {
                            "count": 1,
                            "0": {"value": "bene comune", "deleted": "", "order": "0", "id": ""},
                        },
                    },
                ),
                (
                    "timeline",
                    timeline(
                        [
                            {
                                "start_date": "2018-01-01",
                                "end_date": "",
                                "date_label": "2018",
                                "title": "Nasce il gruppo",
                                "text": rich_text("<p>Le prime riunioni.</p>"),
                            }
                        ]
                    ),
                ),
            ]
        )
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {"title": "Chi siamo", "slug": "chi-siamo", "intro": "Chi siamo.", "body": body}
            ),
        )
        page = StandardPage.objects.get(slug="chi-siamo")
        assert page.live
        assert [block.block_type for block in page.body] == [
            "heading",
            "paragraph",
            "quote",
            "keywords",
            "timeline",
        ]
        self.assertPageIsRenderable(page)
        self.assertPageIsEditable(
            page,
            post_data=nested_form_data(
                {"title": "Chi siamo", "slug": "chi-siamo", "intro": "Nuovo.", "body": body}
            ),
        )
        html = self.client.get(page.url).text
        assert "Nasce il gruppo" in html
        assert "Ultimo aggiornamento" in html

    def test_timeline_refuses_an_end_before_the_start(self):
        body = streamfield(
            [
                (
                    "timeline",
                    timeline(
                        [
                            {
                                "start_date": "2025-09-30",
                                "end_date": "2025-01-01",
                                "date_label": "",
                                "title": "Al contrario",
                                "text": rich_text(""),
                            }
                        ]
                    ),
                )
            ]
        )
        url = f"/admin/pages/add/home/standardpage/{self.home.pk}/"
        data = nested_form_data({"title": "Storia", "slug": "storia", "body": body})
        data["action-publish"] = "action-publish"
        response = self.client.post(url, data)
        assert response.status_code == 200  # the form is shown again with the error
        assert not StandardPage.objects.filter(slug="storia").exists()

    def test_home_page_is_renderable_and_editable(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsEditable(
            self.home,
            post_data=nested_form_data(
                {
                    "title": "Officina Comune",
                    "slug": "home",
                    "hero_intro": "Una comunità politica.",
                    "body": streamfield([]),
                    "featured_items": inline_formset([]),
                }
            ),
        )

    def test_home_page_image_needs_alt_text(self):
        from django.core.exceptions import ValidationError

        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        image = Image.objects.create(title="Piazza", file=get_test_image_file())
        self.home.hero_image = image
        self.home.hero_image_alt = "  "
        with self.assertRaises(ValidationError):
            self.home.full_clean()
        self.home.hero_image_alt = "Persone in piazza a Rovereto"
        self.home.full_clean()
