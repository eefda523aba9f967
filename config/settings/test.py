"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL points at one."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off for the suite, so tests see their own changes; tests/home/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="piazza-test-media-"))
NEWSLETTER_ERASURE_LOG = Path(
    os.environ.get("NEWSLETTER_ERASURE_LOG")
    or Path(tempfile.mkdtemp(prefix="piazza-test-privacy-")) / "erasures.log"
)
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="piazza-test-static-"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILEMBEDS_FINDERS = [{"class": "tests.embeds.FakeEmbedFinder"}]
LOGGING["root"]["level"] = "WARNING"
# Tests sign editors in with force_login; the two-factor tests turn the requirement on.
TWO_FACTOR_REQUIRED = False
