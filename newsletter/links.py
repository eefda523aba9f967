"""Absolute URLs for newsletter e-mails, and the RFC 8058 unsubscribe headers."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from . import tokens


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_name():
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    if site is not None and site.site_name:
        return site.site_name
    return settings.WAGTAIL_SITE_NAME


def _absolute(name, subscriber, **kwargs):
    with translation.override(subscriber.language):
        return base_url() + reverse(name, kwargs=kwargs)


def confirmation_url(subscriber, token):
    """The confirmation page (GET shows a button, POST confirms), in the subscriber's language."""
    return _absolute("newsletter:confirm", subscriber, token=token)


def manage_url(subscriber):
    """The personal preference centre: lists, language, export and erasure."""
    return _absolute(
        "newsletter:manage", subscriber, token=tokens.make_token(subscriber, tokens.MANAGE)
    )


def unsubscribe_url(subscriber, mailing_list=None):
    """The unsubscribe page and RFC 8058 one-click endpoint for one list (or every list)."""
    token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE, mailing_list=mailing_list)
    return _absolute("newsletter:unsubscribe", subscriber, token=token)


def list_unsubscribe_headers(subscriber, mailing_list=None):
    """``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers for a message (RFC 8058).

    The URL is the same one-click endpoint a visible link in the body should point at; DKIM
    signing must cover both headers (the ESP or MTA does that).
    """
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber, mailing_list)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
