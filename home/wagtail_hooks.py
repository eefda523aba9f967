"""Admin customisations for the site as a whole."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import SiteTexts

# The same WCAG tag set the real-browser tests enforce with axe-core.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class WCAGContentCheckerItem(ContentCheckerItem):
    """Wagtail's in-page accessibility checker, running the full WCAG 2.2 A/AA rule set."""

    axe_run_only = WCAG_TAGS
    # Keep Wagtail's own content checks (untagged, so runOnly would leave them out).
    axe_rules = {
        "alt-text-quality": {"enabled": True},
        "empty-meta-description": {"enabled": True},
    }


@hooks.register("construct_wagtail_userbar")
def use_wcag_accessibility_checker(request, items, page):
    items[:] = [
        WCAGContentCheckerItem() if isinstance(item, ContentCheckerItem) else item for item in items
    ]


@hooks.register("register_admin_urls")
def two_factor_urls():
    from django.urls import path

    from home import two_factor

    return [
        path("2fa/", two_factor.manage, name="two_factor_manage"),
        path("2fa/setup/", two_factor.setup, name="two_factor_setup"),
        path("2fa/verify/", two_factor.verify, name="two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return {
        "url": reverse("two_factor_manage"),
        "label": _("Autenticazione a due fattori"),
        "help_text": _("Codice dall'app di autenticazione a ogni accesso; codici di recupero."),
    }


@hooks.register("insert_global_admin_css")
def admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


class SiteTextsViewSet(SnippetViewSet):
    """ "Testi del sito" in the settings menu: one copy per language, translated with the
    "Traduci" button like any snippet."""

    model = SiteTexts
    icon = "doc-full"
    menu_label = _("Testi del sito")
    add_to_settings_menu = True
    menu_order = 150
    list_display = ["__str__", "tagline"]


register_snippet(SiteTextsViewSet)
