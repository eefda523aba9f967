"""Admin menu entries of the sending side: the sends, and the electoral silence windows."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .blackout import BlackoutWindow


def admin_urlpatterns():
    """URLs under ``/admin/`` (Wagtail adds its sign-in and admin-access checks)."""
    return [
        path("newsletter/<int:page_id>/invio/", views.send_screen, name="newsletter_send"),
        path("newsletter/invii/", views.send_index, name="newsletter_send_index"),
        path("newsletter/invii/<int:send_id>/", views.send_detail, name="newsletter_send_detail"),
        path(
            "newsletter/invii/<int:send_id>/stato/",
            views.send_status,
            name="newsletter_send_status",
        ),
        path(
            "newsletter/invii/<int:send_id>/pausa/", views.pause_send, name="newsletter_send_pause"
        ),
        path(
            "newsletter/invii/<int:send_id>/riprendi/",
            views.resume_send,
            name="newsletter_send_resume",
        ),
        path(
            "newsletter/invii/<int:send_id>/annulla/",
            views.cancel_send,
            name="newsletter_send_cancel",
        ),
        path(
            "newsletter/invii/<int:send_id>/in-dubbio/",
            views.resend_in_doubt,
            name="newsletter_send_resend_in_doubt",
        ),
    ]


class SendsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_sends(request.user)


class SendsViewSet(ViewSet):
    """The "Invii" entry of the Newsletter menu (the views are plain admin URLs)."""

    name = "newsletter_sends"
    icon = "mail"
    menu_label = _("Invii")

    @cached_property
    def menu_url(self):
        return reverse("newsletter_send_index")

    @cached_property
    def menu_item_class(self):
        return SendsMenuItem


class BlackoutWindowViewSet(ModelViewSet):
    """Electoral silence windows, kept by the Redazione and the Newsletter group."""

    model = BlackoutWindow
    name = "newsletter_blackout"
    icon = "warning"
    menu_label = _("Silenzio elettorale")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["title", "starts_at", "ends_at"]
    form_fields = ["title", "starts_at", "ends_at", "note"]
    search_fields = ["title"]
    search_backend_name = None
