"""Events and webinars: pages, venues, categories (and, later, registrations)."""

from .pages import (
    SCHEDULE_FIELDS,
    EventDocument,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventPageQuerySet,
    EventSpeaker,
    EventStatus,
    EventStreamLink,
)
from .snippets import EventCategory, Venue

__all__ = [
    "SCHEDULE_FIELDS",
    "EventCategory",
    "EventDocument",
    "EventFormat",
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "EventSpeaker",
    "EventStatus",
    "EventStreamLink",
    "Venue",
]
