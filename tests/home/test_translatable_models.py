"""What editors translate and what wagtail-localize copies from the Italian as it is."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models

import pytest
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

VISITOR_SNIPPETS = [
    "program.Lens",
    "events.EventCategory",
    "events.Venue",
    "program.Organisation",
    "home.SiteTexts",
]


@pytest.mark.parametrize("label", VISITOR_SNIPPETS)
def test_snippets_visitors_read_are_translatable(label):
    model = apps.get_model(label)
    assert issubclass(model, TranslatableMixin)
    assert model in get_snippet_models(), "translated from the snippet admin"
    translated = [
        field.field_name
        for field in get_translatable_fields(model)
        if isinstance(field, TranslatableField)
    ]
    assert translated, f"{label} has text to translate"


def _project_models():
    for app in ("home", "program", "events", "newsletter"):
        yield from apps.get_app_config(app).get_models()


DATA_FIELDS = (
    models.DateField,
    models.TimeField,
    models.IntegerField,
    models.DecimalField,
    models.FloatField,
    models.BooleanField,
)


def _is_data(field):
    """Dates, times, numbers, flags, images: the same in every language."""
    if isinstance(field, DATA_FIELDS):
        return True
    related = getattr(field, "related_model", None)
    return (
        isinstance(field, models.ForeignKey)
        and related is not None
        and (related._meta.label == "wagtailimages.Image")
    )


def test_dates_numbers_and_images_are_synchronised_never_retyped():
    """Across every translatable page and snippet model of the project."""
    retyped, checked = [], 0
    for model in _project_models():
        if not issubclass(model, TranslatableMixin):
            continue
        if not (issubclass(model, Page) or model in get_snippet_models()):
            continue
        for declared in get_translatable_fields(model):
            try:
                field = declared.get_field(model)
            except FieldDoesNotExist:
                continue
            if _is_data(field):
                checked += 1
                if isinstance(declared, TranslatableField):
                    retyped.append(f"{model.__name__}.{field.name}")
    assert checked > 10
    assert not retyped, f"translated by hand instead of synchronised: {retyped}"


def test_event_dates_and_venue_position_are_synchronised():
    from events.models import EventPage, Venue

    def kinds(model):
        return {
            field.field_name: isinstance(field, SynchronizedField)
            for field in get_translatable_fields(model)
        }

    event = kinds(EventPage)
    assert event["start"] and event["end"] and event["categories"]
    assert not event["title"]
    venue = kinds(Venue)
    assert venue["latitude"] and venue["longitude"]
    assert not venue["name"]
