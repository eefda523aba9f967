"""The ESPs' tracking webhooks (``/anymail/<esp>/tracking/``), from django-anymail.

Only the tracking endpoints are mounted (no inbound mail). Each one answers 403 until
``ANYMAIL_WEBHOOK_SECRET`` (HTTP basic auth, ``user:password``) is configured: anymail alone
would accept unauthenticated posts with a warning, and a forged "complaint" would suppress a
real subscriber. ESPs that sign their webhooks are checked against their signing key too
(e.g. ``ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY``).
"""

import logging
from functools import wraps

from django.http import HttpResponseForbidden
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from anymail import urls as anymail_urls
from anymail.utils import get_anymail_setting

logger = logging.getLogger(__name__)

app_name = "newsletter_webhooks"


def webhook_secret_configured():
    return bool(get_anymail_setting("webhook_secret", default=None))


def require_webhook_secret(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not webhook_secret_configured():
            logger.error("ESP webhook refused: ANYMAIL_WEBHOOK_SECRET is not set")
            return HttpResponseForbidden("Webhook secret not configured.")
        return view(request, *args, **kwargs)

    return csrf_exempt(guarded)


TRACKING = {"mandrill_webhook"}

urlpatterns = [
    path(str(pattern.pattern), require_webhook_secret(pattern.callback), name=pattern.name)
    for pattern in anymail_urls.urlpatterns
    if pattern.name and (pattern.name.endswith("_tracking_webhook") or pattern.name in TRACKING)
]
