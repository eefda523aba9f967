"""Showing lenses: badges in the visitor's language and links to each lens's page.

Other apps register here the things a lens page lists (see ``register_lens_section``); the
badge include calls ``badge_items``.
"""

from django.db.models import Manager, QuerySet
from django.utils.translation import get_language

from wagtail.models import Locale

from .models import Lens


def _active_locale_id(context):
    """The locale being shown: the page's own, else the active language's (once per request)."""
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is not None:
        return locale_id
    request = context.get("request")
    cached = getattr(request, "_piazza_locale_id", None) if request is not None else None
    if cached is not None:
        return cached
    locale = Locale.objects.filter(language_code=get_language()).first()
    locale_id = locale.pk if locale else None
    if request is not None and locale_id is not None:
        request._piazza_locale_id = locale_id
    return locale_id


def localize_lenses(lenses, locale_id):
    """The same lenses in ``locale_id`` where a translation exists (one query, only if needed)."""
    if isinstance(lenses, Manager):
        lenses = lenses.all()
    lenses = list(lenses)
    foreign = [lens for lens in lenses if locale_id is not None and lens.locale_id != locale_id]
    if foreign:
        translated = {
            lens.translation_key: lens
            for lens in Lens.objects.filter(
                translation_key__in=[lens.translation_key for lens in foreign], locale_id=locale_id
            )
        }
        lenses = [translated.get(lens.translation_key, lens) for lens in lenses]
    unique = {}
    for lens in lenses:
        unique.setdefault(lens.pk, lens)
    return sorted(unique.values(), key=lambda lens: (lens.sort_order, lens.name))


def lens_url(context, lens):
    """The lens's public page, or ``None`` while the site has no lens index page."""
    from .lens_pages import lens_index_url

    base = lens_index_url(context, lens.locale_id)
    return f"{base}{lens.slug}/" if base else None


def badge_items(context, lenses):
    if lenses is None:
        return []
    if isinstance(lenses, (QuerySet, Manager)) or hasattr(lenses, "__iter__"):
        items = localize_lenses(lenses, _active_locale_id(context))
    else:
        items = [lenses]
    return [{"lens": lens, "url": lens_url(context, lens)} for lens in items]
