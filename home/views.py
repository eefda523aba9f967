"""Error pages and robots.txt."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from config.reliability import current_database_outage, database_unavailable


def page_not_found(request, exception=None, template_name="404.html"):
    """The styled 404 page, in the site's layout."""
    body = loader.render_to_string(template_name, {"request_path": request.path}, request)
    return HttpResponse(body, status=404)


def server_error(request, template_name="500.html"):
    """A self-contained 500 page: it must render even when the database is unreachable.

    An error raised because the database cannot be reached (outside a view: in the session,
    authentication or page-cache middleware) gets the 503 page instead (config/reliability.py).
    """
    if current_database_outage() is not None:
        return database_unavailable(request)
    body = loader.render_to_string(template_name)
    return HttpResponse(body, status=500)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Allow crawling of the public site; keep robots out of the admin and point at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Clients that ask for /favicon.ico without reading the page get the site's SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
