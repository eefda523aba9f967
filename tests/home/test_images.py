"""Content images: responsive renditions, sized, lazy below the fold, generated once."""

import json

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from bs4 import BeautifulSoup

from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustrated(home_page):
    image = Image.objects.create(
        title="Piazza", file=get_test_image_file(size=(1600, 1000)), description=""
    )
    body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Una piazza piena"},
                "caption": "L'assemblea di giugno",
                "credit": "",
            },
        }
    ]
    page = StandardPage(title="Con le immagini", slug="immagini", body=json.dumps(body))
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page, image


def test_content_images_are_responsive_sized_and_lazy(client, illustrated):
    page, _image = illustrated
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    img = soup.select_one("figure.block-image img")
    candidates = [part.strip().rsplit(" ", 1) for part in img["srcset"].split(",")]
    assert [width for _url, width in candidates] == ["480w", "800w", "1200w"]
    assert all(url.endswith(".webp") for url, _width in candidates)
    assert img["sizes"]
    assert img["loading"] == "lazy"
    assert img["alt"] == "Una piazza piena"
    assert int(img["width"]) > 0 and int(img["height"]) > 0


def test_renditions_are_generated_once(client, illustrated):
    page, image = illustrated
    cache.clear()  # Wagtail also keeps renditions in the cache, across tests too
    client.get(page.url)
    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == [
        "width-1200|format-webp",
        "width-480|format-webp",
        "width-800|format-webp",
    ]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    assert image.renditions.count() == 3
    assert not [
        q for q in queries.captured_queries if "INSERT" in q["sql"] and "rendition" in q["sql"]
    ]
