"""Admin integration of the newsletter: subscriber sections, test sends and sends of pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import widgets

from . import compose_views
from .admin_views import NewsletterViewSetGroup
from .pages import NewsletterPage
from .sending import admin as sending_admin
from .sending.workflow import can_send


class NewsletterMenu(NewsletterViewSetGroup):
    items = (
        *NewsletterViewSetGroup.items,
        sending_admin.SendsViewSet,
        sending_admin.BlackoutWindowViewSet,
    )


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterMenu()


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path(
            "newsletter/<int:page_id>/prova/",
            compose_views.test_send,
            name="newsletter_test_send",
        ),
        *sending_admin.admin_urlpatterns(),
    ]


@hooks.register("register_page_header_buttons")
def newsletter_page_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, NewsletterPage):
        return
    if page.permissions_for_user(user).can_edit():
        yield widgets.Button(
            _("Invia una prova"),
            reverse("newsletter_test_send", args=[page.pk]),
            icon_name="mail",
            priority=90,
        )
    if can_send(user):
        yield widgets.Button(
            _("Invia agli iscritti"),
            reverse("newsletter_send", args=[page.pk]),
            icon_name="mail",
            priority=91,
        )

