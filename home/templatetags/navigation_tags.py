"""Main menu, breadcrumbs and the current language's home page."""

from django import template

from wagtail.models import Page, Site

register = template.Library()


def _site_home(request, page=None):
    """The home page of the language being shown (the Italian one when untranslated).

    On a page it is the page's own top-level ancestor (no query on the home page itself);
    elsewhere (search, errors) the site root in the active language. Cached on the request.
    """
    cache_attr = "_piazza_localized_home"
    if not hasattr(request, cache_attr):
        home = None
        if isinstance(page, Page) and page.depth >= 2:
            home_path = page.path[: Page.steplen * 2]
            home = page if page.path == home_path else Page.objects.filter(path=home_path).first()
        else:
            site = Site.find_for_request(request)
            if site is not None and site.root_page is not None:
                home = site.root_page.localized
        setattr(request, cache_attr, home)
    return getattr(request, cache_attr)


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    return _site_home(request, context.get("page")) if request is not None else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Live pages under the home page that editors marked "show in menus"."""
    request = context.get("request")
    current = context.get("page")
    home = _site_home(request, current) if request is not None else None
    items = []
    if home is not None:
        current_path = current.path if isinstance(current, Page) else ""
        for page in home.get_children().live().public().in_menu():
            items.append(
                {
                    "page": page,
                    "url": page.get_url(request),
                    "is_current": current_path == page.path,
                    "is_ancestor": current_path.startswith(page.path) and current_path != page.path,
                }
            )
    return {"request": request, "home": home, "items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The path from the home page to the current page; nothing on the home page itself."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = [
        {"title": ancestor.title, "url": ancestor.get_url(request)}
        for ancestor in page.get_ancestors().filter(depth__gte=2)
    ]
    return {"ancestors": ancestors, "page": page}


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """Live translations of the current page as (language code, absolute URL) pairs.

    Used for ``hreflang`` alternates; one query for the translations.
    """
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk:
        return []
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return [
        (translation.locale.language_code, translation.get_full_url(request))
        for translation in translations
    ]
