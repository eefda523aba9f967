"""What publishing an event sets off for the people registered to it."""

from wagtail.signals import page_published


def _event_published(sender, instance, **kwargs):
    from . import rsvp

    rsvp.event_published(instance)


def connect():
    from .models import EventPage

    page_published.connect(_event_published, sender=EventPage, dispatch_uid="events-published")
