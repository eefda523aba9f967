"""Security headers for every response.

The public site runs under a strict Content-Security-Policy: scripts and styles come from the
site itself (inline ``<script>`` only with the per-request nonce, or the one line of
``home/early_script.py`` by its hash; never ``unsafe-inline``),
nothing is framed except the video and map providers a visitor chooses to load, and no other
site may frame ours (the admin's preview panel, on the same origin, may).

The Wagtail admin gets a policy of its own. Wagtail 8's form widgets (choosers, inline panels,
date pickers) still write small inline scripts that carry no nonce (upstream: wagtail/wagtail
issue 1288), so the admin allows inline scripts and styles; it still loads nothing from other
origins (Gravatar and the release check are turned off in the settings) and refuses plugins,
base-URI changes and eval.
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from csp.constants import NONCE, NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts

from home.early_script import HASH_SOURCE as EARLY_SCRIPT_HASH


def public_policy():
    """The public site's directives (django-csp's format)."""
    return {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, EARLY_SCRIPT_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *settings.EXTRA_IMAGE_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *settings.EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        # Same origin only: Wagtail's preview panel frames the page being edited.
        "frame-ancestors": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "upgrade-insecure-requests": settings.UPGRADE_INSECURE_REQUESTS,
    }


def admin_policy():
    """The admin's directives: like the public site, plus what Wagtail's admin needs."""
    policy = public_policy()
    policy.update(
        {
            "script-src": [SELF, "'unsafe-inline'"],
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": [SELF, "data:", "blob:", *settings.EXTRA_IMAGE_SOURCES],
            "frame-src": [SELF, *settings.EMBED_FRAME_SOURCES],
        }
    )
    return policy


def is_admin_path(path):
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the public and admin policies chosen by path."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None:
            directives = admin_policy() if is_admin_path(request.path_info) else public_policy()
            parts = PolicyParts(
                config=directives, update=parts.update, replace=parts.replace, nonce=parts.nonce
            )
        return parts


class PermissionsPolicyMiddleware:
    """Turn off the powerful browser features the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than ``MAX_REQUEST_BODY_BYTES`` before anything reads it.

    Uploads are parsed (and written to temporary files) by Django before a form can look at
    their size; checking the declared length first keeps an oversized upload from costing disk
    and time. The front web server should carry the same limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            megabytes = settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)
            message = _("La richiesta è troppo grande: il massimo è %(size)d MB.") % {
                "size": megabytes
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class InvalidTextMiddleware:
    """Refuse a query string or a form submission that is not valid UTF-8 text.

    A browser always sends UTF-8; bytes that do not decode (a hand-made request, or a lone
    UTF-16 surrogate such as ``\\ud800`` encoded anyway) would otherwise be turned silently
    into replacement characters (U+FFFD) and saved as such. They get a 400 with a message
    instead. Multipart bodies are checked once Django has parsed them (file contents are
    binary and not checked).
    """

    FORM = "application/x-www-form-urlencoded"
    MULTIPART = "multipart/form-data"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_text(request):
            message = _(
                "La richiesta contiene caratteri non validi (il testo deve essere UTF-8). "
                "Controlla quello che hai scritto e riprova."
            )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def decodes(raw):
        try:
            unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    def is_text(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query and not self.decodes(query.encode("latin-1", "replace")):
            return False
        if request.method not in ("POST", "PUT", "PATCH"):
            return True
        content_type = request.content_type or ""
        if content_type == self.FORM:
            return self.decodes(request.body)
        if content_type == self.MULTIPART:
            return not any(
                "\ufffd" in value for _name, values in request.POST.lists() for value in values
            )
        return True
