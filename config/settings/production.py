"""Production: secrets and hosts from the environment, hardened defaults.

Fails at start-up with a clear message when SECRET_KEY or ALLOWED_HOSTS is missing rather than
running with an unsafe default.
"""

from django.core.exceptions import ImproperlyConfigured

from config import deployment

from .base import *

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value, "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set the ALLOWED_HOSTS environment variable to a comma-separated "
        "list of the host names this site answers to, e.g. ALLOWED_HOSTS=officinacomune.it."
    )

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Several web instances and task workers: media in S3-compatible storage (MEDIA_S3_*), a CDN
# or caching proxy purged by Wagtail when a page changes (FRONTEND_CACHE_*). README "Deployment".
if (media := deployment.media_storage(os.environ)) is not None:
    STORAGES["default"] = media
WAGTAILFRONTENDCACHE = deployment.frontend_cache(os.environ)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Browsers upgrade any http:// sub-request to https:// wherever the site itself is HTTPS-only.
UPGRADE_INSECURE_REQUESTS = SECURE_SSL_REDIRECT

# E-mail: an ESP through django-anymail when EMAIL_PROVIDER names one (e.g. "postmark",
# "mailgun", "brevo", "amazon_ses"), otherwise SMTP. Every environment variable that starts
# with ANYMAIL_ is passed to anymail without the prefix (ANYMAIL_POSTMARK_SERVER_TOKEN, …).
EMAIL_PROVIDER = os.environ.get("EMAIL_PROVIDER", "smtp").strip().lower()
if EMAIL_PROVIDER == "smtp":
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {
        key.removeprefix("ANYMAIL_"): value
        for key, value in os.environ.items()
        if key.startswith("ANYMAIL_")
    }
