"""Editors create events in the admin; volunteers and editors manage venues and categories."""

from django.urls import reverse

from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from events.models import EventCategory, EventFormat, EventIndexPage, EventPage, Venue
from home.models import HomePage, StandardPage
from tests.factories.events import VenueFactory, rome


def event_form(**overrides):
    data = {
        "title": "Assemblea pubblica",
        "slug": "assemblea-pubblica",
        "start": "2030-03-12 20:30",
        "end": "2030-03-12 22:30",
        "format": "in_person",
        "status": "scheduled",
        "previous_start": "",
        "registration": "none",
        "summary": "Un'assemblea aperta.",
        "body": streamfield([("paragraph", rich_text("<p>Parliamo della città.</p>"))]),
        "speakers": inline_formset([]),
        "stream_links": inline_formset([]),
        "documents": inline_formset([]),
    }
    categories = overrides.pop("categories", [])
    data.update(overrides)
    form = nested_form_data(data)
    form["categories"] = categories  # a list: one value per ticked box
    return form


class EventAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        cls.home = HomePage(title="Officina Comune", slug="home", locale=Locale.get_default())
        root.add_child(instance=cls.home)
        cls.home.save_revision().publish()
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.calendar = EventIndexPage(title="Eventi", slug="eventi")
        cls.home.add_child(instance=cls.calendar)
        cls.calendar.save_revision().publish()

    def setUp(self):
        self.login()

    def test_where_event_pages_live(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertAllowedSubpageTypes(EventPage, {})

    def test_editor_creates_an_in_person_event(self):
        venue = VenueFactory(name="Urban Center")
        category = EventCategory.objects.create(name="Assemblee", slug="assemblee")
        self.assertCanCreate(
            self.calendar,
            EventPage,
            event_form(venue=str(venue.pk), categories=[str(category.pk)]),
        )
        event = EventPage.objects.get(slug="assemblea-pubblica")
        assert event.live
        # The admin works in Rome's time: 20:30 in March is 19:30 UTC.
        assert event.start == rome(2030, 3, 12, 20, 30)
        assert event.venue == venue
        assert list(event.categories.all()) == [category]
        self.assertPageIsRenderable(event)

    def test_editor_creates_a_webinar_with_speakers_moderator_and_streams(self):
        self.assertCanCreate(
            self.calendar,
            EventPage,
            event_form(
                title="Generare prossimità",
                slug="generare-prossimita",
                format="online",
                start="2030-12-01 18:00",
                end="2030-12-01 19:30",
                speakers=inline_formset(
                    [
                        {
                            "name": "Elena Rossi",
                            "role": "Community manager",
                            "affiliation": "Beeozanam",
                            "person_page": "",
                            "is_moderator": "",
                        },
                        {
                            "name": "Giulia Bianchi",
                            "role": "",
                            "affiliation": "Labsus",
                            "person_page": "",
                            "is_moderator": "on",
                        },
                    ]
                ),
                stream_links=inline_formset(
                    [
                        {"url": "https://www.facebook.com/labsus/live", "label": ""},
                        {"url": "https://www.youtube.com/@labsus/live", "label": ""},
                    ]
                ),
            ),
        )
        event = EventPage.objects.get(slug="generare-prossimita")
        assert event.format == EventFormat.ONLINE
        assert [(s.name, s.is_moderator) for s in event.speakers.all()] == [
            ("Elena Rossi", False),
            ("Giulia Bianchi", True),
        ]
        assert [link.platform for link in event.stream_links.all()] == ["Facebook", "YouTube"]
        self.assertPageIsRenderable(event)
        self.assertPageIsEditable(
            event,
            post_data=event_form(
                title="Generare prossimità",
                slug="generare-prossimita",
                format="online",
                start="2030-12-01 18:00",
                end="2030-12-01 19:30",
            ),
        )

    def test_end_before_start_is_refused_and_nothing_is_created(self):
        url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", self.calendar.pk))
        data = event_form(start="2030-03-12 20:30", end="2030-03-12 18:00")
        data["action-publish"] = "action-publish"
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "La fine deve venire dopo l" in response.text
        assert not EventPage.objects.filter(slug="assemblea-pubblica").exists()


@pytest.mark.django_db
def test_volunteers_add_venues_but_not_categories(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        reverse("wagtailsnippets_events_venue:add"),
        {
            "name": "Casa di quartiere",
            "address": "Via Roma 1",
            "postal_code": "",
            "city": "Rovereto",
        },
    )
    assert response.status_code == 302
    assert Venue.objects.filter(name="Casa di quartiere").exists()
    response = client.get(reverse("wagtailsnippets_events_eventcategory:add"))
    assert response.status_code == 302  # sent away: no permission
    assert not EventCategory.objects.exists()


@pytest.mark.django_db
def test_editors_manage_categories(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_events_eventcategory:add") + "?locale=it",
        {"name": "Webinar", "slug": "webinar", "description": ""},
    )
    assert response.status_code == 302
    assert EventCategory.objects.get(slug="webinar").locale.language_code == "it"


@pytest.mark.django_db
def test_venue_with_half_coordinates_is_refused_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_events_venue:add"),
        {
            "name": "Piazza",
            "address": "",
            "postal_code": "",
            "city": "Rovereto",
            "latitude": "45.89",
            "longitude": "",
        },
    )
    assert response.status_code == 200
    assert not Venue.objects.exists()
