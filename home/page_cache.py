"""Shared cache of the pages anonymous visitors see, never stale and never private.

Freshness. Every cached page is stored under the current *content generation*, a value kept in
the cache. Publishing, unpublishing, moving or deleting a page, and saving or deleting a
snippet, a setting, an image, a document, a site, a locale or a redirect (or any model named in
``PAGE_CACHE_INVALIDATING_MODELS``) starts a new generation once the transaction commits: every
page, listings, lens pages, the home page and feeds included, is rendered afresh at the next
request. A request remembers the generation it started with and stores its page under that one,
so a page rendered from data that was just replaced can never be stored as current. Time alone
changes some pages (an event that ends leaves "upcoming"): entries also expire after
``PAGE_CACHE_SECONDS``.

Privacy. Only GET and HEAD requests that carry no cookie but the CSRF one are answered from or
stored in the cache: signed-in editors, previews (served under the admin), visitors with a
session (a password-protected page they unlocked, form errors kept in the session) or with
messages waiting never share a page. A response is stored only when it is a plain 200 HTML
page that set no cookie but CSRF's, wrote nothing to the session, and was not marked private,
``no-cache`` or ``no-store`` (``django.views.decorators.cache.never_cache`` or
``patch_cache_control(response, private=True)`` is how a view with per-visitor content, such as
an RSVP state, keeps out).

Forms and scripts. A cached page still gets a fresh CSRF token and a fresh CSP nonce: they are
stored as placeholders and filled in per request, so forms on cached pages keep working and the
nonce in the page always matches the response's policy.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control

GENERATION_KEY = "page-cache:generation"
CSRF_PLACEHOLDER = "\x00piazza-csrf-token\x00"
NONCE_PLACEHOLDER = "\x00piazza-csp-nonce\x00"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
HEADER = "X-Page-Cache"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def current_generation():
    generation = _cache().get(GENERATION_KEY)
    if generation is None:
        # Evicted or never set: a brand-new generation, so no older entry can come back.
        generation = _new_generation()
    return generation


def _new_generation():
    generation = time.time_ns()
    _cache().set(GENERATION_KEY, generation, None)
    return generation


def invalidate():
    """Make every cached page stale, now and again when the current transaction commits.

    The first new generation stops visitors from being served what is about to change; a page
    rendered meanwhile from the old, still committed data could be stored under it, so a second
    new generation once the change is committed leaves that page behind too.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _cache_key(request, generation):
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:{generation}:{digest}"


def _excluded_path(path):
    prefixes = getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ())
    return path.startswith(tuple(prefixes))


def _request_is_anonymous_and_cookie_free(request):
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def request_is_cacheable(request):
    return (
        _seconds() > 0
        and request.method in ("GET", "HEAD")
        and not _excluded_path(request.path_info)
        and _request_is_anonymous_and_cookie_free(request)
    )


def _response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    # The visitor sent no session cookie, so reading the (empty) session, as the user bar does
    # to find out nobody is signed in, is harmless; writing to it is not.
    session = getattr(request, "session", None)
    return session is None or not session.modified


class PageCacheMiddleware:
    """Serve and store anonymous pages; see the module's documentation.

    Sits right after ``CsrfViewMiddleware``: a cached answer still passes back through the
    CSRF, session, compression and security-header middleware above it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        generation = current_generation()
        key = _cache_key(request, generation)
        stored = _cache().get(key)
        if stored is not None:
            return self._from_cache(request, stored)
        response = self.get_response(request)
        if request.method == "GET" and _response_is_cacheable(request, response):
            self._store(request, response, key)
        response.setdefault(HEADER, "miss")
        return response

    def _store(self, request, response, key):
        content = response.content.decode(response.charset)
        personal = False
        if CSRF_INPUT.search(content):
            content = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", content)
            personal = True
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str) and nonce in content:
            content = content.replace(nonce, NONCE_PLACEHOLDER)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("set-cookie", "content-length", HEADER.lower())
        ]
        _cache().set(key, (content, response.charset, headers, personal), _seconds())
        self._mark_for_shared_caches(response, personal)

    def _from_cache(self, request, stored):
        from django.http import HttpResponse

        content, charset, headers, personal = stored
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        if NONCE_PLACEHOLDER in content:
            content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
        response = HttpResponse(content.encode(charset), charset=charset)
        for name, value in headers:
            response[name] = value
        self._mark_for_shared_caches(response, personal)
        response[HEADER] = "hit"
        if request.method == "HEAD":
            response.content = b""
        return response

    @staticmethod
    def _mark_for_shared_caches(response, personal):
        """What a CDN or proxy in front may do with this page.

        A page with a form carries the visitor's CSRF token, so only this server's cache (which
        fills the token in per request) may share it; other pages may be kept by a shared
        cache for as long as this server keeps them.
        """
        if "Cache-Control" in response:
            del response["Cache-Control"]
        if personal:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=_seconds(), must_revalidate=True
            )


def _invalidating_types():
    from django.apps import apps

    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Locale, Page, Site
    from wagtail.snippets.models import get_snippet_models

    types = [Page, Site, Locale, Redirect, AbstractImage, AbstractDocument]
    types += [BaseSiteSetting, BaseGenericSetting]
    types += get_snippet_models()
    for label in getattr(settings, "PAGE_CACHE_INVALIDATING_MODELS", ()):
        types.append(apps.get_model(label))
    return tuple(types)


_types_cache = []


def _on_content_change(sender, instance=None, **kwargs):
    if not _types_cache:
        _types_cache.append(_invalidating_types())
    if isinstance(instance, _types_cache[0]):
        invalidate()


def _on_page_event(sender, **kwargs):
    invalidate()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_content_change, dispatch_uid="page-cache-save")
    post_delete.connect(_on_content_change, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_on_content_change, dispatch_uid="page-cache-m2m")
    page_published.connect(_on_page_event, dispatch_uid="page-cache-published")
    page_unpublished.connect(_on_page_event, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="page-cache-moved")


_MISSING = object()


def memoized(request, name, key, compute, timeout=24 * 3600):
    """``compute()``, kept on the request and in the cache until the content changes.

    For small answers every page needs (the address of the lens index, of the directory) that
    would otherwise cost a query on each page: the cache entry is filed under the current
    content generation and the site's host, so publishing, moving or deleting anything makes
    it stale at once, like the cached pages themselves.
    """
    per_request = getattr(request, "_piazza_memoized", None) if request is not None else None
    if per_request is None:
        per_request = {}
        if request is not None:
            request._piazza_memoized = per_request
    if (name, key) in per_request:
        return per_request[name, key]
    host = request.get_host() if request is not None else ""
    cache_key = f"memoized:{name}:{current_generation()}:{host}:{key}"
    value = _cache().get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        _cache().set(cache_key, value, timeout)
    per_request[name, key] = value
    return value
