"""Data minimisation for the partner registry (run daily, e.g. by ``manage.py daily_maintenance``).

Deletes unconfirmed requests whose confirmation link expired and rejected requests older than
``PROGRAM_REGISTRY_REJECTED_RETENTION_DAYS``, with all their personal data; clears the private
contact of listings that ran out more than ``PROGRAM_REGISTRY_LAPSED_RETENTION_DAYS`` ago.
"""

from django.core.management.base import BaseCommand, CommandError

from program.models.registry import rejected_retention_days
from program.registry import services


class Command(BaseCommand):
    help = (
        "Delete expired unconfirmed requests and rejected requests older than "
        "PROGRAM_REGISTRY_REJECTED_RETENTION_DAYS (or --days); clear the private contact of "
        "listings that ran out long ago. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Days to keep rejected requests."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be deleted."
        )

    def handle(self, *args, days, dry_run, **options):
        days = rejected_retention_days() if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        counts = services.purge(rejected_days=days, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"Registry: {counts['unconfirmed']} unconfirmed requests and {counts['rejected']} "
            f"requests rejected more than {days} days ago {verb} deleted; "
            f"{counts['lapsed']} lapsed listings {verb} stripped of their private contact."
        )
