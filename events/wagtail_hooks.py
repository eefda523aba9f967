"""Admin: venues and event categories under one "Eventi" menu."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from events.models import EventCategory, Venue


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
