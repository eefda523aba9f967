"""URL configuration.

Italian, the default language, has no prefix (``/chi-siamo/``); English pages live under
``/en/``. Admin, documents and technical endpoints are outside the language prefix.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.admin_security import RateLimitedPasswordResetView
from home.sitemaps import MultilingualSitemap
from search import views as search_views

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

urlpatterns = [
    path(
        "admin/password_reset/",
        RateLimitedPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("events/", include("events.urls")),
    path("program/", include("program.urls")),
    # ESP tracking webhooks (bounces, complaints): django-anymail, secret required.
    path("anymail/", include("newsletter.webhook_urls")),
]

if settings.PIAZZA_BENCH:
    from home import bench

    urlpatterns.append(path("__bench__/trivial/<int:size>/", bench.trivial, name="bench_trivial"))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    # Subscribe, confirm, preferences and unsubscribe pages, in the visitor's language.
    path("newsletter/", include("newsletter.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
