"""Create many live pages under one parent with a handful of queries.

``Page.add_child`` costs a dozen queries a page (tree bookkeeping, a revision, search indexing,
the reference index); generating thousands of pages that way takes minutes. ``add_children``
does the same work in bulk for pages that need no history: it computes the tree paths the way
django-treebeard does (the parent's path plus one four-character step per level), inserts the
``wagtailcore_page`` rows with one ``bulk_create`` and the rows of the page type's own table with
one insert per batch, updates the parent's child count and indexes the pages for search.

The pages are live and published "now" but have no revision: Wagtail treats a page without a
revision as its own latest version, so they are served, edited and published like any other.
Signals are not sent: callers that fill a running site invalidate the page cache themselves.
Only for page types that inherit directly from ``Page`` (through abstract classes only).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.backends import get_search_backends


def _page_field_values(page):
    return {
        field.attname: getattr(page, field.attname)
        for field in Page._meta.concrete_fields
        if not field.primary_key
    }


@transaction.atomic
def add_children(parent, pages):
    """Add ``pages`` (unsaved instances of one page type) as the last children of ``parent``.

    Returns the saved pages, with primary keys. Slugs must be unique among the parent's children
    (checked, as Wagtail's validation would).
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("add_children takes pages of one type at a time")
    if model._meta.get_parent_list() != [Page]:
        raise ValueError(f"{model.__name__} does not inherit directly from Page")
    using = router.db_for_write(model)
    # Lock the parent so that two runs cannot compute the same paths.
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    slugs = [page.slug for page in pages]
    taken = set(parent.get_children().filter(slug__in=slugs).values_list("slug", flat=True))
    if taken or len(set(slugs)) != len(slugs):
        raise ValueError(f"slugs already in use under {parent.url_path}: {sorted(taken)[:5]}")

    last_child = parent.get_last_child()
    step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
    depth = parent.depth + 1
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or page.first_published_at

    base_rows = Page.objects.using(using).bulk_create(
        [Page(**_page_field_values(page)) for page in pages]
    )
    for page, row in zip(pages, base_rows, strict=True):
        page.pk = row.pk  # sets page_ptr_id
        page.id = row.pk
        page._state.adding = False
        page._state.db = using

    local_fields = [field for field in model._meta.local_concrete_fields if field.concrete]
    batch_size = connections[using].ops.bulk_batch_size(local_fields, pages) or len(pages)
    for start in range(0, len(pages), batch_size):
        model._base_manager.using(using)._insert(
            pages[start : start + batch_size], fields=local_fields, using=using
        )
    Page.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

    saved = list(model.objects.using(using).filter(pk__in=[page.pk for page in pages]))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, saved)
    return pages
