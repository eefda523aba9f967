"""How events show their dates, in the visitor's language and Rovereto's time."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _lower_in_italian(text):
    """Italian writes weekdays and months in lower case ("mercoledì 1 dicembre"); Django's
    Italian names are capitalised, as for a calendar heading."""
    return text.lower() if (get_language() or "").split("-")[0] == "it" else text


def _day(value):
    return _lower_in_italian(date_format(value, "l j F Y"))


def _twelve_hour():
    """English clocks read "6:30 pm"; Italian ones (and the default) "18:30"."""
    return (get_language() or "").split("-")[0] == "en"


def _clock(value):
    """ "6", "7:30": the hour on a twelve-hour clock, with the minutes only when there are some."""
    hour = value.hour % 12 or 12
    return f"{hour}" if value.minute == 0 else f"{hour}:{value.minute:02d}"


def _meridiem(value):
    return "am" if value.hour < 12 else "pm"


def _time(value):
    if _twelve_hour():
        return f"{_clock(value)} {_meridiem(value)}"
    return date_format(value, "H:i")


def _time_range(start, end):
    """ "18:00", "19:30" in Italian; in English "6–7:30 pm" ("11 am–1 pm" across noon)."""
    if not _twelve_hour():
        return _time(start), _time(end)
    if _meridiem(start) == _meridiem(end):
        return _clock(start), _time(end)
    return _time(start), _time(end)


@register.filter
def event_when(event):
    """One line saying when an event takes place.

    "mercoledì 1 dicembre 2021, 18:00–19:30" in Italian, "Wednesday 1 December 2021,
    6–7:30 pm" in English; all-day and multi-day events are written out
    without the times that do not apply.
    """
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    same_day = start.date() == end.date()
    if event.all_day:
        if same_day:
            return _day(start)
        return _("dal %(start)s al %(end)s") % {"start": _day(start), "end": _day(end)}
    if same_day:
        start_time, end_time = _time_range(start, end)
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": _day(start),
            "start": start_time,
            "end": end_time,
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
    return _lower_in_italian(date_format(timezone.localtime(event.start), "j M Y"))


@register.simple_tag
def event_calendar_links(event):
    """Google Calendar and Outlook links for ``event`` (plain links, nothing is loaded)."""
    from events.calendar import calendar_links

    return calendar_links(event)


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    """The event's schema.org ``Event`` as a JSON-LD data block."""
    from events.structured_data import event_data
    from home.templatetags.seo_tags import json_ld

    request = context.get("request")
    organisation = None
    site_settings = context.get("settings")
    if site_settings is not None and request is not None:
        name = site_settings["home"]["SiteSettings"].organisation_name
        if name:
            organisation = {"name": name, "url": request.build_absolute_uri("/")}
    return json_ld(event_data(event, request=request, organisation=organisation))


@register.filter
def page_query(event_filter, number):
    """The query string of page ``number`` of a filtered list: ``{{ filter|page_query:2 }}``."""
    return event_filter.page_query(number)
