"""Admin additions of the site search: the popular-searches report for the Redazione."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import PopularSearchesView
from .roles import can_steer_search


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [
        path("ricerche-frequenti/", PopularSearchesView.as_view(), name="search_popular"),
        path(
            "ricerche-frequenti/results/",
            PopularSearchesView.as_view(results_only=True),
            name="search_popular_results",
        ),
    ]


class PopularSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_steer_search(request.user)


@hooks.register("register_reports_menu_item")
def popular_searches_menu_item():
    return PopularSearchesMenuItem(
        _("Ricerche frequenti"),
        reverse("search_popular"),
        name="popular-searches",
        icon_name="search",
        order=1300,
    )


@hooks.register("construct_reports_menu")
def hide_superuser_only_search_terms(request, menu_items):
    # The report above shows the same data to everyone who may steer the search.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
