"""Admin registration for the program app.

"Programma": lenses, neighbourhoods and the partner registry ("Con chi"); "Trasparenza": the
register of contributions and its donors, for the Tesoreria group, with a dashboard panel of
deadlines.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home import roles

from .models import Lens, Neighbourhood
from .registry.admin import OrganisationViewSet
from .transparency.admin import TransparencyMenu


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
    items = (LensViewSet, NeighbourhoodViewSet, OrganisationViewSet)
    menu_icon = "view"
    menu_label = _("Programma")
    menu_name = "program"
    menu_order = 210


register_snippet(ProgramGroup)


@hooks.register("register_admin_viewset")
def register_transparency_viewsets():
    return TransparencyMenu()


@hooks.register("construct_homepage_panels")
def add_transparency_deadlines(request, panels):
    from .transparency.dashboard import TransparencyDeadlinesPanel, can_see_register

    if can_see_register(request.user):
        panels.append(TransparencyDeadlinesPanel())


@hooks.register("register_log_actions")
def register_registry_log_actions(actions):
    actions.register_action(
        "program.registry.approve", _("Approvazione nell'elenco"), _("Organizzazione approvata")
    )
    actions.register_action(
        "program.registry.reject", _("Rifiuto della richiesta"), _("Richiesta rifiutata")
    )
    actions.register_action(
        "program.registry.renew", _("Rinnovo nell'elenco"), _("Inserimento rinnovato")
    )


@hooks.register("filter_form_submissions_for_user")
def only_the_editorial_team_reads_contributions(user, editable_forms):
    """Contributions hold what people wrote: only the editorial team (and superusers) read,
    export or delete them. Volunteers who edit form pages get 403 on the submissions."""
    if user.is_superuser or user.groups.filter(name=roles.EDITORS).exists():
        return editable_forms
    return editable_forms.none()


@hooks.register("register_admin_urls")
def contribution_submissions_answer_403():
    """Wagtail's submission views, answering 403 (not a redirect) to users who may not see them.

    These patterns come before Wagtail's own (the program app is listed first), match the same
    addresses and call the same views; Wagtail's ``wagtailforms:`` URL names keep working.
    """
    from wagtail.contrib.forms import views

    from program.admin_views import forbidden_as_403

    submissions = forbidden_as_403(views.get_submissions_list_view)
    return [
        path("forms/submissions/<int:page_id>/", submissions),
        path("forms/submissions/<int:page_id>/results/", submissions, {"results_only": True}),
        path(
            "forms/submissions/<int:page_id>/delete/",
            forbidden_as_403(views.DeleteSubmissionsView.as_view()),
        ),
    ]
