import pytest

from events.models import EventIndexPage


@pytest.fixture
def calendar(home_page):
    """A published "Eventi" calendar under the home page."""
    index = EventIndexPage(title="Eventi", slug="eventi", intro="Gli appuntamenti.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture(autouse=True)
def run_after_commit_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: run deferred work immediately."""
    monkeypatch.setattr("events.rsvp.after_commit", lambda function: function())


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters and cool-downs live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def soon():
    """An aware datetime ten days from now at 18:00 Rome time."""
    import datetime

    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=10)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


@pytest.fixture
def rsvp_event(calendar, soon):
    """A published in-person assembly with registration on this site: 2 places, waiting list."""
    import datetime

    from events.models import RegistrationMode
    from tests.factories.events import VenueFactory, publish_event

    return publish_event(
        calendar,
        title="Assemblea con iscrizione",
        start=soon,
        end=soon + datetime.timedelta(hours=2),
        venue=VenueFactory(name="Urban Center"),
        registration=RegistrationMode.SITE,
        capacity=2,
        waiting_list=True,
    )
