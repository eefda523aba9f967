"""Admin: venues and event categories under one "Eventi" menu; attendee lists of events."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import widgets
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from events import admin_views
from events.models import EventCategory, EventPage, Venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Luoghi")
    list_display = ["name", "address", "city"]
    ordering = ["name"]


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_label = _("Categorie")
    list_display = ["name", "slug"]


class EventsGroup(SnippetViewSetGroup):
    items = (VenueViewSet, EventCategoryViewSet)
    menu_icon = "date"
    menu_label = _("Eventi")
    menu_name = "events"


register_snippet(EventsGroup)


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [
        path("events/<int:page_id>/iscritti/", admin_views.attendees, name="events_attendees"),
        path(
            "events/<int:page_id>/iscritti/csv/",
            admin_views.attendees_csv,
            name="events_attendees_csv",
        ),
    ]


@hooks.register("register_page_header_buttons")
def attendees_button(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, EventPage):
        return
    if user.has_perm("events.view_registration"):
        yield widgets.Button(
            _("Iscritti"),
            reverse("events_attendees", args=[page.pk]),
            icon_name="group",
            priority=80,
        )


@hooks.register("register_log_actions")
def register_export_action(actions):
    actions.register_action(
        admin_views.EXPORT_ACTION, _("Iscritti esportati"), _("Iscritti esportati in CSV")
    )
