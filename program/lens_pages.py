"""Where each lens has its page: under the live lens index page of its language."""

from home import page_cache


def lens_index_url(context, locale_id):
    """The URL of the live lens index page in ``locale_id``, or ``None`` if there is none.

    Badges on every page need it, so it costs no query at all most of the time
    (``home.page_cache.memoized``: on the request, and in the cache until the content changes).
    """
    request = context.get("request")
    return page_cache.memoized(
        request, "lens-index-url", locale_id, lambda: _find_url(request, locale_id)
    )


def _find_url(request, locale_id):
    from program.models import LensIndexPage

    page = LensIndexPage.objects.live().filter(locale_id=locale_id).order_by("path").first()
    return page.get_url(request) if page is not None else None
