"""The program app's demo content: complete, reachable, valid, and loaded only once."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from program.models import (
    ActStatus,
    ContributionFormPage,
    CouncilActPage,
    Lens,
    LensIndexPage,
    Neighbourhood,
    PersonPage,
    ProcessPage,
    ProgramPage,
)
from program.phases import ProcessStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=StringIO())


def test_demo_has_everything_the_issue_lists(demo):
    assert Lens.objects.filter(locale__language_code="it").count() == 4
    program = ProgramPage.objects.get()
    assert [theme.title for theme in program.themes.all()] == [
        "Una città coraggiosa",
        "Una città giusta",
        "Una città vicina e aperta",
        "Una città interdipendente",
        "Una città di tutte e tutti",
        "Una città contemporanea",
        "Una città abitabile",
        "Una città che cura e che cambia",
    ]
    assert all(theme.lenses.exists() for theme in program.themes.all())
    assert program.document is not None and program.document.file_size > 0

    opificio = ProcessPage.objects.get(slug="opificio-di-comunita")
    labs = ProcessPage.objects.get(slug="laboratori-di-quartiere")
    assert [block.block_type for block in opificio.sections] == [
        "keywords",
        "objectives",
        "places",
        "tools",
        "actors",
        "results",
    ]
    assert labs.neighbourhoods.count() == 7 == Neighbourhood.objects.count()
    assert all(
        phase.date_kind == "range"
        for phase in labs.phases.all()
        if phase.title != "Workshop finale per tutta la città"
    )
    form = ContributionFormPage.objects.child_of(opificio).get()
    assert form.form_fields.count() == 4
    # The phase that invites to contribute leads to the form.
    assert [phase.cta_page_id for phase in opificio.phases.all()][-1] == form.pk

    people = PersonPage.objects.all()
    assert people.count() == 6
    assert all(person.role == "councillor" for person in people)
    assert all("esempio" in person.short_bio.lower() for person in people)
    statuses = {act.latest_status for act in CouncilActPage.objects.with_current_status()}
    assert statuses == {status.value for status in ActStatus}


def test_demo_statuses_follow_the_dates(demo):
    today = timezone.localdate()
    assert ProcessPage.objects.get(slug="laboratori-di-quartiere").status_on(today) == (
        ProcessStatus.CONCLUDED
    )
    assert ProcessPage.objects.get(slug="opificio-di-comunita").status_on(today) == (
        ProcessStatus.IN_PROGRESS
    )


def test_demo_loads_once_and_keeps_editors_changes(demo):
    program = ProgramPage.objects.get()
    program.intro = "Cambiato in redazione."
    program.save_revision().publish()
    before = Page.objects.count()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert Page.objects.count() == before
    assert "(0 objects created" in out.getvalue()
    assert ProgramPage.objects.get().intro == "Cambiato in redazione."


def test_main_pages_are_in_the_menu_and_every_page_renders(demo, client):
    home = client.get("/").text
    for path in ("/programma/", "/percorsi/", "/persone/", "/consiglio/"):
        assert f'href="{path}"' in home, path
    pages = Page.objects.live().filter(depth__gte=3, locale__language_code="it").specific()
    program_pages = [page for page in pages if page._meta.app_label == "program"]
    assert len(program_pages) >= 20
    for page in program_pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    for lens in Lens.objects.filter(locale__language_code="it"):
        assert client.get(f"/lenti/{lens.slug}/").status_code == 200
    assert LensIndexPage.objects.live().filter(locale__language_code="it").count() == 1


def test_demo_pages_validate(demo):
    for model in (ProgramPage, ProcessPage, PersonPage, CouncilActPage, ContributionFormPage):
        for page in model.objects.all():
            page.full_clean()
