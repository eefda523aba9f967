"""The status of a process and of its phases, computed from the dates (never stored)."""

from datetime import date

from django.utils import translation

import pytest

from program.models import ProcessPage
from program.phases import (
    DateKind,
    DatePrecision,
    PhaseState,
    ProcessStatus,
    Span,
    describe_phase_dates,
    phase_span,
    phase_states,
    process_dates,
    process_status,
)
from tests.factories.program import phase, process, process_index

PAST, CURRENT, UPCOMING = PhaseState.PAST, PhaseState.CURRENT, PhaseState.UPCOMING


# --- Spans ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "precision", "start", "end", "expected"),
    [
        ("single", "day", date(2025, 9, 11), None, Span(date(2025, 9, 11), date(2025, 9, 11))),
        ("single", "month", date(2025, 9, 11), None, Span(date(2025, 9, 1), date(2025, 9, 30))),
        ("single", "month", date(2024, 2, 3), None, Span(date(2024, 2, 1), date(2024, 2, 29))),
        (
            "range",
            "day",
            date(2023, 3, 15),
            date(2023, 4, 20),
            Span(date(2023, 3, 15), date(2023, 4, 20)),
        ),
        (
            "range",
            "month",
            date(2025, 1, 20),
            date(2025, 8, 5),
            Span(date(2025, 1, 1), date(2025, 8, 31)),
        ),
        ("from", "day", date(2025, 9, 29), None, Span(date(2025, 9, 29), None)),
        ("from", "month", date(2025, 9, 29), None, Span(date(2025, 9, 1), None)),
        ("single", "day", None, None, None),
    ],
)
def test_phase_spans(kind, precision, start, end, expected):
    assert phase_span(kind, precision, start, end) == expected


# --- Phase states, before, during and after each phase ---------------------------------------

# A process like the neighbourhood labs: three ranges with a gap, then a single day.
LABS = [
    phase_span("range", "day", date(2023, 3, 1), date(2023, 4, 30)),
    phase_span("range", "day", date(2023, 4, 15), date(2023, 6, 30)),  # overlaps the first
    phase_span("range", "month", date(2023, 7, 1), date(2023, 10, 1)),
    phase_span("single", "day", date(2023, 11, 20)),
]


@pytest.mark.parametrize(
    ("today", "states", "status"),
    [
        (date(2023, 2, 28), [UPCOMING, UPCOMING, UPCOMING, UPCOMING], ProcessStatus.UPCOMING),
        (date(2023, 3, 1), [CURRENT, UPCOMING, UPCOMING, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2023, 4, 20), [CURRENT, CURRENT, UPCOMING, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2023, 4, 30), [CURRENT, CURRENT, UPCOMING, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2023, 5, 1), [PAST, CURRENT, UPCOMING, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2023, 7, 1), [PAST, PAST, CURRENT, UPCOMING], ProcessStatus.IN_PROGRESS),
        # "luglio – ottobre" by month runs to the end of October.
        (date(2023, 10, 31), [PAST, PAST, CURRENT, UPCOMING], ProcessStatus.IN_PROGRESS),
        # Between two phases: none is current, the process is still in progress.
        (date(2023, 11, 5), [PAST, PAST, PAST, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2023, 11, 20), [PAST, PAST, PAST, CURRENT], ProcessStatus.IN_PROGRESS),
        (date(2023, 11, 21), [PAST, PAST, PAST, PAST], ProcessStatus.CONCLUDED),
    ],
)
def test_states_of_ranges_and_single_dates(today, states, status):
    assert phase_states(LABS, today) == states
    assert process_status(LABS, today) == status


# A process like the community-welfare path: a month, a range of months, a day, then open-ended.
OPIFICIO = [
    phase_span("single", "month", date(2024, 12, 1)),
    phase_span("range", "month", date(2025, 1, 1), date(2025, 8, 1)),
    phase_span("single", "day", date(2025, 9, 11)),
    phase_span("from", "day", date(2025, 9, 29)),
]


@pytest.mark.parametrize(
    ("today", "states", "status"),
    [
        (date(2024, 11, 30), [UPCOMING] * 4, ProcessStatus.UPCOMING),
        (date(2024, 12, 31), [CURRENT, UPCOMING, UPCOMING, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2025, 8, 31), [PAST, CURRENT, UPCOMING, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2025, 9, 11), [PAST, PAST, CURRENT, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2025, 9, 28), [PAST, PAST, PAST, UPCOMING], ProcessStatus.IN_PROGRESS),
        (date(2025, 9, 29), [PAST, PAST, PAST, CURRENT], ProcessStatus.IN_PROGRESS),
        # Open-ended and last: it goes on.
        (date(2031, 1, 1), [PAST, PAST, PAST, CURRENT], ProcessStatus.IN_PROGRESS),
    ],
)
def test_states_with_months_and_an_open_ended_last_phase(today, states, status):
    assert phase_states(OPIFICIO, today) == states
    assert process_status(OPIFICIO, today) == status


def test_an_open_ended_phase_ends_when_a_later_one_starts():
    spans = [
        phase_span("from", "day", date(2025, 1, 10)),
        phase_span("single", "day", date(2025, 3, 1)),
    ]
    assert phase_states(spans, date(2025, 2, 28)) == [CURRENT, UPCOMING]
    assert phase_states(spans, date(2025, 3, 1)) == [PAST, CURRENT]
    assert process_status(spans, date(2025, 3, 2)) == ProcessStatus.CONCLUDED
    assert process_dates(spans) == (date(2025, 1, 10), date(2025, 3, 1))


def test_a_process_without_phases_is_upcoming():
    assert process_status([], date(2025, 1, 1)) == ProcessStatus.UPCOMING
    assert process_dates([]) == (None, None)


def test_process_dates():
    assert process_dates(LABS) == (date(2023, 3, 1), date(2023, 11, 20))
    assert process_dates(OPIFICIO) == (date(2024, 12, 1), None)


# --- How dates read -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "precision", "start", "end", "italian", "english"),
    [
        ("single", "day", date(2025, 9, 11), None, "11 Settembre 2025", "11 September 2025"),
        ("single", "month", date(2025, 9, 11), None, "Settembre 2025", "September 2025"),
        (
            "range",
            "month",
            date(2025, 1, 1),
            date(2025, 8, 1),
            "Gennaio – Agosto 2025",
            "January – August 2025",
        ),
        (
            "range",
            "day",
            date(2023, 3, 15),
            date(2023, 4, 20),
            "15 Marzo – 20 Aprile 2023",
            "15 March – 20 April 2023",
        ),
        (
            "range",
            "month",
            date(2024, 11, 1),
            date(2025, 2, 1),
            "Novembre 2024 – Febbraio 2025",
            "November 2024 – February 2025",
        ),
        ("range", "month", date(2024, 11, 1), date(2024, 11, 20), "Novembre 2024", None),
        ("from", "day", date(2025, 9, 29), None, "dal 29 Settembre 2025", None),
        ("from", "month", date(2025, 9, 29), None, "da Settembre 2025", None),
    ],
)
def test_dates_as_visitors_read_them(kind, precision, start, end, italian, english):
    # Month names as Django's catalogues write them (capitalised in Italian, as site-wide).
    with translation.override("it"):
        assert describe_phase_dates(kind, precision, start, end) == italian
    if english:
        with translation.override("en"):
            assert describe_phase_dates(kind, precision, start, end) == english


def test_the_free_text_date_replaces_what_is_shown_not_the_dates():
    entry = phase("Avvio", date(2025, 9, 29), kind="from", date_label="fine settembre 2025")
    assert entry.display_dates == "fine settembre 2025"
    assert entry.span == Span(date(2025, 9, 29), None)


def test_kinds_and_precisions_are_the_model_choices():
    assert {choice for choice, _ in DateKind.choices} == {"single", "range", "from"}
    assert {choice for choice, _ in DatePrecision.choices} == {"day", "month"}


# --- SQL and Python agree --------------------------------------------------------------------

CHECK_DAYS = [
    date(2023, 2, 28),
    date(2023, 3, 1),
    date(2023, 5, 1),
    date(2023, 10, 31),
    date(2023, 11, 5),
    date(2023, 11, 20),
    date(2023, 11, 21),
    date(2024, 12, 31),
    date(2025, 9, 28),
    date(2025, 9, 29),
    date(2031, 1, 1),
]


@pytest.mark.django_db
def test_listings_compute_the_same_status_in_sql_as_the_page(home_page):
    index = process_index(home_page)
    labs = process(
        index,
        "Laboratori",
        phases=[
            phase("Assemblea", date(2023, 3, 1), date(2023, 4, 30)),
            phase("Workshop", date(2023, 4, 15), date(2023, 6, 30)),
            phase("Modello", date(2023, 7, 1), date(2023, 10, 1), precision="month"),
            phase("Presentazione", date(2023, 11, 20)),
        ],
    )
    opificio = process(
        index,
        "Opificio",
        phases=[
            phase("Linee di mandato", date(2024, 12, 1), precision="month"),
            phase("Percorso interno", date(2025, 1, 1), date(2025, 8, 1), precision="month"),
            phase("Incontro", date(2025, 9, 11)),
            phase("Avvio", date(2025, 9, 29), kind="from"),
        ],
    )
    follow_up = process(
        index,
        "Dopo l'apertura",
        phases=[
            phase("Sportello aperto", date(2025, 1, 10), kind="from"),
            phase("Bilancio", date(2025, 3, 1)),
        ],
    )
    empty = process(index, "Da definire")
    pages = [labs, opificio, follow_up, empty]
    for today in CHECK_DAYS:
        in_sql = {
            page.pk: (page.current_status, page.first_day, page.last_day)
            for page in ProcessPage.objects.with_status(today)
        }
        for page in pages:
            fresh = ProcessPage.objects.get(pk=page.pk)
            expected = (fresh.status_on(today).value, *fresh.dates)
            assert in_sql[page.pk] == expected, (today, page.title)
