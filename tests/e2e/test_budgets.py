"""Page weight, third-party requests and metadata, measured in the browser."""

import json
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import MOBILE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BUDGET_BYTES = 250 * 1024
JS_BUDGET_BYTES = 30 * 1024


@pytest.mark.parametrize("path", ["/", "/la-nostra-storia/", "/eventi/generare-prossimita/"])
def test_first_visit_stays_within_budget_and_loads_nothing_from_third_parties(
    demo_site, visit, path
):
    tab = visit(MOBILE)
    tab.goto(demo_site + path)
    own_host = urlsplit(demo_site).netloc
    foreign = [url for url in tab.requests if urlsplit(url).netloc not in (own_host, "")]
    assert foreign == []
    sizes = tab.bytes_by_type()
    counted = sum(size for kind, size in sizes.items() if kind != "image")
    assert counted < BUDGET_BYTES, sizes
    assert sizes.get("script", 0) < JS_BUDGET_BYTES, sizes


def test_search_engine_and_social_metadata(demo_site, visit):
    tab = visit()
    tab.goto(demo_site + "/chi-siamo/")
    page = tab.page
    assert page.title() == "Chi siamo · Officina Comune"
    assert page.locator("meta[name=description]").get_attribute("content")
    assert page.locator("link[rel=canonical]").get_attribute("href") == demo_site + "/chi-siamo/"
    assert page.locator("meta[property='og:title']").get_attribute("content") == "Chi siamo"
    assert page.locator("meta[property='og:url']").get_attribute("content").endswith("/chi-siamo/")
    assert page.locator("meta[name='twitter:card']").count() == 1
    data = json.loads(page.locator("script[type='application/ld+json']").first.inner_text())
    assert data["@type"] == "Organization"
    assert data["name"] == "Officina Comune"
