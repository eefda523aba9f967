import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories

from events.models import EventCategory, EventIndexPage, EventPage, EventSpeaker, Venue

ROME = ZoneInfo("Europe/Rome")


def rome(year, month, day, hour=0, minute=0):
    """An aware datetime in Rovereto's time zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ROME)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Sala civica {n}")
    address = "Corso Rosmini 1"
    postal_code = "38068"
    city = "Rovereto"
    latitude = "45.890600"
    longitude = "11.040100"


class EventCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventCategory

    name = factory.Sequence(lambda n: f"Categoria {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Eventi"
    slug = "eventi"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Assemblea pubblica {n}")
    start = rome(2030, 3, 12, 20, 30)
    end = factory.LazyAttribute(lambda page: page.start + datetime.timedelta(hours=2))
    summary = "Un incontro aperto a tutte e tutti."


class EventSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSpeaker

    name = factory.Sequence(lambda n: f"Relatrice {n}")
    affiliation = "Officina Comune"


def publish_event(parent, **fields):
    """Create an event under ``parent`` and publish it, as an editor would."""
    categories = fields.pop("categories", [])
    lenses = fields.pop("lenses", [])
    event = EventPage(**{"summary": "Un incontro aperto.", **fields})
    if "slug" not in fields:
        from django.utils.text import slugify

        event.slug = slugify(event.title)
    parent.add_child(instance=event)
    if categories:
        event.categories.set(categories)
    if lenses:
        event.lenses.set(lenses)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def make_lens(slug="ecologia", name="Ecologia", **fields):
    """A lens in the default language (the program app owns lenses; events only carry them)."""
    from wagtail.models import Locale

    from program.models import Lens

    values = {
        "name": name,
        "slug": slug,
        "colour": "#2e7d4f",
        "short_description": "Una città che rispetta i limiti del pianeta.",
        "locale": Locale.get_default(),
        **fields,
    }
    return Lens.objects.create(**values)
