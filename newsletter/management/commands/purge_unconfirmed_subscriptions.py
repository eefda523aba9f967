"""Delete subscription requests never confirmed (run daily: see the README, "Newsletter")."""

from django.core.management.base import BaseCommand, CommandError

from newsletter import services


class Command(BaseCommand):
    help = (
        "Delete subscription requests not confirmed within NEWSLETTER_UNCONFIRMED_DAYS days, "
        "addresses left without any subscription, and processed subscribe-form tasks (which "
        "carry the address typed) from the task queue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Minimum age in days (default: NEWSLETTER_UNCONFIRMED_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        removed = services.purge_unconfirmed(days=days)
        pruned = services.prune_subscription_requests()
        if options["verbosity"]:
            self.stdout.write(
                f"Unconfirmed requests deleted: {removed}. "
                f"Processed subscribe-form tasks removed from the queue: {pruned}."
            )
