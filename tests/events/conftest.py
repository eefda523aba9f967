import pytest

from events.models import EventIndexPage


@pytest.fixture
def calendar(home_page):
    """A published "Eventi" calendar under the home page."""
    index = EventIndexPage(title="Eventi", slug="eventi", intro="Gli appuntamenti.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index
