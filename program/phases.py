"""When a phase of a participatory process happens, and what that makes of the process today.

The rules, shared by the page (Python, on the phases in memory, so previews are right too) and by
the listings (SQL, ``ProcessPageQuerySet.with_status``):

- A phase has a *span* of days. A single date covers that day, or the whole month when only the
  month is given ("settembre 2025"); a range runs from its first to its last day (from the first
  of the first month to the last of the last month when only months are given); a phase "from"
  a date has no end.
- An open-ended phase lasts until another phase starts after it; if none does, it is still going.
- A phase is *past* once its span has ended, *current* while today is within it, *upcoming*
  before it starts.
- A process is *upcoming* before its first phase starts (or while it has no phases),
  *concluded* once every phase has ended, and *in progress* in between, gaps between phases
  included.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DateKind(models.TextChoices):
    SINGLE = "single", _("Una data")
    RANGE = "range", _("Dal … al …")
    FROM = "from", _("Da … in poi")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Giorno")
    MONTH = "month", _("Solo mese e anno")


class PhaseState(models.TextChoices):
    PAST = "past", _("Conclusa")
    CURRENT = "current", _("In corso")
    UPCOMING = "upcoming", _("In arrivo")


class ProcessStatus(models.TextChoices):
    # The values appear in addresses (?stato=in-corso), hence Italian.
    IN_PROGRESS = "in-corso", _("In corso")
    UPCOMING = "in-arrivo", _("In arrivo")
    CONCLUDED = "concluso", _("Concluso")


def first_of_month(day):
    return day.replace(day=1)


def last_of_month(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Span:
    """The days a phase covers: ``last`` is ``None`` for an open-ended phase."""

    first: datetime.date
    last: datetime.date | None


def phase_span(kind, precision, start, end=None):
    """The span of a phase given as the editor entered it (``None`` without a start date)."""
    if start is None:
        return None
    by_month = precision == DatePrecision.MONTH
    first = first_of_month(start) if by_month else start
    if kind == DateKind.FROM:
        return Span(first, None)
    if kind == DateKind.RANGE and end is not None:
        last = last_of_month(end) if by_month else end
    else:
        last = last_of_month(start) if by_month else start
    return Span(first, last)


def effective_ends(spans):
    """The last day of each span, open-ended spans closed the day before a later one starts.

    ``None`` stays for an open-ended span that no other span follows.
    """
    ends = []
    for span in spans:
        if span is None:
            ends.append(None)
            continue
        if span.last is not None:
            ends.append(span.last)
            continue
        later_starts = [
            other.first for other in spans if other is not None and other.first > span.first
        ]
        ends.append(min(later_starts) - datetime.timedelta(days=1) if later_starts else None)
    return ends


def phase_states(spans, today):
    """The state of each phase (``None`` for a phase without dates) on ``today``."""
    states = []
    for span, last in zip(spans, effective_ends(spans), strict=True):
        if span is None:
            states.append(None)
        elif today < span.first:
            states.append(PhaseState.UPCOMING)
        elif last is None or today <= last:
            states.append(PhaseState.CURRENT)
        else:
            states.append(PhaseState.PAST)
    return states


def process_status(spans, today):
    """The status of a process whose phases cover ``spans`` on ``today``."""
    dated = [span for span in spans if span is not None]
    if not dated:
        return ProcessStatus.UPCOMING
    first = min(span.first for span in dated)
    if today < first:
        return ProcessStatus.UPCOMING
    if status_is_open(dated):
        return ProcessStatus.IN_PROGRESS
    last = max(span.last for span in dated if span.last is not None)
    return ProcessStatus.IN_PROGRESS if today <= last else ProcessStatus.CONCLUDED


def status_is_open(spans):
    """True when an open-ended phase starts no earlier than every other phase."""
    latest_start = max(span.first for span in spans)
    return any(span.last is None and span.first >= latest_start for span in spans)


def process_dates(spans):
    """First and last day of a process (last ``None`` while it is open-ended)."""
    dated = [span for span in spans if span is not None]
    if not dated:
        return None, None
    first = min(span.first for span in dated)
    if status_is_open(dated):
        return first, None
    return first, max(span.last for span in dated if span.last is not None)


# --- Showing dates ---------------------------------------------------------------------------


def _format(day, precision):
    return date_format(day, "F Y" if precision == DatePrecision.MONTH else "j F Y")


def describe_phase_dates(kind, precision, start, end=None):
    """The phase's dates as visitors read them: "3 marzo – 10 aprile 2023", "da settembre 2025"."""
    if start is None:
        return ""
    by_month = precision == DatePrecision.MONTH
    if kind == DateKind.FROM:
        if by_month:
            return gettext("da %(date)s") % {"date": _format(start, precision)}
        return gettext("dal %(date)s") % {"date": _format(start, precision)}
    if kind != DateKind.RANGE or end is None or end == start:
        return _format(start, precision)
    if by_month and (start.year, start.month) == (end.year, end.month):
        return _format(start, precision)
    if start.year == end.year:
        first = date_format(start, "F" if by_month else "j F")
    else:
        first = _format(start, precision)
    return f"{first} – {_format(end, precision)}"
