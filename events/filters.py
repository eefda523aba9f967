"""Filters of the calendar listing: category, lens, format and month, read from the query string.

A filter is a plain GET form, so it works without JavaScript and every filtered list has its
own address (bookmarks, the page cache). A value that is not one of the choices (an old
link, a typo, a bot) is ignored: the list shows as if that filter were not set, never an error.
Each filter costs at most one query, however many events there are.
"""

import calendar as pycalendar
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import EventCategory, EventFormat

# Format filters by what a visitor can do: "in presenza" includes hybrid events (one can go),
# "online" includes them too (one can follow); "ibrido" is hybrid events only.
FORMATS = {
    "in-presenza": (_("In presenza"), (EventFormat.IN_PERSON, EventFormat.HYBRID)),
    "online": (_("Online"), (EventFormat.ONLINE, EventFormat.HYBRID)),
    "ibrido": (_("Ibrido"), (EventFormat.HYBRID,)),
}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Choice:
    value: str
    label: str
    selected: bool = False


def _month_bounds(value):
    """Aware start of the month ``YYYY-MM`` and of the next one, in Rome's time."""
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 < year < 3000):
        return None
    tz = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.datetime(year, month, 1), tz)
    days = pycalendar.monthrange(year, month)[1]
    following = timezone.make_aware(
        datetime.datetime(year, month, days) + datetime.timedelta(days=1), tz
    )
    return first, following


class EventFilter:
    """The calendar's filters: the choices to show and the filtered queryset.

    ``events`` is the list before filtering (upcoming or past); the month choices are the
    months in which those events start.
    """

    def __init__(self, data, *, calendar, events, archive):
        self.data = data
        self.archive = archive
        self.calendar = calendar
        self.base = events
        self.categories = list(EventCategory.objects.filter(locale_id=calendar.locale_id))
        self.lenses = self._lenses(calendar.locale_id)
        self.category = self._pick(data.get("categoria"), {c.slug: c for c in self.categories})
        self.lens = self._pick(data.get("lente"), {lens.slug: lens for lens in self.lenses})
        self.format = data.get("modalita") if data.get("modalita") in FORMATS else None
        self.months = self._months(events)
        month = data.get("mese")
        self.month = month if month in {value for value, _label in self.months} else None
        self.queryset = self._apply(events)

    @staticmethod
    def _lenses(locale_id):
        from program.models import Lens

        return list(Lens.objects.filter(locale_id=locale_id).order_by("sort_order", "name"))

    @staticmethod
    def _pick(value, options):
        return options.get(value) if isinstance(value, str) else None

    @staticmethod
    def _months(events):
        tz = timezone.get_current_timezone()
        starts = (
            events.order_by()
            .annotate(month=TruncMonth("start", tzinfo=tz))
            .values_list("month", flat=True)
            .distinct()
        )
        months = sorted({timezone.localtime(month, tz).date() for month in starts if month})
        return [(f"{month:%Y-%m}", date_format(month, "F Y")) for month in months]

    def _apply(self, events):
        if self.category is not None:
            events = events.in_category(self.category)
        if self.lens is not None:
            events = events.with_lens(self.lens)
        if self.format is not None:
            events = events.in_formats(FORMATS[self.format][1])
        if self.month is not None:
            events = events.overlapping(*_month_bounds(self.month))
        return events

    # --- What the template reads ------------------------------------------------------------

    @property
    def is_active(self):
        chosen = (self.category, self.lens, self.format, self.month)
        return any(value is not None for value in chosen)

    def category_choices(self):
        current = self.category.slug if self.category else ""
        return [Choice(c.slug, c.name, c.slug == current) for c in self.categories]

    def lens_choices(self):
        current = self.lens.slug if self.lens else ""
        return [Choice(lens.slug, lens.name, lens.slug == current) for lens in self.lenses]

    def format_choices(self):
        return [Choice(key, label, key == self.format) for key, (label, _f) in FORMATS.items()]

    def month_choices(self):
        return [Choice(value, label, value == self.month) for value, label in self.months]

    def params(self, *, archive=None, month=True):
        """The active filters as query parameters (for pagination and the archive switch)."""
        archive = self.archive if archive is None else archive
        params = []
        if archive:
            params.append(("archivio", "1"))
        if self.category is not None:
            params.append(("categoria", self.category.slug))
        if self.lens is not None:
            params.append(("lente", self.lens.slug))
        if self.format is not None:
            params.append(("modalita", self.format))
        if month and self.month is not None:
            params.append(("mese", self.month))
        return params

    def query(self, **overrides):
        return urlencode(self.params(**overrides))

    def page_query(self, number):
        """Query string of page ``number`` of this filtered list."""
        return urlencode([*self.params(), ("pagina", str(number))])

    def upcoming_query(self):
        """The same filters on the upcoming list (the month is left out: it may not apply)."""
        return self.query(archive=False, month=False)

    def archive_query(self):
        return self.query(archive=True, month=False)
