"""What visitors see while the database is unreachable: a short 503 page, never a traceback.

A restarted or unreachable PostgreSQL server makes every query raise ``OperationalError`` (or
``InterfaceError`` on a connection that died). Such a request changed nothing: its transaction
is rolled back by the server, and Django discards the broken connection at the end of the
request, so the next request reconnects by itself once the server is back. The visitor gets a
self-contained page (no query, no template context that could read the database) with
``Retry-After``, and search engines and caches know the outage is temporary.

Two entry points lead here: ``DatabaseUnavailableMiddleware`` for errors raised by views, and
the 500 handler (``home.views.server_error``) for errors raised by other middleware (sessions,
authentication, the page cache).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(exception):
    """True for errors that mean the database could not be reached, not a bug in a query."""
    return isinstance(exception, DATABASE_ERRORS)


def current_database_outage():
    """The database error being handled right now, if any (for the 500 handler)."""
    exception = sys.exc_info()[1]
    return exception if is_database_outage(exception) else None


def database_unavailable(request=None):
    """The 503 answer: rendered from a template that needs neither the database nor a request."""
    body = loader.render_to_string("503.html")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database outage during a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error(
            "Database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return database_unavailable(request)
