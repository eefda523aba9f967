"""Local development: DEBUG on, e-mail written to var/mail/ as .eml files."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "config.mail.EmlFileBackend")

# Serve static files straight from the source folders (no collectstatic in development).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Template and code edits show at once in development: no shared page cache unless asked.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
