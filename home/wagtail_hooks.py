"""Admin customisations for the site as a whole."""

from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem

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
