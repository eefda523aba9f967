"""Where the directory and each organisation's page live.

Event and process pages link the organisations they name, so finding the directory must cost
next to nothing: like the lens index, its address is kept in the cache under the page cache's
content generation (publishing, moving or deleting any page starts a new one) and on the request.
"""

from wagtail.models import Locale

from home import page_cache


def directory_url(request, locale_id):
    """The URL of the live directory page in ``locale_id`` (else the default language's)."""
    return page_cache.memoized(
        request, "directory-url", locale_id, lambda: _find_url(request, locale_id)
    )


def _find_url(request, locale_id):
    from program.models import OrganisationIndexPage

    pages = OrganisationIndexPage.objects.live().public().order_by("path")
    page = pages.filter(locale_id=locale_id).first() if locale_id else None
    if page is None:
        page = pages.filter(locale=Locale.get_default()).first()
    return page.get_url(request) if page is not None else None


def organisation_url(organisation, request=None, locale_id=None, today=None):
    """The public page of ``organisation``, or ``None`` when it is not listed (or no directory)."""
    if not organisation.is_listed(today):
        return None
    base = directory_url(request, locale_id or organisation.locale_id)
    return f"{base}{organisation.slug}/" if base else None


def organisation_full_url(organisation):
    """The absolute address of ``organisation``'s page, for e-mails (``None`` if unlisted)."""
    from program.models import OrganisationIndexPage

    if not organisation.is_listed():
        return None
    page = (
        OrganisationIndexPage.objects.live()
        .public()
        .filter(locale_id=organisation.locale_id)
        .order_by("path")
        .first()
    )
    if page is None:
        return None
    full = page.get_full_url()
    return f"{full}{organisation.slug}/" if full else None


def partner_links(organisations, request=None, locale_id=None, today=None):
    """``[{"organisation", "url"}]`` for a page naming ``organisations`` as partners.

    Organisations no longer listed keep their name, without a link.
    """
    return [
        {
            "organisation": organisation,
            "url": organisation_url(organisation, request, locale_id, today),
        }
        for organisation in organisations
    ]
