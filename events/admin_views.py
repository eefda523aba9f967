"""Admin: the people registered to an event, and their export as CSV.

Only users with ``events.view_registration`` (the Redazione, superusers) see the list, and
``events.export_registrations`` download it; everyone else, volunteers included, gets 403.
Each export is written to the page's history, with who made it.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from home import admin_access
from home.csv import csv_response

from . import rsvp
from .models import EventPage

EXPORT_ACTION = "events.registrations_exported"


def _forbidden(request):
    # A plain 403 (Wagtail turns PermissionDenied into a redirect to the dashboard).
    return admin_access.forbidden(
        request, _("Solo la Redazione vede chi si è iscritto agli eventi.")
    )


def _event_for(request, page_id, permission):
    if not request.user.has_perm(permission):
        return None
    return get_object_or_404(EventPage, pk=page_id)


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def attendees(request, page_id):
    """The attendee list of an event, every language version together, with the counts."""
    event = _event_for(request, page_id, "events.view_registration")
    if event is None:
        return _forbidden(request)
    registrations = list(rsvp.attendee_rows(event))
    return render(
        request,
        "events/admin/attendees.html",
        {
            "page": event,
            "registrations": registrations,
            "availability": rsvp.availability(event),
            "pending": rsvp.Registration.objects.for_event(event)
            .filter(status=rsvp.Status.PENDING)
            .count(),
            "can_export": request.user.has_perm("events.export_registrations"),
        },
    )


def attendees_csv(request, page_id):
    """The attendee list as CSV (cells a spreadsheet would run as formulas are neutralised)."""
    event = _event_for(request, page_id, "events.export_registrations")
    if event is None:
        return _forbidden(request)
    rows = [
        (
            registration.name,
            registration.email,
            registration.get_status_display(),
            _local(registration.created_at),
            _local(registration.confirmed_at),
            _local(registration.cancelled_at),
            registration.language,
        )
        for registration in rsvp.attendee_rows(event)
    ]
    header = [
        _("Nome"),
        _("E-mail"),
        _("Stato"),
        _("Richiesta il"),
        _("Confermata il"),
        _("Annullata il"),
        _("Lingua"),
    ]
    log(instance=event, action=EXPORT_ACTION, user=request.user, data={"rows": len(rows)})
    filename = f"iscritti-{slugify(event.slug or event.title)}.csv"
    return csv_response(filename, header, rows)
