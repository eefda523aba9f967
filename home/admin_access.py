"""Real 403 answers for the admin sections the project adds.

Wagtail turns ``PermissionDenied`` into a redirect to the dashboard with a message; for the
project's own sections (subscribers, sends, registrations, contributions, the registry, the
register) a person without the permission gets a 403 page that says who can help instead, and
tests can tell "refused" from "redirected".
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def forbidden(request, message=None):
    """The admin's 403 page, with a sentence saying who may do this (or a general one)."""
    return TemplateResponse(request, "home/admin/forbidden.html", {"message": message}, status=403)


def forbidden_as_403(view, message=None):
    """Answer 403 where the view would raise ``PermissionDenied``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, message)

    return wrapped


def requires(permission, message=None):
    """Decorator: the view answers 403 unless the user has ``permission``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ForbiddenAs403Mixin:
    """For viewsets: every view answers 403 to users without the permission it needs."""

    forbidden_message = None

    def construct_view(self, view_class, **kwargs):
        return forbidden_as_403(
            super().construct_view(view_class, **kwargs), self.forbidden_message
        )
