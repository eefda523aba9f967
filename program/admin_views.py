"""Admin answers of the program app."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def forbidden(request, message=None):
    """The admin's 403 page of the program app (contributions, registry, register)."""
    return TemplateResponse(
        request, "program/admin/forbidden.html", {"message": message}, status=403
    )


def forbidden_as_403(view, message=None):
    """Answer 403 where Wagtail would redirect a user without permission to the dashboard."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, message)

    return wrapped
