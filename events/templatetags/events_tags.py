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
