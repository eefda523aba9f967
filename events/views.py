"""Views of events: calendar files and feeds, the registration form and its e-mailed links.

Calendar files and feeds are routes of the calendar and event pages (so they follow the page's
language, publication and privacy). The confirm and cancel pages are personal (they open from
a link in an e-mail): they live under ``/events/``, are never cached, and show the page in the
language the person registered in. Neither changes anything on GET: the page shows a button,
and the POST of that button does the work.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from home import ratelimit
from home.legal import LegalTextVersion

from . import calendar, rsvp, tokens
from .forms import RegistrationForm
from .models import EventCategory

CALENDAR_MAX_AGE = 300  # seconds calendar programs and proxies may keep a copy


def _setting(name, default):
    from django.conf import settings

    return int(getattr(settings, name, default))


# --- Calendar files ------------------------------------------------------------------------


def _ics_response(content, filename, *, attachment):
    response = HttpResponse(content, content_type=calendar.ICS_CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CALENDAR_MAX_AGE)
    return response


def event_ics(request, event):
    """One event as a ``.ics`` download."""
    return _ics_response(calendar.event_ics(event), calendar.ics_filename(event), attachment=True)


def calendar_feed(request, calendar_page, category_slug=None):
    """The calendar's upcoming events (or one category's) as a subscribable iCalendar feed."""
    events = calendar_page.upcoming_events()
    name = calendar_page.title
    filename = calendar_page.slug or "eventi"
    if category_slug is not None:
        category = EventCategory.objects.filter(
            locale_id=calendar_page.locale_id, slug=category_slug
        ).first()
        if category is None:
            raise Http404
        events = events.in_category(category)
        name = f"{calendar_page.title} · {category.name}"
        filename = f"{filename}-{category.slug}"
    feed = calendar.build_calendar(
        events.for_calendar(), name=name, description=calendar_page.intro or None
    )
    return _ics_response(feed.to_ical(), f"{filename}.ics", attachment=False)


# --- Registration form -------------------------------------------------------------------------


def _render_event(request, event, form, *, status=200):
    response = event.render(request, context_overrides={"rsvp_form": form})
    response.status_code = status
    return response


def register(request, event):
    """Handle the registration form (POST); a GET leads back to the form on the event page.

    The answer is the same "check your inbox" page whatever the address's state; only bad
    input (with a message next to the field) and closed registrations are said.
    """
    if not event.has_site_registration:
        raise Http404
    if request.method != "POST":
        return redirect(event.url + "#iscrizione")
    form = RegistrationForm(request.POST, auto_id="rsvp-%s")
    sent = redirect(event.url + event.reverse_subpage("registration_sent").lstrip("/"))
    sent.status_code = 303
    if form.is_bot():
        return sent
    if not ratelimit.hit(
        "events-rsvp-form-ip",
        ratelimit.client_ip(request),
        limit=_setting("EVENTS_RSVP_LIMIT_PER_IP", 20),
        period=3600,
    ):
        form.is_valid()
        form.add_error(None, _("Troppe richieste da questa connessione: riprova tra un'ora."))
        return _render_event(request, event, form, status=429)
    if not form.is_valid():
        return _render_event(request, event, form, status=400)
    email = form.cleaned_data["email"].strip().lower()
    if not ratelimit.hit(
        "events-rsvp-form-email",
        f"{event.translation_key}:{email}",
        limit=_setting("EVENTS_RSVP_LIMIT_PER_EMAIL", 5),
        period=3600,
    ):
        return sent  # same answer as always: nothing tells what happens to an address
    site = Site.find_for_request(request)
    try:
        rsvp.register(
            event,
            name=form.cleaned_data["name"],
            email=email,
            consent_text=LegalTextVersion.objects.consent(form.fields["consent"].label),
            privacy_notice=LegalTextVersion.objects.current_privacy_notice(site),
            language=translation.get_language(),
        )
    except ValidationError as error:
        form.add_error("name" if error.code != "invalid" else "email", error)
        return _render_event(request, event, form, status=400)
    except rsvp.RegistrationClosed as closed:
        form.add_error(None, closed.message)
        return _render_event(request, event, form, status=409)
    return sent


def registration_sent(request, event):
    """The page after the form: look for the confirmation e-mail."""
    if not event.has_site_registration:
        raise Http404
    return render(request, "events/registration_sent.html", {"page": event, "self": event})


# --- Personal links ----------------------------------------------------------------------------


def _invalid_link(request):
    hours = int(tokens.confirmation_max_age().total_seconds() // 3600)
    return render(request, "events/registration_link_invalid.html", {"hours": hours}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Confirm a registration: GET shows the event and a button, POST confirms."""
    try:
        registration = tokens.read_token(token, tokens.CONFIRM)
    except tokens.InvalidToken:
        return _invalid_link(request)
    with translation.override(registration.language):
        context = {"registration": registration, "event": registration.event}
        if request.method == "GET":
            return render(request, "events/registration_confirm.html", context)
        try:
            registration = rsvp.confirm(token)
        except tokens.InvalidToken:
            return _invalid_link(request)
        except rsvp.RegistrationClosed as closed:
            context["closed"] = closed.message
            return render(request, "events/registration_confirm.html", context, status=409)
        context.update({"registration": registration, "done": True})
        context["links"] = calendar.calendar_links(registration.event)
        return render(request, "events/registration_confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """Cancel a registration: GET shows the event and a button, POST cancels."""
    try:
        registration = tokens.read_token(token, tokens.CANCEL)
    except tokens.InvalidToken:
        return _invalid_link(request)
    with translation.override(registration.language):
        context = {"registration": registration, "event": registration.event}
        if request.method == "POST":
            context["registration"] = rsvp.cancel(registration)
            context["done"] = True
        return render(request, "events/registration_cancel.html", context)
