"""Fill the database with a large, realistic data set for benchmarks.

Each app may ship ``<app>/bench_data.py`` with ``generate(home, scale, stdout)`` returning how many
objects it created; the command calls them in the order of ``INSTALLED_APPS`` (``home`` first).
Idempotent: a second run creates nothing. Loads the demo content first when it is missing.
Refuses to run unless ``DEBUG`` or ``PIAZZA_BENCH`` is on, so it never fills a real site.
"""

import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale

from home import page_cache
from home.models import HomePage


class Command(BaseCommand):
    help = (
        "Generate the benchmark data set (500 pages, 2,000 events, 200 newsletters, "
        "100,000 subscribers, processes). Running it again creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every amount (e.g. 0.01 for a quick try). Default 1.",
        )
        parser.add_argument(
            "--app",
            action="append",
            dest="only",
            metavar="APP",
            help="Only this app's data (repeatable).",
        )

    def handle(self, *args, scale, only, **options):
        if not (settings.DEBUG or getattr(settings, "PIAZZA_BENCH", False)):
            raise CommandError(
                "Benchmark data is for development and benchmark databases only: "
                "run with DEBUG=1 or PIAZZA_BENCH=1."
            )
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        hooks = self.hooks()
        unknown = set(only or ()) - {label for label, _ in hooks}
        if unknown:
            raise CommandError(
                f"No benchmark data for {', '.join(sorted(unknown))}; "
                f"apps with data: {', '.join(label for label, _ in hooks)}."
            )
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
        if home is None:
            call_command("load_demo_content", stdout=self.stdout)
            home = HomePage.objects.get(locale=Locale.get_default())
        total = 0
        started = time.monotonic()
        for label, module in hooks:
            if only and label not in only:
                continue
            hook_started = time.monotonic()
            with transaction.atomic():
                created = module.generate(home=home, scale=scale, stdout=self.stdout)
            total += created
            seconds = time.monotonic() - hook_started
            self.stdout.write(f"  {label}: {created} objects in {seconds:.1f} s")
        # Rows were inserted in bulk, without the signals that refresh cached pages.
        page_cache.invalidate()
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark data ready ({total} objects created in "
                f"{time.monotonic() - started:.1f} s)."
            )
        )

    @staticmethod
    def hooks():
        found = []
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.bench_data"
            if find_spec(module_name, None) is not None:
                found.append((app_config.label, import_module(module_name)))
        return found
