"""Site search.

A first version over Wagtail's database backend: live, public pages in the visitor's language.
The search issue extends it (filters, promotions, autocomplete, inclusive Italian).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """Trim, drop control characters and cap the length so no query costs more than a normal one."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(request):
    """Full-text search over live, public pages of the current language."""
    query = clean_query(request.GET.get("q"))
    results_page = None
    count = 0
    if query:
        pages = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )
        paginator = Paginator(pages, RESULTS_PER_PAGE)
        try:
            results_page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results_page = paginator.page(1)
        except EmptyPage:
            results_page = paginator.page(paginator.num_pages)
        count = paginator.count
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": results_page, "result_count": count},
    )
