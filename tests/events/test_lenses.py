"""Events carry lenses: chosen in the admin, shown as badges on the card and on the page."""

import datetime

from django.utils import timezone

import pytest

from tests.factories.events import make_lens, publish_event

pytestmark = pytest.mark.django_db


def test_event_page_and_card_show_their_lenses(calendar, client):
    lens = make_lens()
    start = timezone.now() + datetime.timedelta(days=2)
    event = publish_event(
        calendar,
        title="Passeggiata nel verde",
        start=start,
        end=start + datetime.timedelta(hours=2),
        lenses=[lens],
    )
    assert list(lens.event_pages.all()) == [event]

    page_html = client.get(event.url).text
    assert "lens-badge" in page_html and "Ecologia" in page_html
    listing_html = client.get(calendar.url).text
    card = listing_html.split("Passeggiata nel verde", 1)[1]
    assert "lens-badge" in card and "Ecologia" in card


def test_editor_picks_lenses_on_an_event(calendar, client, editor):
    lens = make_lens()
    start = timezone.now() + datetime.timedelta(days=2)
    event = publish_event(
        calendar, title="Assemblea", start=start, end=start + datetime.timedelta(hours=2)
    )
    client.force_login(editor)
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    assert f'type="checkbox" name="lenses" value="{lens.pk}"' in response.text
