"""Main menu, breadcrumbs, language switcher and the current language's home page."""

from django import template
from django.conf import settings
from django.db.models import Q, Subquery
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page, Site

register = template.Library()

# Each language named in itself, whatever the language of the page.
LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}


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


def _live_translations(request, page):
    """Live translations of ``page`` and of its home page, each by language code.

    One query for both (the home page is found through the page's tree path), cached on
    the request: the hreflang alternates and the language switcher share it.
    """
    cache = getattr(request, "_piazza_translations", None) if request is not None else None
    if cache is not None and cache[0] == page.pk:
        return cache[1]
    home_key = Page.objects.filter(path=page.path[: Page.steplen * 2]).values("translation_key")
    candidates = (
        Page.objects.live()
        .filter(Q(translation_key=page.translation_key) | Q(translation_key=Subquery(home_key)))
        .select_related("locale")
    )
    pages, homes = {}, {}
    for candidate in candidates:
        code = candidate.locale.language_code
        if candidate.translation_key == page.translation_key:
            pages[code] = candidate
        if candidate.depth == 2:
            homes[code] = candidate
    result = (pages, homes)
    if request is not None:
        request._piazza_translations = (page.pk, result)
    return result


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """Live translations of the current page as (language code, absolute URL) pairs.

    Used for ``hreflang`` alternates; one query for the translations, shared with the
    language switcher.
    """
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk:
        return []
    return [
        (code, translation.get_full_url(request))
        for code, translation in _live_translations(request, page)[0].items()
    ]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One link per site language, to the same content in that language.

    On a page: its live translation, or (when there is none) the home page in that language,
    flagged ``available=False`` so the template can say the page is not translated. Elsewhere
    (search, forms, error pages) the same URL in the other language. The language lives in
    the URL (Italian unprefixed, English under ``/en/``): the choice is remembered by the links
    themselves, without a cookie.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    items = []
    for code, name in settings.LANGUAGES:
        item = {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, name),
            "is_current": code == current,
            "available": True,
            "url": None,
        }
        if not item["is_current"]:
            if isinstance(page, Page) and page.pk:
                pages, homes = _live_translations(request, page)
                target = pages.get(code)
                if target is None:
                    item["available"] = False
                    target = homes.get(code)
                item["url"] = target.get_url(request) if target is not None else None
            elif request is not None:
                item["url"] = translate_url(request.get_full_path(), code)
        items.append(item)
    return {"languages": items}


@register.filter
def in_current_language(page):
    """``page`` in the language being shown when it has a live translation, else itself.

    For links editors chose once, in Italian (footer links, legal pages): English pages lead
    to the English translation wherever there is one.
    """
    from home.translation import active_locale_id, localize_page

    return localize_page(page, active_locale_id()) if page is not None else None
