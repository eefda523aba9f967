"""How events show their dates, in the visitor's language and Rovereto's time."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


def _day(value):
    return date_format(value, "l j F Y")


def _time(value):
    return date_format(value, "H:i")


@register.filter
def event_when(event):
    """One line saying when an event takes place.

    "mercoledì 1 dicembre 2021, 18:00–19:30"; all-day and multi-day events are written out
    without the times that do not apply.
    """
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    same_day = start.date() == end.date()
    if event.all_day:
        if same_day:
            return _day(start)
        return _("dal %(start)s al %(end)s") % {"start": _day(start), "end": _day(end)}
    if same_day:
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": _day(start),
            "start": _time(start),
            "end": _time(end),
        }
    return _("dal %(start)s alle %(start_time)s al %(end)s alle %(end_time)s") % {
        "start": _day(start),
        "start_time": _time(start),
        "end": _day(end),
        "end_time": _time(end),
    }


@register.filter
def event_short_date(event):
    """The start day in a compact form for lists ("1 dic 2030")."""
    return date_format(timezone.localtime(event.start), "j M Y")
