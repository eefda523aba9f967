"""A page with a form and an inline script, to test the page cache with CSRF and CSP."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.cache import never_cache

from config.urls import urlpatterns as site_urlpatterns

FORM_PAGE = engines["django"].from_string(
    "<!DOCTYPE html><html><body>"
    '<form method="post" action="/form/">{% csrf_token %}<button>Invia</button></form>'
    '<script nonce="{{ request.csp_nonce }}">document.body.dataset.ready = "1";</script>'
    "</body></html>"
)


def form_page(request):
    return HttpResponse(FORM_PAGE.render({}, request))


def accept_post(request):
    return HttpResponse("ok")


@never_cache
def personal_page(request):
    return HttpResponse("<p>solo per te</p>")


def cookie_page(request):
    response = HttpResponse("<p>con biscotto</p>")
    response.set_cookie("preferenza", "1")
    return response


urlpatterns = [
    path("form-page/", form_page),
    path("form/", accept_post),
    path("personal/", personal_page),
    path("cookie/", cookie_page),
    *site_urlpatterns,
]
