"""Events in calendar programs: iCalendar files and feeds (RFC 5545), Google and Outlook links.

- UID: the event's ``translation_key`` at the site's domain. It never changes when the page is
  edited, moved or renamed, so a calendar that already holds the event updates its copy.
- SEQUENCE: ``EventPage.sequence``, raised whenever the schedule changes.
- STATUS: ``CANCELLED`` for a cancelled event (and "Annullato" in its title, because many
  programs do not show the status); otherwise ``CONFIRMED``.
- Times are written in Europe/Rome with the matching VTIMEZONE, so they stay right across
  daylight-saving changes; all-day events are DATE values (the end day exclusive).
- Online events carry their live-stream links in the description.
"""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

import icalendar

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Piazza//Eventi//IT"


def _domain():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def event_uid(event):
    """The event's identifier in every calendar: stable across edits, slugs and moves."""
    return f"event-{event.translation_key}@{_domain()}"


def event_url(event):
    return event.get_full_url() or settings.WAGTAILADMIN_BASE_URL


def event_title(event):
    if event.is_cancelled:
        return _("Annullato: %(title)s") % {"title": event.title}
    return event.title


def event_location(event):
    """One line for LOCATION: the venue and its address, or "Online" with the first link."""
    parts = []
    if event.is_in_person and event.venue is not None:
        parts.append(event.venue.name)
        if event.venue.full_address:
            parts.append(event.venue.full_address)
    if event.is_online:
        links = event.stream_link_list
        if parts:
            parts.append(_("e online"))
        else:
            parts.append(links[0].url if links else _("Online"))
    return ", ".join(parts)


def event_description(event, *, with_streams=True):
    """Plain text for DESCRIPTION: status, summary, live streams, venue notes, the page's URL."""
    lines = []
    if event.is_cancelled:
        lines.append(_("L'evento è annullato."))
    elif event.is_postponed and event.previous_start:
        lines.append(
            _("Rinviato: era previsto il %(date)s.")
            % {"date": timezone.localtime(event.previous_start).strftime("%d/%m/%Y %H:%M")}
        )
    if event.status_note:
        lines.append(event.status_note)
    if event.summary:
        lines.append(event.summary)
    if with_streams and event.is_online and not event.is_cancelled:
        for link in event.stream_link_list:
            lines.append(f"{link.display_label}: {link.url}")
    if event.is_in_person and event.venue_note:
        lines.append(event.venue_note)
    lines.append(_("Dettagli: %(url)s") % {"url": event_url(event)})
    return "\n\n".join(lines)


def _dates(event):
    """DTSTART and DTEND: Rome's local times, or dates (end exclusive) for all-day events."""
    tz = timezone.get_default_timezone()
    start, end = timezone.localtime(event.start, tz), timezone.localtime(event.end, tz)
    if event.all_day:
        return start.date(), end.date() + datetime.timedelta(days=1)
    return start, end


def to_vevent(event, *, stamp=None):
    """The event as an iCalendar VEVENT component."""
    start, end = _dates(event)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp or timezone.now())
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", event_title(event))
    vevent.add("description", event_description(event))
    vevent.add("url", event_url(event))
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    location = event_location(event)
    if location:
        vevent.add("location", location)
    if event.is_in_person and event.venue is not None and event.venue.has_coordinates:
        vevent.add("geo", (float(event.venue.latitude), float(event.venue.longitude)))
    categories = [category.name for category in event.categories.all()]
    if categories:
        vevent.add("categories", categories)
    if event.first_published_at:
        vevent.add("created", event.first_published_at)
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    return vevent


def build_calendar(events, *, name=None, description=None):
    """A VCALENDAR with ``events`` and the Europe/Rome VTIMEZONE they need."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)  # RFC 7986
        cal.add("x-wr-calname", name)  # what most programs read
    if description:
        cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # Subscribed calendars: how often programs should fetch the feed again.
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    events = list(events)
    for event in events:
        cal.add_component(to_vevent(event, stamp=stamp))
    if events:
        # Timezone rules only for the years the events span: a short, valid VTIMEZONE.
        first = min(event.start for event in events)
        last = max(event.end for event in events)
        cal.add_missing_timezones(
            first_date=datetime.date(first.year - 1, 1, 1),
            last_date=datetime.date(last.year + 2, 1, 1),
        )
    return cal


def event_ics(event):
    """The ``.ics`` bytes of one event (a download, or an e-mail attachment)."""
    return build_calendar([event]).to_ical()


def ics_filename(event):
    return f"{event.slug or 'evento'}.ics"


# --- "Add to calendar" links (plain links: nothing is loaded from these sites) ----------------


def _utc(value):
    return value.astimezone(datetime.UTC)


def google_calendar_url(event):
    """Google Calendar's "create event" form, filled in."""
    if event.all_day:
        start, end = _dates(event)
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    else:
        dates = f"{_utc(event.start):%Y%m%dT%H%M%SZ}/{_utc(event.end):%Y%m%dT%H%M%SZ}"
    params = {
        "action": "TEMPLATE",
        "text": event_title(event),
        "dates": dates,
        "details": event_description(event),
        "location": event_location(event),
        "ctz": settings.TIME_ZONE,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_calendar_url(event):
    """Outlook on the web's "new event" form, filled in (personal accounts)."""
    if event.all_day:
        start, end = _dates(event)
        startdt, enddt = start.isoformat(), end.isoformat()
    else:
        startdt = _utc(event.start).strftime("%Y-%m-%dT%H:%M:%SZ")
        enddt = _utc(event.end).strftime("%Y-%m-%dT%H:%M:%SZ")
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event_title(event),
        "startdt": startdt,
        "enddt": enddt,
        "allday": "true" if event.all_day else "false",
        "body": event_description(event),
        "location": event_location(event),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(params)


def calendar_links(event):
    """The "add to calendar" links an event page offers besides the ``.ics`` download."""
    return {"google": google_calendar_url(event), "outlook": outlook_calendar_url(event)}
