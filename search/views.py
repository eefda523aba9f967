"""Site search: every public page of the visitor's language, with filters and promotions.

The rules (what is searchable, the filters, the snippets) live in ``search.results``; these
views read the request, call it and render.
"""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import results
from .query import clean_query


@require_GET
def search(request):
    """The search page: results, filters by type, lens and (for events) upcoming or past."""
    query = clean_query(request.GET.get("q"))
    search = results.SiteSearch(
        query,
        page_type=request.GET.get("tipo", ""),
        lens=request.GET.get("lente", ""),
        when=request.GET.get("quando", ""),
        all_languages=request.GET.get("lingue") == "tutte",
    )
    page_number = request.GET.get("pagina") or request.GET.get("page")
    context = search.context(request, page_number=page_number)
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Title suggestions while typing (JSON), used by ``static/js/search-suggest.js``."""
    query = clean_query(request.GET.get("q"))
    suggestions = results.suggestions(query) if len(query) >= results.MIN_SUGGEST_LENGTH else []
    response = JsonResponse({"query": query, "suggestions": suggestions})
    patch_cache_control(response, public=True, max_age=60)
    return response
