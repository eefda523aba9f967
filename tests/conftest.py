"""Fixtures shared by the whole suite.

App-specific fixtures live in ``tests/<app>/conftest.py``.
"""

from django.contrib.auth.models import Group

from wagtail.models import Locale, Page, Site

import pytest

from home import roles
from home.models import HomePage
from tests.factories.users import UserFactory


def pytest_sessionstart(session):
    """Compile the interface translations, as ``make run`` and deployments do."""
    from home.i18n import compile_catalogues

    compile_catalogues()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` only run when the database is PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def home_page(db):
    """A published home page at the root of the default site (no demo content)."""
    root = Page.get_first_root_node()
    home = HomePage(title="Officina Comune", slug="home", locale=Locale.get_default())
    Page.objects.filter(depth=2).delete()
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


def _user_in(group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def volunteer(db):
    """A member of "Volontari": drafts and submits for moderation, cannot publish."""
    return _user_in(roles.VOLUNTEERS, username="volontaria")


@pytest.fixture
def editor(db):
    """A member of "Redazione": edits, publishes and moderates."""
    return _user_in(roles.EDITORS, username="redattore")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)
