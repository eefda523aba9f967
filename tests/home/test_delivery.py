"""How pages travel: compressed when the browser accepts it, and an icon at /favicon.ico."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_compressed_for_browsers_that_accept_it(client, home_page):
    plain = client.get("/")
    packed = client.get("/", headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    body = gzip.decompress(packed.content).decode()
    assert "<title>" in body
    assert len(packed.content) < len(plain.content)


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("img/favicon.svg")
