"""Erase again, after a backup was restored, everyone erased since (see README, "Backups")."""

from django.core.management.base import BaseCommand

from newsletter import erasure_log
from newsletter.evidence import Evidence


class Command(BaseCommand):
    help = (
        "Apply the erasure list (NEWSLETTER_ERASURE_LOG) to the database: erase every "
        "subscriber whose address was erased and restore the suppression entries. Run it "
        "after every restore of a database backup; running it again changes nothing."
    )

    def handle(self, *args, **options):
        erased, restored = erasure_log.reapply(evidence=Evidence(source="reapply_erasures"))
        known = len(erasure_log.erased_hashes())
        self.stdout.write(
            f"Erasures in the list: {known}. Subscribers erased again: {erased}. "
            f"Suppression entries restored: {restored}."
        )
