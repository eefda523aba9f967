"""Several instances: media in object storage, a caching proxy purged when pages change."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.exceptions import ImproperlyConfigured

import pytest

from config import deployment
from home.models import StandardPage

# --- Media storage ------------------------------------------------------------------------


def test_media_stays_on_disk_without_a_bucket():
    assert deployment.media_storage({}) is None
    assert deployment.media_storage({"MEDIA_S3_BUCKET": "  "}) is None


def test_a_bucket_sends_media_to_s3_compatible_storage():
    storage = deployment.media_storage(
        {
            "MEDIA_S3_BUCKET": "piazza-media",
            "MEDIA_S3_ENDPOINT_URL": "https://objects.example.org",
            "MEDIA_S3_REGION": "eu-south-1",
            "MEDIA_S3_ACCESS_KEY_ID": "key",
            "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "piazza-media"
    assert options["endpoint_url"] == "https://objects.example.org"
    assert options["region_name"] == "eu-south-1"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    # Addresses of images on cached pages and in e-mails never expire; uploads never overwrite.
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert options["location"] == "media"


def test_half_a_key_pair_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_SECRET_ACCESS_KEY"):
        deployment.media_storage({"MEDIA_S3_BUCKET": "b", "MEDIA_S3_ACCESS_KEY_ID": "key"})


# --- Frontend cache ------------------------------------------------------------------------


def test_no_cache_in_front_by_default():
    assert deployment.frontend_cache({}) == {}


def test_a_proxy_and_cloudflare_can_both_be_purged():
    caches = deployment.frontend_cache(
        {
            "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
            "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "zone",
            "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
        }
    )
    assert caches["proxy"]["LOCATION"] == "http://127.0.0.1:6081"
    assert caches["cloudflare"]["ZONEID"] == "zone"


def test_cloudflare_needs_zone_and_token():
    with pytest.raises(ImproperlyConfigured):
        deployment.frontend_cache({"FRONTEND_CACHE_CLOUDFLARE_ZONEID": "zone"})


class _PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def caching_proxy():
    _PurgeRecorder.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _PurgeRecorder.purged
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_publishing_and_unpublishing_purge_the_page_from_the_proxy(
    caching_proxy, home_page, settings
):
    location, purged = caching_proxy
    settings.WAGTAILFRONTENDCACHE = deployment.frontend_cache(
        {"FRONTEND_CACHE_PURGE_URL": location}
    )
    page = StandardPage(title="Bilancio partecipato", slug="bilancio", intro="Come funziona.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert any(path == "/bilancio/" for _host, path in purged), purged

    purged.clear()
    page.unpublish()
    assert any(path == "/bilancio/" for _host, path in purged), purged
