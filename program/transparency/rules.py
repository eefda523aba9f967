"""The publication rule of the contribution register, as pure functions (no database).

Italian law (L. 3/2019 art. 1 c. 11) asks a party or list to publish the contributions of every
donor whose contributions in one calendar year add up to more than €500, cumulatively: money,
services and goods alike, valued in euros. This module decides, for each gift, whether it is
published, from when, by when it must be online and until when it stays there. Nothing here is
ever typed by a treasurer: the register stores facts (who, how much, when received, when
recorded), and these functions derive the rest.

- **Threshold.** A donor's gifts of one calendar year are published once their total *exceeds*
  €500: €500.00 is not published, €500.01 is. Gifts of different years never add up.
- **Crossing.** Gifts are added up in the order they were received; the gift that takes the
  total over the threshold is the *crossing* gift. Every gift of that donor and year is then
  published, the earlier ones included.
- **Deadline.** The law's deadline is the end of the month after receipt. A gift that becomes
  publishable only when a later gift crosses the threshold cannot be late before that, so its
  deadline is the end of the month after the *later* of its own receipt and the crossing
  gift's receipt.
- **Five years.** A published row stays online for at least five years from the day it had to
  be online (the deadline) or, if it was recorded after the deadline, from the day it went
  online; then it leaves the page.
- **Refused gifts** (the donor objected to publication, so the law says the gift must be
  refused) never count towards a total and are never published.

Amounts are ``Decimal`` throughout: binary floating point would put 0.1 + 0.2 on the wrong side
of a threshold.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

THRESHOLD = Decimal("500.00")
RETENTION_YEARS = 5


@dataclass(frozen=True)
class Gift:
    """One contribution as the rule sees it."""

    key: object  # anything hashable that identifies the gift (the row's primary key)
    donor: object  # anything hashable that identifies the donor
    received_on: datetime.date
    amount: Decimal
    recorded_on: datetime.date | None = None  # when it entered the register (None: on time)
    refused: bool = False


@dataclass(frozen=True)
class Publication:
    """What the rule decides for one gift."""

    publishable: bool
    year_total: Decimal  # the donor's total for the gift's calendar year (refused gifts excluded)
    crossing_date: datetime.date | None  # receipt of the gift that crossed the threshold
    deadline: datetime.date | None  # the last day by which the gift must be online
    online_from: datetime.date | None  # the day it went (or goes) online
    online_until: datetime.date | None  # the last day it stays online

    def is_online(self, today):
        """Whether the published row is on the page ``today``."""
        return self.publishable and self.online_from <= today <= self.online_until

    def is_overdue(self, today):
        """Past its deadline without being online by then (recorded late)."""
        return self.publishable and self.deadline < today and self.online_from > self.deadline


def end_of_next_month(day):
    """The last day of the month after ``day`` (the law's "mese solare successivo")."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_years(day, years):
    """``day`` moved by ``years`` calendar years; 29 February becomes 28 February if needed."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _not_published(total):
    return Publication(False, total, None, None, None, None)


def publication_schedule(gifts, threshold=THRESHOLD):
    """``{gift.key: Publication}`` for every gift in ``gifts``.

    The result depends only on the gifts themselves, never on the order they are given in:
    gifts received on the same day are added up together, so whichever of them crosses the
    threshold the crossing date is the same.
    """
    groups = defaultdict(list)
    for gift in gifts:
        groups[(gift.donor, gift.received_on.year)].append(gift)
    schedule = {}
    for group in groups.values():
        counted = [gift for gift in group if not gift.refused]
        total = sum((gift.amount for gift in counted), Decimal("0"))
        crossing_date = None
        if total > threshold:
            running = Decimal("0")
            by_day = defaultdict(Decimal)
            for gift in counted:
                by_day[gift.received_on] += gift.amount
            for day in sorted(by_day):
                running += by_day[day]
                if running > threshold:
                    crossing_date = day
                    break
        for gift in group:
            if gift.refused or crossing_date is None:
                schedule[gift.key] = _not_published(total)
                continue
            deadline = end_of_next_month(max(gift.received_on, crossing_date))
            became_publishable = max(gift.received_on, crossing_date)
            recorded_on = gift.recorded_on or became_publishable
            online_from = max(became_publishable, recorded_on)
            online_until = add_years(max(deadline, online_from), RETENTION_YEARS)
            schedule[gift.key] = Publication(
                publishable=True,
                year_total=total,
                crossing_date=crossing_date,
                deadline=deadline,
                online_from=online_from,
                online_until=online_until,
            )
    return schedule
