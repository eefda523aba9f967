"""Delete the personal data of event registrations once it is no longer needed.

Run it once a day (see the README, "Events"): registrations of events that ended more than
``EVENTS_RSVP_RETENTION_DAYS`` ago are deleted, keeping only the counts; so are requests
never confirmed within the confirmation link's lifetime.
"""

from django.core.management.base import BaseCommand

from events import rsvp


class Command(BaseCommand):
    help = "Delete registrations of past events (keeping the counts) and stale unconfirmed ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the event's end (default: EVENTS_RSVP_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        past, unconfirmed = rsvp.purge(days=days)
        self.stdout.write(
            f"Deleted {past} registrations of past events and {unconfirmed} unconfirmed requests."
        )
