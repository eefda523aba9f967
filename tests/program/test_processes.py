"""Participatory processes: the filtered index, the page with its timeline, the admin."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from program.models import Neighbourhood, ProcessLink, ProcessPage
from tests.factories.program import phase, process, process_index

pytestmark = pytest.mark.django_db


def days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


@pytest.fixture
def index(home_page):
    return process_index(home_page)


@pytest.fixture
def three_processes(index, ecology, care):
    """One process in progress, one upcoming, one concluded."""
    running = process(
        index,
        "Laboratori di quartiere",
        phases=[
            phase("Assemblea del tavolo", days(-40), days(-20)),
            phase("Workshop nei quartieri", days(-5), days(30)),
            phase("Presentazione del modello", days(60)),
        ],
        lenses=[ecology],
    )
    coming = process(
        index,
        "Bilancio partecipativo",
        phases=[phase("Raccolta delle proposte", days(10), days(40))],
        lenses=[care],
    )
    over = process(
        index,
        "Piano del verde",
        phases=[phase("Passeggiate", days(-90), days(-60))],
        lenses=[ecology, care],
    )
    return running, coming, over


def titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_index_lists_in_progress_then_upcoming_then_concluded(client, index, three_processes):
    html = client.get(index.url).text
    assert titles(html) == ["Laboratori di quartiere", "Bilancio partecipativo", "Piano del verde"]
    assert "Fase in corso: Workshop nei quartieri" in html
    assert "Prossima fase: Raccolta delle proposte" in html
    assert "3 percorsi" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"stato": "in-corso"}, ["Laboratori di quartiere"]),
        ({"stato": "in-arrivo"}, ["Bilancio partecipativo"]),
        ({"stato": "concluso"}, ["Piano del verde"]),
        ({"lente": "ecologia"}, ["Laboratori di quartiere", "Piano del verde"]),
        ({"lente": "cura", "stato": "concluso"}, ["Piano del verde"]),
        ({"lente": "cura", "stato": "in-corso"}, []),
    ],
)
def test_filters_by_status_and_lens_without_javascript(
    client, index, three_processes, query, expected
):
    response = client.get(index.url, query)
    assert response.status_code == 200
    assert titles(response.text) == expected
    # The form keeps the choice and offers to remove it.
    assert "Togli i filtri" in response.text
    for value in query.values():
        assert f'value="{value}" selected' in response.text
    if not expected:
        assert "Nessun percorso corrisponde ai filtri scelti." in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"stato": "finito"},
        {"lente": "non-esiste"},
        {"stato": ["in-corso", "x"]},
        {"pagina": "abc"},
        {"pagina": "999"},
        {"lente": "\x00"},
    ],
)
def test_bad_filters_get_a_message_and_the_full_list(client, index, three_processes, query):
    response = client.get(index.url, query)
    assert response.status_code == 200
    assert len(titles(response.text)) == 3
    if "pagina" not in query:
        assert 'aria-invalid="true"' in response.text


def test_status_follows_the_calendar_without_anyone_editing(client, index, three_processes):
    running, coming, _over = three_processes
    assert running.status == "in-corso" and coming.status == "in-arrivo"
    later = timezone.localdate() + datetime.timedelta(days=365)
    assert running.status_on(later) == "concluso"
    assert coming.status_on(later) == "concluso"


def test_process_page_shows_an_accessible_timeline(client, index, ecology):
    page = process(
        index,
        "Laboratori di quartiere",
        phases=[
            phase("Assemblea del tavolo", days(-40), days(-20)),
            phase(
                "Workshop nei quartieri",
                days(-5),
                days(30),
                description="<p>Incontri aperti a tutte e tutti.</p>",
                cta_text="Iscriviti a un workshop",
                cta_url="https://example.org/iscrizioni",
            ),
            phase("Presentazione del modello", days(60)),
        ],
        lenses=[ecology],
        contact_office="Ufficio Partecipazione",
        contact_email="partecipazione@example.org",
        funding_note="Finanziato dal Bando Partecipazione 2022.",
    )
    neighbourhood = Neighbourhood.objects.create(name="Lizzana", slug="lizzana")
    page.neighbourhoods.add(neighbourhood)
    page.links = [ProcessLink(title="Il progetto sul sito del Comune", url="https://example.org/p")]
    page.save_revision().publish()

    html = client.get(page.url).text
    assert '<p class="process-status process-status--in-corso">' in html
    timeline = html.split('<ol class="process-timeline">', 1)[1].split("</ol>", 1)[0]
    states = re.findall(r'class="process-phase process-phase--(\w+)"', timeline)
    assert states == ["past", "current", "upcoming"]
    assert timeline.count('aria-current="step"') == 1
    assert "Fase conclusa" in timeline and "Fase in corso" in timeline
    assert "Fase in arrivo" in timeline
    assert 'href="https://example.org/iscrizioni">Iscriviti a un workshop</a>' in timeline
    for text in (
        "Lizzana",
        "Ufficio Partecipazione",
        "mailto:partecipazione@example.org",
        "Bando Partecipazione 2022",
        "Il progetto sul sito del Comune",
        "Ultimo aggiornamento",
        "Ecologia",
    ):
        assert text in html, text


def test_related_events_wait_for_events_to_point_at_a_process(index):
    page = process(index, "Laboratori", phases=[phase("Avvio", days(1))])
    assert page.related_events() == []


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_index_costs_the_same_queries_however_many_processes(
    client, index, ecology, care, django_assert_num_queries
):
    def add(count, offset):
        for number in range(offset, offset + count):
            process(
                index,
                f"Percorso {number}",
                phases=[phase("Uno", days(-number - 1)), phase("Due", days(number), days(90))],
                lenses=[ecology, care],
            )

    add(2, 0)
    few = {query: queries_for(client, f"{index.url}?{query}") for query in ("", "lente=ecologia")}
    add(12, 2)
    many = {query: queries_for(client, f"{index.url}?{query}") for query in ("", "lente=ecologia")}
    assert few == many
    with django_assert_num_queries(PINNED_INDEX_QUERIES):
        client.get(index.url)


# Routing and chrome, the lenses for the filter, the count, the processes, their lenses and
# phases (images are prefetched too when there are any).
PINNED_INDEX_QUERIES = 19


def test_editor_cannot_save_a_range_that_ends_before_it_starts(client, editor, index):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Al contrario",
            "slug": "al-contrario",
            "summary": "Un percorso.",
            "body": streamfield([]),
            "sections": streamfield([]),
            "participation": rich_text(""),
            "phases": inline_formset(
                [
                    {
                        "title": "Fase",
                        "date_kind": "range",
                        "precision": "day",
                        "start_date": "2025-09-30",
                        "end_date": "2025-01-01",
                        "date_label": "",
                        "description": rich_text(""),
                        "cta_text": "",
                        "cta_url": "",
                    }
                ]
            ),
            "links": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/add/program/processpage/{index.pk}/", data)
    assert response.status_code == 200
    assert "La fine non può precedere l&#x27;inizio." in response.text
    assert not ProcessPage.objects.filter(slug="al-contrario").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"date_kind": "range", "end_date": None}, "end_date", "Indica la fine del periodo."),
        ({"date_kind": "single", "end_date": datetime.date(2026, 1, 2)}, "end_date", "serve solo"),
        ({"cta_text": "Partecipa"}, "cta_url", "destinazione"),
        ({"cta_url": "https://example.org/"}, "cta_text", "testo del pulsante"),
    ],
)
def test_phase_validation(fields, field, message):
    from django.core.exceptions import ValidationError

    from program.models import ProcessPhase

    values = {"title": "Fase", "start_date": datetime.date(2026, 1, 1), **fields}
    with pytest.raises(ValidationError) as error:
        ProcessPhase(**values).clean()
    assert message in " ".join(error.value.message_dict[field])


def test_process_image_needs_alt_text(index):
    from django.core.exceptions import ValidationError

    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    page = process(index, "Con foto", phases=[phase("Avvio", days(1))])
    page.image = Image.objects.create(title="Piazza", file=get_test_image_file())
    with pytest.raises(ValidationError):
        page.full_clean()
    page.image_alt = "Persone sedute in cerchio in una sala"
    page.full_clean()
