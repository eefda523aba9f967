"""Where each lens has its page: under the live lens index page of its language."""

from django.core.cache import cache

from home import page_cache

_MISSING = object()


def lens_index_url(context, locale_id):
    """The URL of the live lens index page in ``locale_id``, or ``None`` if there is none.

    Badges on every page need it, so it costs no query at all most of the time: the answer is
    kept in the cache under the page cache's content generation (publishing, moving or deleting
    any page starts a new one) and on the request.
    """
    request = context.get("request")
    per_request = getattr(request, "_piazza_lens_index_urls", None)
    if per_request is None:
        per_request = {}
        if request is not None:
            request._piazza_lens_index_urls = per_request
    if locale_id in per_request:
        return per_request[locale_id]
    host = request.get_host() if request is not None else ""
    key = f"program:lens-index-url:{page_cache.current_generation()}:{host}:{locale_id}"
    url = cache.get(key, _MISSING)
    if url is _MISSING:
        url = _find_url(request, locale_id)
        cache.set(key, url, 24 * 3600)
    per_request[locale_id] = url
    return url


def _find_url(request, locale_id):
    from program.models import LensIndexPage

    page = LensIndexPage.objects.live().filter(locale_id=locale_id).order_by("path").first()
    return page.get_url(request) if page is not None else None
