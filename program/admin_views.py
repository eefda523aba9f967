"""Admin answers of the program app."""

from django.utils.translation import gettext_lazy as _

from home import admin_access

CONTRIBUTIONS_MESSAGE = _("I contributi inviati con i moduli sono visibili solo alla Redazione.")


def forbidden(request, message=None):
    """The admin's 403 page of the program app (contributions, registry, register)."""
    return admin_access.forbidden(request, message or CONTRIBUTIONS_MESSAGE)


def forbidden_as_403(view, message=None):
    """Answer 403 where Wagtail would redirect a user without permission to the dashboard."""
    return admin_access.forbidden_as_403(view, message or CONTRIBUTIONS_MESSAGE)
