"""Admin answers of the program app."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def forbidden(request):
    """The admin's 403 page for contributions."""
    return TemplateResponse(request, "program/admin/forbidden.html", status=403)


def forbidden_as_403(view):
    """Answer 403 where Wagtail would redirect a user without permission to the dashboard."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapped
