"""Settings shared by every environment.

Values that differ between machines come from environment variables; the README lists them
all with their defaults. Defaults are embedded so that the site runs with no servers at all:
SQLite under ``var/``, an in-process cache and e-mail written to files.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PIAZZA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "program",
    "events",
    "newsletter",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "anymail",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "config.security.RequestSizeLimitMiddleware",
    # A query string or form body that is not UTF-8 gets a 400 with a message.
    "config.security.InvalidTextMiddleware",
    # A database outage during a view gets a 503 page with Retry-After (config/reliability.py).
    "config.reliability.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages and JSON; static files never get here (WhiteNoise answers them, already
    # compressed). Django pads compressed responses with random bytes against BREACH, and CSRF
    # tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Anonymous pages from the shared cache (home/page_cache.py); after CSRF, so that cached
    # pages with forms get the visitor's own token.
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.admin_security.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the login page with status 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL is set (then PostgreSQL with persistent,
# health-checked connections).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # SQLite: no persistent connections (one file, one process in dev), WAL for the worker.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "piazza",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Italian first, English second. Italian URLs carry no prefix,
# English ones start with /en/ (see config/urls.py).
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail. DEFAULT_FROM_EMAIL is the transactional sender (confirmations, password resets).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Officina Comune <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_FILE_PATH = VAR_DIR / "mail"

# Background work: django-tasks with the database backend; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Piazza"
# The admin loads nothing from other sites: no Gravatar (it would send a hash of each editor's
# e-mail address to a third party) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend with a text-search configuration per language and inclusive-Italian
# matching (search/backends.py). The configurations (search/migrations) stem each language, ignore
# accents and keep stop words. SEARCH_CONFIG is the default for objects without a language.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends",
        "SEARCH_CONFIG": "piazza_italian",
    }
}
LANGUAGE_SEARCH_CONFIGS = {"it": "piazza_italian", "en": "piazza_english"}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]
# Upload limits, checked before a file is processed: the request's declared size first
# (config/security.py), then each file's size, then an image's pixel count as read from its
# header (Willow refuses decompression bombs before decoding them).
MAX_REQUEST_BODY_BYTES = 30 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Only PDF opens in the browser; every other document (and any HTML or SVG, which cannot be
# uploaded anyway) is served as a download.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Security headers (config/security.py) ---
# Content-Security-Policy: the public site allows only its own scripts, styles, fonts and images;
# the admin (paths below) also allows the inline scripts and styles Wagtail's widgets write.
# The frame sources are the video and map providers a visitor may choose to load (nothing loads
# before that click).
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# `manage.py daily_maintenance` (run once a day from cron or a systemd timer) runs these commands:
# purges of personal data past its retention, and the search statistics' clean-up. Apps that
# add a daily command list it here.
DAILY_MAINTENANCE_COMMANDS = [
    "purge_unconfirmed_subscriptions",
    "purge_event_registrations",
    "purge_contributions",
    "send_registry_reminders",
    "purge_registry_requests",
    "searchpromotions_garbage_collect",
]

# Shared cache of anonymous pages (home/page_cache.py). Publishing or editing content makes
# every cached page fresh at once; the lifetime only bounds changes that come with time alone
# (an event that has ended). 0 turns the cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# Never cached: the admin, documents (Wagtail's serve view checks privacy per request), and the
# apps' own views (forms, personal links, calendar files), whose answers may be personal. The
# newsletter's pages sit inside the language prefix: /newsletter/… (Italian), /en/newsletter/….
PAGE_CACHE_EXCLUDED_PREFIXES = (
    *ADMIN_PATH_PREFIXES,
    "/documents/",
    "/newsletter/",
    "/en/newsletter/",
    "/events/",
    "/program/",
)
# Benchmarks only (tests/bench): count SQL queries per request in an X-Queries header and mount
# a trivial cached view at /__bench__/trivial/<bytes>/, the yardstick pages are measured against.
# Never turn it on for a real site.
PIAZZA_BENCH = env_bool("PIAZZA_BENCH", False)
if PIAZZA_BENCH:
    MIDDLEWARE.insert(0, "home.bench.QueryCountMiddleware")
    PAGE_CACHE_EXCLUDED_PREFIXES = (*PAGE_CACHE_EXCLUDED_PREFIXES, "/__bench__/")
# Models, besides pages, snippets, settings, images, documents, sites, locales and redirects,
# whose changes show on public pages: "app_label.ModelName". Mailing lists: the sign-up form.
PAGE_CACHE_INVALIDATING_MODELS = ["newsletter.MailingList", "program.Contribution", "program.Donor"]
EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
    "https://www.openstreetmap.org",
]
EXTRA_IMAGE_SOURCES = []
UPGRADE_INSECURE_REQUESTS = False
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Admin protection (home/admin_security.py, home/two_factor.py) ---
AUTHENTICATION_BACKENDS = [
    "home.admin_security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted per client address and per account from that address: nobody can
# lock a person out of their own account from elsewhere, and every lock-out ends by itself.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not logged: less personal data kept
AXES_CLIENT_IP_CALLABLE = "home.admin_security.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "home.admin_security.locked_out"
AXES_VERBOSE = False
PASSWORD_RESET_LIMIT_PER_IP = 10  # reset e-mails per client address per hour
PASSWORD_RESET_LIMIT_PER_EMAIL = 3  # reset e-mails per address per hour
# Two-factor authentication, required for superusers and these groups (names that do not exist
# yet are simply ignored). Off by default in development so the demo needs no phone.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
TWO_FACTOR_REQUIRED_GROUPS = ["Redazione", "Newsletter", "Privacy", "Tesoreria"]
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Officina Comune")
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp doubles the wait after each wrong code

# --- Newsletter (newsletter/) ---
# Secret for the keyed hashes of the suppression list. Set it in production and never change it:
# a new key makes every suppressed address unrecognisable. Empty: derived from SECRET_KEY.
NEWSLETTER_HASH_KEY = os.environ.get("NEWSLETTER_HASH_KEY", "")
# The erasure list: keyed hashes of erased addresses, appended by every erasure and kept outside
# the database, so that `manage.py reapply_erasures` can erase them again after a backup is
# restored. Keep it on persistent storage and back it up apart from the database.
NEWSLETTER_ERASURE_LOG = Path(
    os.environ.get("NEWSLETTER_ERASURE_LOG", VAR_DIR / "privacy" / "erasures.log")
)
# At most one confirmation e-mail per address in this many seconds, however many requests.
NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS = int(
    os.environ.get("NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS", str(15 * 60))
)
NEWSLETTER_CONFIRMATION_MAX_AGE_HOURS = int(
    os.environ.get("NEWSLETTER_CONFIRMATION_MAX_AGE_HOURS", "48")
)
# Lifetime of the personal manage / unsubscribe links in each e-mail.
NEWSLETTER_LINK_MAX_AGE_DAYS = int(os.environ.get("NEWSLETTER_LINK_MAX_AGE_DAYS", "400"))
# Unconfirmed requests older than this are deleted by `manage.py purge_unconfirmed_subscriptions`.
NEWSLETTER_UNCONFIRMED_DAYS = int(os.environ.get("NEWSLETTER_UNCONFIRMED_DAYS", "7"))
# Record the (truncated) client address and browser with each consent event. Off: GDPR art. 5(1)(c).
NEWSLETTER_RECORD_CLIENT = env_bool("NEWSLETTER_RECORD_CLIENT", False)
# Public subscribe form: submissions per client address per hour, and per e-mail address per hour.
NEWSLETTER_SUBSCRIBE_LIMIT_PER_IP = int(os.environ.get("NEWSLETTER_SUBSCRIBE_LIMIT_PER_IP", "20"))
NEWSLETTER_SUBSCRIBE_LIMIT_PER_EMAIL = int(
    os.environ.get("NEWSLETTER_SUBSCRIBE_LIMIT_PER_EMAIL", "5")
)
# Sending (newsletter/sending/). Messages per second across every worker (0: no limit): set it
# to the provider's quota. Recipients per batch (0: 100 over SMTP, the ESP's per-call limit
# with a batch API). Batch tasks working on one send at the same time.
NEWSLETTER_SEND_RATE = float(os.environ.get("NEWSLETTER_SEND_RATE", "0"))
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "0"))
NEWSLETTER_PARALLEL_BATCHES = int(os.environ.get("NEWSLETTER_PARALLEL_BATCHES", "2"))
# A batch not finished after this long is presumed abandoned by a dead worker (its unsent rows
# go back to the queue, its handed-off rows become "in doubt"); also the watchdog's period.
NEWSLETTER_BATCH_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_BATCH_LEASE_SECONDS", "300"))
# Transient errors: attempts per recipient, and the first back-off (doubled at each attempt).
NEWSLETTER_MAX_ATTEMPTS = int(os.environ.get("NEWSLETTER_MAX_ATTEMPTS", "5"))
NEWSLETTER_RETRY_SECONDS = int(os.environ.get("NEWSLETTER_RETRY_SECONDS", "60"))
# The batching profile of an anymail backend that is not recognised from its module name.
NEWSLETTER_ESP_PROFILE = os.environ.get("NEWSLETTER_ESP_PROFILE", "")
# Total opens and clicks per send, from the ESP's tracking; never anything per person. Off.
NEWSLETTER_AGGREGATE_ENGAGEMENT = env_bool("NEWSLETTER_AGGREGATE_ENGAGEMENT", False)

# --- Events (events/) ---
# Reminder e-mail to the people registered, this many hours before an event starts (0: none).
EVENTS_REMINDER_HOURS = int(os.environ.get("EVENTS_REMINDER_HOURS", "24"))
# Registrations are deleted this many days after their event ends (only the counts stay), by
# `manage.py purge_event_registrations`, run daily.
EVENTS_RSVP_RETENTION_DAYS = int(os.environ.get("EVENTS_RSVP_RETENTION_DAYS", "30"))
EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS = int(
    os.environ.get("EVENTS_RSVP_CONFIRMATION_MAX_AGE_HOURS", "48")
)
# At most one registration e-mail per address and event in this many seconds.
EVENTS_RSVP_EMAIL_COOLDOWN_SECONDS = int(
    os.environ.get("EVENTS_RSVP_EMAIL_COOLDOWN_SECONDS", str(15 * 60))
)
# Registration form: submissions per hour per client address, and per address and event.
EVENTS_RSVP_LIMIT_PER_IP = int(os.environ.get("EVENTS_RSVP_LIMIT_PER_IP", "20"))
EVENTS_RSVP_LIMIT_PER_EMAIL = int(os.environ.get("EVENTS_RSVP_LIMIT_PER_EMAIL", "5"))

# --- Program (program/) ---
# Contribution-form answers are deleted this many days after they were sent, by
# `manage.py purge_contributions`, run daily.
PROGRAM_CONTRIBUTION_RETENTION_DAYS = int(
    os.environ.get("PROGRAM_CONTRIBUTION_RETENTION_DAYS", "365")
)
# Contribution forms: submissions per hour per client address, for each form and for all forms.
PROGRAM_CONTRIBUTION_LIMIT_PER_IP = int(os.environ.get("PROGRAM_CONTRIBUTION_LIMIT_PER_IP", "10"))
PROGRAM_CONTRIBUTION_LIMIT_PER_IP_ALL_FORMS = int(
    os.environ.get("PROGRAM_CONTRIBUTION_LIMIT_PER_IP_ALL_FORMS", "30")
)
# Partner registry ("Con chi"): an approval lasts this many days; the renewal reminder goes out
# this many days before it runs out; the personal link renews up to this many days after.
PROGRAM_REGISTRY_LISTING_DAYS = int(os.environ.get("PROGRAM_REGISTRY_LISTING_DAYS", "365"))
PROGRAM_REGISTRY_REMINDER_DAYS = int(os.environ.get("PROGRAM_REGISTRY_REMINDER_DAYS", "30"))
PROGRAM_REGISTRY_RENEWAL_GRACE_DAYS = int(
    os.environ.get("PROGRAM_REGISTRY_RENEWAL_GRACE_DAYS", "90")
)
# Lifetime of the link that confirms a request; unconfirmed requests are deleted after it.
PROGRAM_REGISTRY_CONFIRMATION_MAX_AGE_HOURS = int(
    os.environ.get("PROGRAM_REGISTRY_CONFIRMATION_MAX_AGE_HOURS", "48")
)
# Rejected requests are deleted this many days after the decision, and lapsed listings lose
# their private contact this many days after running out (`manage.py purge_registry_requests`).
PROGRAM_REGISTRY_REJECTED_RETENTION_DAYS = int(
    os.environ.get("PROGRAM_REGISTRY_REJECTED_RETENTION_DAYS", "30")
)
PROGRAM_REGISTRY_LAPSED_RETENTION_DAYS = int(
    os.environ.get("PROGRAM_REGISTRY_LAPSED_RETENTION_DAYS", "365")
)
# Request form: submissions per hour per client address, and per contact e-mail address.
PROGRAM_REGISTRY_LIMIT_PER_IP = int(os.environ.get("PROGRAM_REGISTRY_LIMIT_PER_IP", "5"))
PROGRAM_REGISTRY_LIMIT_PER_EMAIL = int(os.environ.get("PROGRAM_REGISTRY_LIMIT_PER_EMAIL", "3"))
