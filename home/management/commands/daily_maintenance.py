"""Run every daily housekeeping command of the project, in one go (one cron line)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run the daily housekeeping commands listed in DAILY_MAINTENANCE_COMMANDS (purges of "
        "expired personal data, search statistics). One failing command does not stop the others."
    )

    def handle(self, *args, **options):
        failed = []
        for name in settings.DAILY_MAINTENANCE_COMMANDS:
            self.stdout.write(f"→ {name}")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # report it, go on with the others
                failed.append(name)
                self.stderr.write(f"{name} failed: {error}")
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS("Daily maintenance done."))
