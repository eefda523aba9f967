"""Where each lens has its page: under the live lens index page of its language."""


def lens_index_url(context, locale_id):
    """The URL of the live lens index page in ``locale_id``, or ``None`` if there is none.

    One query per language and request, however many badges the page shows: the answer is
    remembered on the request.
    """
    from program.models import LensIndexPage

    request = context.get("request")
    cache = getattr(request, "_piazza_lens_index_urls", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._piazza_lens_index_urls = cache
    if locale_id not in cache:
        page = (
            LensIndexPage.objects.live()
            .public()
            .filter(locale_id=locale_id)
            .order_by("path")
            .first()
        )
        cache[locale_id] = page.get_url(request) if page is not None else None
    return cache[locale_id]
