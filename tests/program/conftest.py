"""Fixtures of the program tests."""

import pytest

from tests.factories.program import LensFactory, lens_index


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ecology(db):
    return LensFactory(name="Ecologia", slug="ecologia", colour="#2e7d4f", sort_order=3)


@pytest.fixture
def care(db):
    return LensFactory(
        name="Cura e interdipendenza", slug="cura", colour="#f2b84b", icon="heart", sort_order=2
    )


@pytest.fixture
def lenses_page(home_page):
    return lens_index(home_page)
