"""Benchmark events: created in bulk in the calendar, half past and half ahead, only once."""

from io import StringIO

from django.core.management import call_command

from wagtail.models import Page

import pytest

from events.models import EventPage

pytestmark = pytest.mark.django_db


def test_bench_events_fill_the_calendar_once(settings, client):
    settings.PIAZZA_BENCH = True
    call_command("load_demo_content", stdout=StringIO())
    demo_events = EventPage.objects.count()
    call_command("generate_bench_data", "--scale", "0.01", "--app", "events", stdout=StringIO())
    assert EventPage.objects.count() == demo_events + 20
    assert Page.find_problems() == ([], [], [], [], [])
    generated = EventPage.objects.filter(slug__startswith="evento-")
    assert generated.upcoming().count() >= 9 and generated.past().count() >= 9
    assert all(event.categories.exists() for event in generated)
    out = StringIO()
    call_command("generate_bench_data", "--scale", "0.01", "--app", "events", stdout=out)
    assert EventPage.objects.count() == demo_events + 20
    listing = client.get("/eventi/?categoria=assemblee")
    assert listing.status_code == 200
    event = generated.order_by("path")[5]
    assert client.get(event.url).status_code == 200
    assert client.get(event.url + "calendario/").status_code == 200
