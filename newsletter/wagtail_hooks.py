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


# --- Subscribers: audit log actions and dashboard numbers ------------------------------------


@hooks.register("register_log_actions")
def register_subscriber_log_actions(actions):
    from django.utils.translation import gettext

    from wagtail.log_actions import LogFormatter

    @actions.register_action("newsletter.export")
    class ExportFormatter(LogFormatter):
        label = _("Esportazione degli iscritti")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return gettext("Esportate %(rows)s righe in CSV. Motivo: %(purpose)s") % {
                "rows": data.get("rows", 0),
                "purpose": data.get("purpose", "—"),
            }

    @actions.register_action("newsletter.import")
    class ImportFormatter(LogFormatter):
        label = _("Importazione di iscritti")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return gettext("Importate %(imported)s righe su %(rows)s da CSV (%(source)s).") % {
                "imported": data.get("imported", 0),
                "rows": data.get("rows", 0),
                "source": data.get("source", "—"),
            }

    actions.register_action(
        "newsletter.erase", _("Cancellazione dei dati"), _("Dati dell'iscritto cancellati")
    )


@hooks.register("construct_homepage_panels")
def add_newsletter_numbers(request, panels):
    from .dashboard import NewsletterNumbersPanel, can_see_numbers

    if can_see_numbers(request.user):
        panels.append(NewsletterNumbersPanel())
