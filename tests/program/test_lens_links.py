"""Badge links: the lens index address is cached, and a new or moved index is used at once."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from program.lens_pages import lens_index_url
from tests.factories.program import lens_index

pytestmark = pytest.mark.django_db


def test_the_address_costs_one_query_then_none(home_page, lenses_page):
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as first:
        assert lens_index_url({"request": request}, home_page.locale_id) == "/lenti/"
    with CaptureQueriesContext(connection) as again:
        assert lens_index_url({"request": RequestFactory().get("/")}, home_page.locale_id) == (
            "/lenti/"
        )
    assert len(first) >= 1 and len(again) == 0


def test_publishing_moving_or_unpublishing_the_index_is_seen_at_once(home_page):
    context = {"request": None}
    assert lens_index_url(dict(context), home_page.locale_id) is None
    index = lens_index(home_page)
    assert lens_index_url(dict(context), home_page.locale_id) == "/lenti/"
    index.slug = "le-lenti"
    index.save_revision().publish()
    assert lens_index_url(dict(context), home_page.locale_id) == "/le-lenti/"
    index.unpublish()
    assert lens_index_url(dict(context), home_page.locale_id) is None
