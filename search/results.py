"""What the site search finds, and how each result is shown.

Searchable: every live, public page of the visitor's language (``lingue=tutte`` asks for every
language). Drafts, private pages (view restrictions) and unpublished pages never appear.
Snippets that visitors see have pages of their own (a lens has its lens page, an event its
venue on the event page), so the page search reaches them through those pages; lenses are
also matched by name and shown above the results, and so are the organisations of the partner
registry (their pages are routes of the directory page, not pages of the tree).

Filters: page type (``tipo``, a model name), lens (``lente``, a slug in the visitor's language;
pages of every type that carries lenses), and for events upcoming or past (``quando``).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from program.models import Lens

from . import highlight
from .query import MAX_TERMS, build_query, highlight_terms, words

RESULTS_PER_PAGE = 10
MIN_SUGGEST_LENGTH = 2
MAX_SUGGESTIONS = 8
MAX_ORGANISATIONS = 4

WHEN_CHOICES = {"prossimi": _("In programma"), "passati": _("Passati")}


def _lens_field(model):
    """The ``lenses`` many-to-many field of a page model, or ``None``."""
    try:
        field = model._meta.get_field("lenses")
    except FieldDoesNotExist:
        return None
    return field if field.many_to_many and not field.auto_created else None


def _lens_models():
    """Page models that carry lenses."""
    return [model for model in get_page_models() if _lens_field(model) is not None]


def _event_model():
    try:
        from events.models import EventPage
    except ImportError:  # pragma: no cover (the events app is part of the project)
        return None
    return EventPage


def searchable_page_types():
    """Page models a visitor can find, by URL value (the model name)."""
    return {
        model._meta.model_name: model
        for model in get_page_models()
        if model is not Page and not model._meta.abstract
    }


class SiteSearch:
    """One search: the query, the filters, and everything the results page shows."""

    def __init__(self, query, *, page_type="", lens="", when="", all_languages=False):
        self.query = query
        self.search_query = build_query(query) if query else None
        types = searchable_page_types()
        self.page_type = page_type if page_type in types else ""
        self.page_model = types.get(self.page_type)
        self.when = when if when in WHEN_CHOICES else ""
        self.lens_slug = lens if isinstance(lens, str) and len(lens) <= 80 else ""
        self.all_languages = bool(all_languages)
        self.request = None  # set by ``context()``: organisations' links follow its host

    # --- Querysets ----------------------------------------------------------------------------

    @cached_property
    def locale(self):
        return Locale.objects.filter(language_code=get_language()).first() or Locale.get_default()

    @cached_property
    def _public_pages(self):
        # public() reads the view restrictions once; every queryset below starts from it.
        return Page.objects.live().public().filter(depth__gt=1)

    def pages(self, *, with_type=True):
        """Live, public pages matching the filters (before the text search)."""
        pages = self._public_pages
        if not self.all_languages:
            pages = pages.filter(locale=self.locale)
        if with_type and self.page_model is not None:
            pages = pages.type(self.page_model)
        if self.lens is not None:
            pages = pages.filter(id__in=self._pages_with_lens())
        event_model = _event_model()
        if self.when and event_model is not None:
            events = event_model.objects.upcoming() if self.when == "prossimi" else None
            if events is None:
                events = event_model.objects.past()
            pages = pages.filter(id__in=events.values("pk"))
        return pages

    @cached_property
    def lens(self):
        """The lens being filtered on, in the visitor's language (``None`` if none or unknown)."""
        if not self.lens_slug:
            return None
        return Lens.objects.filter(slug=self.lens_slug, locale=self.locale).first()

    def _pages_with_lens(self):
        family = Lens.objects.filter(translation_key=self.lens.translation_key).values("pk")
        condition = Q(pk__in=[])
        for model in _lens_models():
            condition |= Q(pk__in=model.objects.filter(lenses__in=family).values("pk"))
        return Page.objects.filter(condition).values("pk")

    @cached_property
    def results(self):
        if self.search_query is None:
            return Page.objects.none()
        return self.pages().exclude(id__in=self._promoted_page_ids).search(self.search_query)

    # --- Promotions, lenses, facets -------------------------------------------------------------

    @cached_property
    def promotions(self):
        """Editors' picks for this query (first page of results only)."""
        if not self.query:
            return []
        picks = (
            SearchPromotion.objects.filter(query__query_string=normalise_query_string(self.query))
            .select_related("page")
            .order_by("sort_order")
        )
        shown = []
        for pick in picks:
            if pick.page_id is None:
                shown.append(pick)  # an external link
                continue
            in_language = self.all_languages or pick.page.locale_id == self.locale.pk
            if pick.page.live and in_language:
                shown.append(pick)
        return shown

    @cached_property
    def _promoted_page_ids(self):
        return [pick.page_id for pick in self.promotions if pick.page_id]

    @cached_property
    def matching_lenses(self):
        """Lenses whose name matches the query, in the visitor's language."""
        if self.search_query is None:
            return []
        lenses = Lens.objects.filter(locale=self.locale)
        return list(get_search_backend().search(self.search_query, lenses)[:4])

    @cached_property
    def matching_organisations(self):
        """Listed organisations of the partner registry matching the query, with their page.

        Organisations are snippets with a page of their own under the directory ("Con chi"), not
        pages of the tree: like lenses they are matched apart and shown above the results. Only
        the originals are moderated and listed, so they are searched in the default language.
        """
        from program.models import Organisation, OrganisationStatus
        from program.models.registry import default_language
        from program.registry.links import directory_url

        if self.search_query is None or directory_url(self.request, self.locale.pk) is None:
            return []
        if self.locale.language_code == default_language():
            original_locale = self.locale
        else:
            original_locale = Locale.get_default()
        candidates = Organisation.objects.filter(
            status=OrganisationStatus.APPROVED, locale_id=original_locale.pk
        )
        found = get_search_backend().search(self.search_query, candidates)[:MAX_ORGANISATIONS]
        base = directory_url(self.request, self.locale.pk)
        return [
            {"organisation": item, "url": f"{base}{item.slug}/"}
            for item in found
            if item.is_listed()
        ]

    def type_counts(self):
        """Results per page type (for the type filter), without the type filter applied."""
        if self.search_query is None:
            return []
        search = self.pages(with_type=False).exclude(id__in=self._promoted_page_ids)
        counts = search.search(self.search_query).facet("content_type_id")
        types = searchable_page_types()

        by_id = {
            content_type.pk: content_type
            for content_type in ContentType.objects.filter(pk__in=list(counts))
        }
        rows = []
        for content_type_id, count in counts.items():
            content_type = by_id.get(content_type_id)
            if content_type is None or content_type.model not in types:
                continue
            model = types[content_type.model]
            rows.append(
                {
                    "value": content_type.model,
                    "label": model._meta.verbose_name_plural,
                    "count": count,
                    "selected": content_type.model == self.page_type,
                }
            )
        return sorted(rows, key=lambda row: (-row["count"], str(row["label"])))

    def lens_choices(self):
        return list(Lens.objects.filter(locale=self.locale).order_by("sort_order", "name"))

    # --- Rendering -----------------------------------------------------------------------------

    def context(self, request, page_number=None):
        self.request = request
        results_page = None
        count = 0
        items = []
        if self.search_query is not None:
            paginator = Paginator(self.results, RESULTS_PER_PAGE)
            try:
                results_page = paginator.page(page_number or 1)
            except PageNotAnInteger:
                results_page = paginator.page(1)
            except EmptyPage:
                results_page = paginator.page(paginator.num_pages)
            count = paginator.count + len(self.promotions)
            items = self._items(request, list(results_page.object_list))
            if results_page.number == 1:
                record_hit(self.query)
        return {
            "search_query": self.query,
            "search_results": results_page,
            "result_items": items,
            "result_count": count,
            "promotions": (
                self.promotions if results_page is not None and results_page.number == 1 else []
            ),
            "matching_lenses": self.matching_lenses,
            "matching_organisations": self.matching_organisations,
            "type_counts": self.type_counts(),
            "lens_choices": self.lens_choices(),
            "selected_lens": self.lens,
            "selected_type": self.page_type,
            "when_choices": list(WHEN_CHOICES.items()),
            "selected_when": self.when,
            "all_languages": self.all_languages,
            "filtered": bool(self.page_type or self.lens or self.when),
        }

    def _items(self, request, pages):
        pages = _specific(pages)
        lenses = _lenses_by_page(pages)
        terms = highlight_terms(self.query)
        languages = dict(Locale.objects.values_list("pk", "language_code")) if pages else {}
        items = []
        for page in pages:
            language = languages.get(page.locale_id, "it")
            items.append(
                {
                    "page": page,
                    "url": page.get_url(request),
                    "type_label": page._meta.verbose_name,
                    "date": result_date(page),
                    "lenses": lenses.get(page.pk, []),
                    "snippet": highlight.snippet(page, terms, language),
                    "language": language,
                }
            )
        return items


def _specific(pages):
    """The specific pages, one query per page type, in the order given."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[page.specific_class].append(page.pk)
    specific = {}
    for model, ids in by_type.items():
        if model is None:
            continue
        for page in model.objects.filter(pk__in=ids):
            specific[page.pk] = page
    return [specific[page.pk] for page in pages if page.pk in specific]


def _lenses_by_page(pages):
    """Lenses of each page: one query for the links of every page type (a UNION), one for lenses."""
    by_type = defaultdict(list)
    for page in pages:
        if _lens_field(type(page)) is not None:
            by_type[type(page)].append(page.pk)
    links = None
    for model, ids in by_type.items():
        field = _lens_field(model)
        source = f"{field.m2m_field_name()}_id"
        target = f"{field.m2m_reverse_field_name()}_id"
        rows = (
            field.remote_field.through.objects.filter(**{f"{source}__in": ids})
            .annotate(page_id=F(source), linked_lens_id=F(target))
            .values_list("page_id", "linked_lens_id")
        )
        links = rows if links is None else links.union(rows, all=True)
    if links is None:
        return {}
    links = list(links)
    lenses = {lens.pk: lens for lens in Lens.objects.filter(pk__in={lens for _, lens in links})}
    result = defaultdict(list)
    for page_id, lens_id in links:
        if lens_id in lenses:
            result[page_id].append(lenses[lens_id])
    return result


def result_date(page):
    """The date shown with a result: the page's own (``search_result_date``) or publication."""
    own = getattr(page, "search_result_date", None)
    if callable(own):
        return own()
    return page.first_published_at


def record_hit(query):
    """Count the query for the editors' "popular searches" report."""
    if len(query) <= 100:
        Query.get(query).add_hit(date=timezone.localdate())


def suggestions(query):
    """Up to ``MAX_SUGGESTIONS`` page titles starting with what was typed."""
    text = " ".join(words(query)[:MAX_TERMS])
    if len(text) < MIN_SUGGEST_LENGTH:
        return []
    locale = Locale.objects.filter(language_code=get_language()).first() or Locale.get_default()
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1, locale=locale)
        .autocomplete(text)[:MAX_SUGGESTIONS]
    )
    return [{"title": page.title, "url": page.url} for page in pages]
