"""The publication rule of the contribution register (pure functions, no database).

A donor's gifts of a calendar year are published once their total exceeds €500, cumulatively;
the deadline is the end of the month after receipt (after the crossing gift, for earlier gifts);
published rows stay online five years from the deadline (or from a late recording).
"""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from program.transparency.rules import (
    THRESHOLD,
    Gift,
    add_years,
    end_of_next_month,
    publication_schedule,
)

D = Decimal


def gift(key, amount, day, donor="anna", **fields):
    return Gift(key=key, donor=donor, received_on=day, amount=D(amount), **fields)


def published(gifts):
    return {key for key, item in publication_schedule(gifts).items() if item.publishable}


# --- The threshold -------------------------------------------------------------------------


def test_exactly_500_is_not_published():
    assert published([gift(1, "500.00", datetime.date(2025, 3, 1))]) == set()


def test_one_cent_above_500_is_published():
    assert published([gift(1, "500.01", datetime.date(2025, 3, 1))]) == {1}


def test_several_small_gifts_reaching_exactly_500_stay_unpublished():
    gifts = [gift(n, "100.00", datetime.date(2025, n, 1)) for n in range(1, 6)]
    assert published(gifts) == set()


def test_several_small_gifts_crossing_500_publish_every_gift_of_the_year():
    gifts = [gift(n, "100.00", datetime.date(2025, n, 1)) for n in range(1, 6)]
    gifts.append(gift(6, "0.01", datetime.date(2025, 6, 1)))
    assert published(gifts) == {1, 2, 3, 4, 5, 6}
    schedule = publication_schedule(gifts)
    assert schedule[1].crossing_date == datetime.date(2025, 6, 1)
    assert schedule[1].year_total == D("500.01")


def test_decimal_sums_never_round_onto_the_wrong_side():
    # 0.1 + 0.2 in binary floating point is 0.30000000000000004; in Decimal it is 0.3.
    gifts = [
        gift(1, "100.10", datetime.date(2025, 1, 1)),
        gift(2, "399.90", datetime.date(2025, 2, 1)),
    ]
    assert published(gifts) == set()
    gifts.append(gift(3, "0.01", datetime.date(2025, 3, 1)))
    assert published(gifts) == {1, 2, 3}


def test_gifts_of_different_years_never_add_up():
    gifts = [
        gift(1, "400.00", datetime.date(2024, 12, 31)),
        gift(2, "400.00", datetime.date(2025, 1, 1)),
    ]
    assert published(gifts) == set()


def test_each_year_is_judged_on_its_own():
    gifts = [
        gift(1, "600.00", datetime.date(2024, 6, 1)),
        gift(2, "100.00", datetime.date(2025, 6, 1)),
    ]
    assert published(gifts) == {1}


def test_donors_never_add_up_with_each_other():
    gifts = [
        gift(1, "300.00", datetime.date(2025, 1, 1), donor="anna"),
        gift(2, "300.00", datetime.date(2025, 1, 2), donor="bruno"),
    ]
    assert published(gifts) == set()


def test_refused_gifts_count_for_nothing_and_are_never_published():
    gifts = [
        gift(1, "400.00", datetime.date(2025, 1, 1), refused=True),
        gift(2, "200.00", datetime.date(2025, 2, 1)),
    ]
    assert published(gifts) == set()
    gifts.append(gift(3, "400.00", datetime.date(2025, 3, 1)))
    assert published(gifts) == {2, 3}


def test_services_and_goods_count_like_money():
    # The rule sees values only: a gift's kind plays no part.
    gifts = [
        gift(1, "250.00", datetime.date(2025, 1, 1)),
        gift(2, "250.01", datetime.date(2025, 1, 2)),
    ]
    assert published(gifts) == {1, 2}


# --- Deadlines -------------------------------------------------------------------------------


def test_end_of_next_month():
    assert end_of_next_month(datetime.date(2025, 1, 1)) == datetime.date(2025, 2, 28)
    assert end_of_next_month(datetime.date(2025, 1, 31)) == datetime.date(2025, 2, 28)
    assert end_of_next_month(datetime.date(2024, 1, 15)) == datetime.date(2024, 2, 29)
    assert end_of_next_month(datetime.date(2025, 3, 31)) == datetime.date(2025, 4, 30)
    assert end_of_next_month(datetime.date(2025, 11, 5)) == datetime.date(2025, 12, 31)
    assert end_of_next_month(datetime.date(2025, 12, 1)) == datetime.date(2026, 1, 31)
    assert end_of_next_month(datetime.date(2025, 12, 31)) == datetime.date(2026, 1, 31)


def test_a_gift_above_the_threshold_is_due_by_the_end_of_the_next_month():
    schedule = publication_schedule([gift(1, "900.00", datetime.date(2025, 3, 10))])
    assert schedule[1].deadline == datetime.date(2025, 4, 30)
    assert schedule[1].online_from == datetime.date(2025, 3, 10)


def test_earlier_gifts_are_due_after_the_crossing_gift_later_ones_after_their_own():
    gifts = [
        gift(1, "300.00", datetime.date(2025, 1, 20)),
        gift(2, "300.00", datetime.date(2025, 5, 2)),  # crosses the threshold
        gift(3, "50.00", datetime.date(2025, 9, 15)),
    ]
    schedule = publication_schedule(gifts)
    assert schedule[1].deadline == datetime.date(2025, 6, 30)
    assert schedule[2].deadline == datetime.date(2025, 6, 30)
    assert schedule[3].deadline == datetime.date(2025, 10, 31)
    assert schedule[1].online_from == datetime.date(2025, 5, 2)


def test_a_december_gift_is_due_in_january():
    schedule = publication_schedule([gift(1, "501.00", datetime.date(2025, 12, 28))])
    assert schedule[1].deadline == datetime.date(2026, 1, 31)


def test_a_gift_recorded_after_its_deadline_is_overdue_and_online_from_its_recording():
    late = gift(1, "800.00", datetime.date(2025, 3, 10), recorded_on=datetime.date(2025, 6, 2))
    schedule = publication_schedule([late])
    assert schedule[1].online_from == datetime.date(2025, 6, 2)
    assert schedule[1].is_overdue(datetime.date(2025, 6, 3))
    on_time = gift(2, "800.00", datetime.date(2025, 3, 10), recorded_on=datetime.date(2025, 4, 30))
    assert not publication_schedule([on_time])[2].is_overdue(datetime.date(2025, 6, 3))


# --- Five years online -----------------------------------------------------------------------


def test_add_years_keeps_the_day_and_moves_29_february():
    assert add_years(datetime.date(2025, 4, 30), 5) == datetime.date(2030, 4, 30)
    assert add_years(datetime.date(2024, 2, 29), 5) == datetime.date(2029, 2, 28)
    assert add_years(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)


def test_a_published_row_stays_five_years_from_its_deadline_then_leaves():
    item = publication_schedule([gift(1, "900.00", datetime.date(2025, 3, 10))])[1]
    assert item.online_until == datetime.date(2030, 4, 30)
    assert not item.is_online(datetime.date(2025, 3, 9))
    assert item.is_online(datetime.date(2025, 3, 10))
    assert item.is_online(datetime.date(2030, 4, 30))
    assert not item.is_online(datetime.date(2030, 5, 1))


def test_a_row_recorded_late_stays_five_years_from_its_recording():
    late = gift(1, "800.00", datetime.date(2025, 3, 10), recorded_on=datetime.date(2026, 2, 1))
    item = publication_schedule([late])[1]
    assert item.online_until == datetime.date(2031, 2, 1)


# --- Properties ------------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=60_000).map(lambda value: D(value) / 100)
days = st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2026, 12, 31))
donors = st.sampled_from(["anna", "bruno", "carla"])


@st.composite
def registers(draw):
    size = draw(st.integers(min_value=0, max_value=25))
    return [
        Gift(
            key=number,
            donor=draw(donors),
            received_on=draw(days),
            amount=draw(cents),
            refused=draw(st.integers(min_value=0, max_value=9)) == 0,  # one gift in ten
        )
        for number in range(size)
    ]


def year_totals(gifts):
    totals = {}
    for item in gifts:
        if not item.refused:
            key = (item.donor, item.received_on.year)
            totals[key] = totals.get(key, D("0")) + item.amount
    return totals


@settings(max_examples=300, deadline=None)
@given(registers())
def test_a_gift_is_published_exactly_when_its_donor_year_total_exceeds_the_threshold(gifts):
    schedule = publication_schedule(gifts)
    totals = year_totals(gifts)
    for item in gifts:
        expected = not item.refused and totals[(item.donor, item.received_on.year)] > THRESHOLD
        assert schedule[item.key].publishable == expected


@settings(max_examples=200, deadline=None)
@given(registers(), st.randoms(use_true_random=False))
def test_the_order_the_gifts_come_in_changes_nothing(gifts, random):
    shuffled = list(gifts)
    random.shuffle(shuffled)
    assert publication_schedule(gifts) == publication_schedule(shuffled)


@settings(max_examples=200, deadline=None)
@given(
    registers(), st.builds(Gift, key=st.just("new"), donor=donors, received_on=days, amount=cents)
)
def test_a_new_gift_never_unpublishes_anything(gifts, extra):
    before = published(gifts)
    after = published([*gifts, extra])
    assert before <= after


@settings(max_examples=200, deadline=None)
@given(registers())
def test_deadlines_and_retention_follow_from_receipt(gifts):
    for item in gifts:
        publication = publication_schedule(gifts)[item.key]
        if not publication.publishable:
            assert publication.deadline is None and publication.online_until is None
            continue
        assert publication.crossing_date.year == item.received_on.year
        assert item.received_on <= publication.online_from <= publication.deadline
        # At the latest, the end of January of the next year (a December crossing).
        assert publication.deadline <= datetime.date(item.received_on.year + 1, 1, 31)
        assert publication.deadline == end_of_next_month(publication.online_from)
        assert publication.online_until >= add_years(publication.online_from, 5)


@settings(max_examples=200, deadline=None)
@given(registers())
def test_the_crossing_date_is_the_first_day_the_running_total_exceeds_the_threshold(gifts):
    schedule = publication_schedule(gifts)
    for item in gifts:
        publication = schedule[item.key]
        if not publication.publishable:
            continue
        same = [
            other
            for other in gifts
            if not other.refused
            and other.donor == item.donor
            and other.received_on.year == item.received_on.year
        ]

        def total_by(day, same=same):
            return sum((other.amount for other in same if other.received_on <= day), D("0"))

        crossing = publication.crossing_date
        assert total_by(crossing) > THRESHOLD
        earlier = [other.received_on for other in same if other.received_on < crossing]
        if earlier:
            assert total_by(max(earlier)) <= THRESHOLD
