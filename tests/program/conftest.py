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


def _member_of(group_name, username):
    from django.contrib.auth.models import Group

    from tests.factories.users import UserFactory

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def treasurer(db):
    """A member of "Tesoreria": keeps the register of contributions."""
    from home import roles

    return _member_of(roles.TREASURY, "tesoriera")


@pytest.fixture
def privacy_officer(db):
    """A member of "Privacy": subscribers' data, nothing of the registry or the register."""
    from newsletter import roles as newsletter_roles

    return _member_of(newsletter_roles.PRIVACY, "privacy")
