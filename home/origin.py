"""Cross-site request protection without a cookie, for anonymous public forms.

Django's CSRF protection pairs a cookie with a token in the form. For a form that any anonymous
visitor may use and that acts on no session (the newsletter sign-up), the cookie protects
nothing a stranger could not do directly, yet it costs every page that shows the form a cookie
and a ``private`` cache header. Such a view uses ``same_origin_post`` instead: a browser
announces where a POST comes from (``Sec-Fetch-Site``, ``Origin``), and a POST that a browser
says comes from another site is refused. Requests without those headers come from programs,
which could fill the form anyway; double opt-in and the rate limits deal with them.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt

ALLOWED_FETCH_SITES = {"same-origin", "none"}


def is_cross_site(request):
    """True when the browser says this request was sent by a page of another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ALLOWED_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    trusted = {urlsplit(url).netloc for url in settings.CSRF_TRUSTED_ORIGINS}
    return urlsplit(origin).netloc not in {request.get_host(), *trusted}


def same_origin_post(view):
    """Exempt ``view`` from the CSRF cookie check; refuse POSTs a browser sent from elsewhere."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return TemplateResponse(request, "403_cross_site.html", status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)
