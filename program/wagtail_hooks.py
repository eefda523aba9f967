"""Admin registration for the program app: lenses and neighbourhoods under "Programma"."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Lens, Neighbourhood


class LensViewSet(SnippetViewSet):
    model = Lens
    icon = "view"
    menu_label = _("Lenti")
    list_display = ["name", "slug", "short_description", "colour"]
    search_fields = ["name", "short_description"]
    ordering = ["sort_order", "name"]


class NeighbourhoodViewSet(SnippetViewSet):
    model = Neighbourhood
    icon = "site"
    menu_label = _("Quartieri")
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]


class ProgramGroup(SnippetViewSetGroup):
    items = (LensViewSet, NeighbourhoodViewSet)
    menu_icon = "view"
    menu_label = _("Programma")
    menu_name = "program"
    menu_order = 210


register_snippet(ProgramGroup)
