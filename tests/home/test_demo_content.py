"""The demo content: idempotent, and every page it creates works on the site and in the admin."""

from django.core.management import call_command

from wagtail.models import Page, Revision

import pytest

from home.models import HomePage, HomePageFeaturedItem, SiteSettings

pytestmark = pytest.mark.django_db


def snapshot():
    settings = SiteSettings.objects.values().first()
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "featured": list(HomePageFeaturedItem.objects.values_list("page_id", "sort_order")),
        "settings": settings,
    }


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_running_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


def test_demo_content_is_the_officina_comune_site(demo, client):
    home = HomePage.objects.get(locale__language_code="it")
    assert home.get_site().root_page_id == home.pk
    titles = set(home.get_children().values_list("title", flat=True))
    assert {"Chi siamo", "La nostra storia", "La nostra attività"} <= titles
    assert {"Informativa privacy", "Cookie policy"} <= titles
    html = client.get("/la-nostra-storia/").text
    for milestone in ("2018", "Le elezioni comunali", "Sei consiglier* in consiglio comunale"):
        assert milestone in html
    settings = SiteSettings.objects.get()
    assert settings.organisation_name == "Officina Comune"
    assert settings.privacy_page.slug == "privacy"
    assert settings.cookie_page.slug == "cookie-policy"


def test_every_live_page_and_its_admin_edit_view_answer_200(demo, client, superuser):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() >= 7
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    client.force_login(superuser)
    for page in pages:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.title


def test_editors_changes_survive_a_reload(demo):
    page = Page.objects.get(slug="chi-siamo").specific
    page.intro = "Testo riscritto dalla redazione."
    page.save_revision().publish()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.refresh_from_db()
    assert page.intro == "Testo riscritto dalla redazione."
