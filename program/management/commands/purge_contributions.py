"""Delete contribution-form submissions older than the retention period.

Run it once a day (cron or a systemd timer), like the other apps' purges.
"""

from django.core.management.base import BaseCommand, CommandError

from program.models import ContributionSubmission
from program.models.contributions import retention_days


class Command(BaseCommand):
    help = (
        "Delete contributions older than PROGRAM_CONTRIBUTION_RETENTION_DAYS "
        "(or --days). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the setting.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be deleted."
        )

    def handle(self, *args, days, dry_run, **options):
        days = retention_days() if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        expired = ContributionSubmission.objects.expired(days)
        if dry_run:
            self.stdout.write(f"{expired.count()} contributions older than {days} days.")
            return
        deleted, _ = expired.delete()
        self.stdout.write(f"{deleted} contributions older than {days} days deleted.")
