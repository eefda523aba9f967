"""Events and webinars: pages, what they list inline, venues, categories and registrations."""

from .index import EventIndexPage
from .inlines import EventDocument, EventSpeaker, EventStreamLink
from .pages import (
    CALENDAR_ROUTES,
    SCHEDULE_FIELDS,
    EventFormat,
    EventPage,
    EventPageQuerySet,
    EventStatus,
)
from .registrations import (
    Registration,
    RegistrationMode,
    RegistrationTally,
    ReminderSchedule,
)
from .snippets import EventCategory, Venue

__all__ = [
    "CALENDAR_ROUTES",
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
    "Registration",
    "RegistrationMode",
    "RegistrationTally",
    "ReminderSchedule",
    "Venue",
]
