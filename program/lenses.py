"""Showing lenses: badges in the visitor's language and links to each lens's page.

The badge include calls ``badge_items``. Listings that show badges on many items call
``attach_badge_lenses`` once, so translating the badges costs one query for the whole list
instead of one per item. What a lens page lists is registered in ``program.lens_sections``.
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


class LocalizedLenses(list):
    """Lenses already shown in the right language and order: ``badge_items`` takes them as is."""


def localize_lenses(lenses, locale_id):
    """The same lenses in ``locale_id`` where a translation exists (one query, only if needed)."""
    if isinstance(lenses, LocalizedLenses):
        return lenses
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


def carrying_lens(queryset, translation_key, lenses_path="lenses"):
    """``queryset`` narrowed to what carries a lens (in any language), without duplicates.

    Content matches when one of its lenses has ``translation_key``: a translated page that still
    points at the original lens matches as well as one pointing at the translation.
    """
    carriers = queryset.model._base_manager.filter(
        **{f"{lenses_path}__translation_key": translation_key}
    ).values("pk")
    return queryset.filter(pk__in=carriers)


def attach_badge_lenses(items, locale_id, attribute="lenses"):
    """Set ``badge_lenses`` on every item: its lenses in ``locale_id``, in editor order.

    ``items`` must have their lenses prefetched (``prefetch_related("lenses")``). Translations
    are looked up with one query for all the items together, and only if some lens is not in
    ``locale_id`` already.
    """
    items = list(items)
    per_item = [list(getattr(item, attribute).all()) for item in items]
    foreign = {
        lens.translation_key
        for lenses in per_item
        for lens in lenses
        if locale_id is not None and lens.locale_id != locale_id
    }
    translated = {}
    if foreign:
        translated = {
            lens.translation_key: lens
            for lens in Lens.objects.filter(translation_key__in=foreign, locale_id=locale_id)
        }
    for item, lenses in zip(items, per_item, strict=True):
        shown = {}
        for lens in lenses:
            lens = translated.get(lens.translation_key, lens)
            shown.setdefault(lens.pk, lens)
        item.badge_lenses = LocalizedLenses(
            sorted(shown.values(), key=lambda lens: (lens.sort_order, lens.name))
        )
    return items


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
