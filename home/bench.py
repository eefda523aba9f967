"""Benchmark-only helpers, active only with ``PIAZZA_BENCH`` on (tests/bench/load.py).

- ``QueryCountMiddleware`` (outermost) counts the SQL queries a request makes, whatever answers
  it, and reports them in an ``X-Queries`` header.
- ``trivial`` answers ``/__bench__/trivial/<size>/`` with an HTML page of ``size`` bytes taken
  from the cache: the least work Django can do for a page under the same server, middleware and
  cache as the real pages, so their figures can be read as a share of it.
"""

from django.core.cache import cache
from django.db import connections
from django.http import Http404, HttpResponse

QUERIES_HEADER = "X-Queries"
MAX_TRIVIAL_SIZE = 2_000_000
FILLER = (
    '<article class="card"><h2 class="card__title"><a href="/pagine-di-prova/pagina-{n:04d}/">'
    "Il bilancio partecipato: proponiamo di ripensare il futuro ({n})</a></h2>"
    '<p class="card__summary">Abbiamo discusso la biblioteca civica insieme a chi ci vive ogni '
    "giorno. Chiediamo chiarezza su il parco di Sacco in consiglio comunale.</p></article>\n"
)


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(counter) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERIES_HEADER] = str(count[0])
        return response


def trivial_body(size):
    """An HTML page of exactly ``size`` bytes, about as compressible as the site's pages."""
    head = '<!DOCTYPE html>\n<html lang="it"><head><title>Trivial</title></head><body>\n'
    tail = "</body></html>\n"
    parts = [head]
    length = len(head) + len(tail)
    number = 0
    while length < size:
        number += 1
        part = FILLER.format(n=number)
        parts.append(part)
        length += len(part)
    text = "".join(parts)
    if size < len(head) + len(tail):
        return text.encode()[:size]
    return (text[: size - len(tail)] + tail).encode()


def trivial(request, size):
    if size > MAX_TRIVIAL_SIZE:
        raise Http404
    key = f"bench:trivial:{size}"
    body = cache.get(key)
    if body is None:
        body = trivial_body(size)
        cache.set(key, body, None)
    return HttpResponse(body, content_type="text/html; charset=utf-8")
