"""Settings for running several instances: media in object storage, a CDN or proxy in front.

Both are read from environment variables by the production settings, and both are optional:
one machine with media on its disk and no cache in front needs neither. They are plain
functions of the environment so that tests can check what each combination produces.
"""

from django.core.exceptions import ImproperlyConfigured


def _flag(value, default):
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def media_storage(env):
    """The ``STORAGES["default"]`` entry: S3-compatible storage when MEDIA_S3_BUCKET is set.

    Every web instance and task worker must see the same uploaded images and documents, so
    with more than one machine they go to a bucket (AWS S3, or any S3-compatible service such
    as MinIO, Garage or a hosting provider's object storage) through django-storages, which a
    single-machine site does not need: ``.venv/bin/pip install 'django-storages[s3]==1.14.6'``.
    Returns ``None`` for the local disk.
    """
    bucket = env.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        # Images are linked from cached pages and e-mails, so their addresses must not expire:
        # no signed query strings unless asked for. Documents are still served through the
        # site's own view (WAGTAILDOCS_SERVE_METHOD), which checks collection privacy.
        "querystring_auth": _flag(env.get("MEDIA_S3_SIGNED_URLS"), False),
        # Two uploads with the same name never replace each other.
        "file_overwrite": False,
        "location": env.get("MEDIA_S3_PREFIX", "media").strip("/"),
    }
    for variable, option in (
        ("MEDIA_S3_ENDPOINT_URL", "endpoint_url"),
        ("MEDIA_S3_REGION", "region_name"),
        ("MEDIA_S3_ACCESS_KEY_ID", "access_key"),
        ("MEDIA_S3_SECRET_ACCESS_KEY", "secret_key"),
        ("MEDIA_S3_CUSTOM_DOMAIN", "custom_domain"),
    ):
        if env.get(variable, "").strip():
            options[option] = env[variable].strip()
    if ("access_key" in options) != ("secret_key" in options):
        raise ImproperlyConfigured(
            "Set both MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY, or neither "
            "(then the usual AWS credentials of the machine are used)."
        )
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def frontend_cache(env):
    """``WAGTAILFRONTENDCACHE``: the caches Wagtail purges a page from when it changes.

    FRONTEND_CACHE_PURGE_URL names a caching proxy that accepts HTTP PURGE requests (Varnish,
    nginx with a purge module); FRONTEND_CACHE_CLOUDFLARE_ZONEID with
    FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN the Cloudflare zone in front of the site. Either,
    both or none (an empty dict: nothing to purge).
    """
    caches = {}
    purge_url = env.get("FRONTEND_CACHE_PURGE_URL", "").strip()
    if purge_url:
        caches["proxy"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_url,
        }
    zone = env.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID", "").strip()
    token = env.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", "").strip()
    if bool(zone) != bool(token):
        raise ImproperlyConfigured(
            "Set both FRONTEND_CACHE_CLOUDFLARE_ZONEID and FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN."
        )
    if zone:
        caches["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
            "BEARER_TOKEN": token,
        }
    return caches
