"""Rules of events: validation, ordering, schedule changes, platforms, time zones."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Locale

import pytest

from events.models import EventFormat, EventPage, EventSpeaker, EventStatus, EventStreamLink
from events.streaming import platform_for, stream_label
from tests.factories.events import (
    EventCategoryFactory,
    VenueFactory,
    publish_event,
    rome,
)

pytestmark = pytest.mark.django_db


def make_event(**fields):
    defaults = {
        "title": "Assemblea",
        "slug": "assemblea",
        "start": rome(2030, 3, 12, 20, 30),
        "end": rome(2030, 3, 12, 22, 30),
    }
    return EventPage(**{**defaults, **fields})


class TestValidation:
    def test_end_must_follow_start(self):
        event = make_event(end=rome(2030, 3, 12, 19, 0))
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "end" in error.value.message_dict

    def test_end_equal_to_start_is_refused(self):
        event = make_event(end=rome(2030, 3, 12, 20, 30))
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "end" in error.value.message_dict

    def test_postponed_needs_the_original_date(self):
        event = make_event(status=EventStatus.POSTPONED)
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "previous_start" in error.value.message_dict

    def test_original_date_only_for_postponed_events(self):
        event = make_event(previous_start=rome(2030, 3, 1, 20, 30))
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "previous_start" in error.value.message_dict

    def test_postponed_with_original_date_is_valid(self):
        event = make_event(status=EventStatus.POSTPONED, previous_start=rome(2030, 3, 1, 20, 30))
        event.full_clean(exclude=["path", "depth"])

    def test_all_day_events_cover_whole_days_in_rome(self):
        event = make_event(
            all_day=True, start=rome(2030, 5, 10, 15, 0), end=rome(2030, 5, 11, 9, 0)
        )
        event.clean()
        assert timezone.localtime(event.start) == rome(2030, 5, 10, 0, 0)
        assert timezone.localtime(event.end) == rome(2030, 5, 11, 23, 59) + datetime.timedelta(
            seconds=59
        )
        assert event.is_multi_day

    def test_venue_coordinates_come_in_pairs(self):
        venue = VenueFactory.build(latitude="45.89", longitude=None)
        with pytest.raises(ValidationError) as error:
            venue.full_clean()
        assert "longitude" in error.value.message_dict


class TestUpcoming:
    def test_order_and_what_counts_as_upcoming(self, calendar):
        now = timezone.now()
        later = publish_event(
            calendar,
            title="Dopo",
            start=now + datetime.timedelta(days=3),
            end=now + datetime.timedelta(days=3, hours=2),
        )
        sooner = publish_event(
            calendar,
            title="Prima",
            start=now + datetime.timedelta(days=1),
            end=now + datetime.timedelta(days=1, hours=2),
        )
        # Started an hour ago, ends in an hour: still upcoming until it ends.
        running = publish_event(
            calendar,
            title="In corso",
            start=now - datetime.timedelta(hours=1),
            end=now + datetime.timedelta(hours=1),
        )
        ended = publish_event(
            calendar,
            title="Finito",
            start=now - datetime.timedelta(hours=3),
            end=now - datetime.timedelta(minutes=1),
        )
        draft = publish_event(
            calendar,
            title="Bozza",
            start=now + datetime.timedelta(days=2),
            end=now + datetime.timedelta(days=2, hours=1),
        )
        draft.unpublish()

        assert list(EventPage.objects.upcoming()) == [running, sooner, later]
        assert list(EventPage.objects.past()) == [ended]
        assert running.is_happening()
        assert ended.has_ended()

    def test_private_events_are_not_listed(self, calendar):
        from wagtail.models import PageViewRestriction

        now = timezone.now()
        event = publish_event(
            calendar,
            title="Riservato",
            start=now + datetime.timedelta(days=1),
            end=now + datetime.timedelta(days=1, hours=1),
        )
        PageViewRestriction.objects.create(page=event, restriction_type="password", password="x")
        assert list(EventPage.objects.upcoming()) == []


class TestSequence:
    def test_schedule_changes_raise_the_sequence_other_edits_do_not(self, calendar):
        event = publish_event(
            calendar, title="Laboratorio", start=rome(2030, 4, 2, 18), end=rome(2030, 4, 2, 20)
        )
        assert event.sequence == 0

        event.title = "Laboratorio di quartiere"
        event.save_revision().publish()
        event.refresh_from_db()
        assert event.sequence == 0

        event.start, event.end = rome(2030, 4, 3, 18), rome(2030, 4, 3, 20)
        event.save_revision().publish()
        event.refresh_from_db()
        assert event.sequence == 1

        event.status = EventStatus.CANCELLED
        event.save_revision().publish()
        event.refresh_from_db()
        assert event.sequence == 2

    def test_a_stale_draft_never_lowers_the_sequence(self, calendar):
        event = publish_event(
            calendar, title="Serata", start=rome(2030, 4, 2, 18), end=rome(2030, 4, 2, 20)
        )
        stale = event.save_revision()  # a draft made before the next change, sequence 0
        event.start, event.end = rome(2030, 4, 9, 18), rome(2030, 4, 9, 20)
        event.save_revision().publish()
        stale.publish()  # goes back to the old date: a change again
        event.refresh_from_db()
        assert event.sequence == 2
        assert event.start == rome(2030, 4, 2, 18)


class TestTimeZones:
    def test_times_across_the_spring_dst_change(self, calendar):
        # Clocks in Rome go forward on 31 March 2030 at 02:00: a night event from 01:00 to
        # 04:00 lasts two real hours, and is shown with the local times people expect.
        event = publish_event(
            calendar, title="Notte", start=rome(2030, 3, 31, 1, 0), end=rome(2030, 3, 31, 4, 0)
        )
        assert event.end - event.start == datetime.timedelta(hours=2)
        assert event.local_start.strftime("%H:%M %Z") == "01:00 CET"
        assert event.local_end.strftime("%H:%M %Z") == "04:00 CEST"

    def test_autumn_event_keeps_its_wall_clock_time(self, calendar):
        before = publish_event(
            calendar, title="Prima", start=rome(2030, 10, 26, 18), end=rome(2030, 10, 26, 20)
        )
        after = publish_event(
            calendar, title="Dopo", start=rome(2030, 10, 28, 18), end=rome(2030, 10, 28, 20)
        )
        assert before.local_start.hour == after.local_start.hour == 18
        assert before.start.astimezone(datetime.UTC).hour == 16
        assert after.start.astimezone(datetime.UTC).hour == 17


class TestDisplayHelpers:
    def test_moderators_and_presenters(self, calendar):
        event = publish_event(
            calendar,
            title="Webinar",
            start=rome(2030, 1, 5, 18),
            end=rome(2030, 1, 5, 19, 30),
            format=EventFormat.ONLINE,
        )
        EventSpeaker.objects.create(
            page=event,
            name="Elena",
            role="Community manager",
            affiliation="Beeozanam",
            sort_order=0,
        )
        EventSpeaker.objects.create(
            page=event, name="Giulia", affiliation="Labsus", is_moderator=True, sort_order=1
        )
        event = EventPage.objects.get(pk=event.pk)
        assert [s.name for s in event.presenters] == ["Elena"]
        assert [s.name for s in event.moderators] == ["Giulia"]
        assert event.presenters[0].description == "Community manager, Beeozanam"

    def test_stream_links_disappear_when_the_event_ends_or_is_cancelled(self, calendar):
        now = timezone.now()
        event = publish_event(
            calendar,
            title="Online",
            format=EventFormat.ONLINE,
            start=now + datetime.timedelta(hours=1),
            end=now + datetime.timedelta(hours=2),
        )
        EventStreamLink.objects.create(page=event, url="https://www.youtube.com/watch?v=abc")
        assert len(event.visible_stream_links()) == 1
        assert event.visible_stream_links(now + datetime.timedelta(hours=3)) == []
        event.status = EventStatus.CANCELLED
        assert event.visible_stream_links() == []

    def test_map_only_for_places_with_coordinates(self, calendar):
        event = make_event(venue=VenueFactory(), format=EventFormat.IN_PERSON)
        assert event.map_available
        event.format = EventFormat.ONLINE
        assert not event.map_available
        event = make_event(venue=VenueFactory(latitude=None, longitude=None))
        assert not event.map_available
        assert "openstreetmap.org/search?" in event.venue.osm_url

    def test_category_slug_unique_per_language(self):
        EventCategoryFactory(slug="assemblee")
        with pytest.raises(ValidationError):
            EventCategoryFactory.build(slug="assemblee", locale=Locale.get_default()).full_clean()


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.youtube.com/watch?v=x", "YouTube"),
        ("https://youtu.be/x", "YouTube"),
        ("https://m.facebook.com/labsus/live", "Facebook"),
        ("https://fb.watch/abc/", "Facebook"),
        ("https://us02web.zoom.us/j/123", "Zoom"),
        ("https://meet.jit.si/officina", "Jitsi Meet"),
        ("https://www.twitch.tv/x", "Twitch"),
        ("https://notyoutube.com/x", ""),
        ("https://example.org/live", ""),
        ("not a url", ""),
    ],
)
def test_platform_recognised_from_the_url(url, platform):
    assert platform_for(url) == platform


def test_stream_labels():
    assert stream_label("https://www.youtube.com/live/x") == "Diretta su YouTube"
    assert stream_label("https://www.example.org/live") == "Diretta su example.org"
    assert stream_label("https://www.youtube.com/live/x", "Canale di Labsus") == "Canale di Labsus"
