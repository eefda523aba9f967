"""Where each lens has its page."""


def lens_index_url(context, locale_id):
    """The URL of the lens index page in ``locale_id`` (cached on the request)."""
    return None
