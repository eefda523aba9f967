"""Renewal reminders of the partner registry (run daily, e.g. by ``manage.py daily_maintenance``).

Mails the personal renewal link to every listing that runs out within
``PROGRAM_REGISTRY_REMINDER_DAYS`` (once per expiry date, however often it runs), and records
as expired the listings that ran out. The public directory never waits for this command: it
leaves out a listing on the day it runs out.
"""

from django.core.management.base import BaseCommand

from program.registry import services


class Command(BaseCommand):
    help = "Send the registry's renewal reminders and mark lapsed listings expired. Run it daily."

    def handle(self, *args, **options):
        sent = services.send_due_reminders()
        expired = services.mark_lapsed()
        self.stdout.write(f"Registry: {sent} renewal reminders sent, {expired} listings expired.")
