"""Admin registration for the program app."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Lens


class LensViewSet(SnippetViewSet):
    model = Lens
    icon = "view"
    menu_label = _("Lenti")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug", "short_description", "colour"]
    search_fields = ["name", "short_description"]
    ordering = ["sort_order", "name"]


register_snippet(LensViewSet)
