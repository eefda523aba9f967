"""Load the Officina Comune demo content.

Idempotent: it creates what is missing and overwrites nothing.
"""

from importlib import import_module
from importlib.util import find_spec
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Locale, Page, Site

from home import demo, demo_english
from home.models import HomePage, HomePageFeaturedItem, SiteSettings, SiteTexts, StandardPage


class Command(BaseCommand):
    help = "Create the demo content where it is missing. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = 0
        home = self.ensure_home()
        pages = {
            spec["slug"]: self.ensure_child(home, StandardPage, spec)
            for spec in demo.STANDARD_PAGES
        }
        if not home.featured_items.exists():
            for order, slug in enumerate(["chi-siamo", "la-nostra-storia", "la-nostra-attivita"]):
                HomePageFeaturedItem.objects.create(
                    home_page=home, page=pages[slug], sort_order=order
                )
            home.save_revision().publish()
        self.ensure_settings(home.get_site(), pages)
        # Each content app may ship a ``demo_content`` module with ``load(home, stdout)``
        # returning how many objects it created; it must be idempotent too.
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo_content"
            if app_config.name != "home" and find_spec(module_name, None) is not None:
                self.created += import_module(module_name).load(home=home, stdout=self.stdout)
        # Last, once every app's content exists: the English translations.
        self.created += demo_english.load(home=home, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready ({self.created} objects created).")
        )

    def ensure_home(self):
        locale = Locale.get_default()
        home = HomePage.objects.filter(locale=locale).first()
        # Wagtail's placeholder "Welcome" page: a plain Page right under the root. It is
        # replaced by the home page, never an editor's page.
        placeholders = Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        )
        if home is None:
            root = Page.get_first_root_node()
            placeholders.filter(slug=demo.HOME["slug"]).update(slug="wagtail-welcome-placeholder")
            home = HomePage(locale=locale, **demo.HOME)
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site = Site.objects.create(
                hostname=parts.hostname or "localhost",
                port=parts.port or 80,
                is_default_site=True,
                root_page=home,
                site_name=demo.HOME["title"],
            )
        if site.root_page_id != home.pk:
            # First run: Wagtail's default site ("localhost:80") takes the public base URL,
            # so absolute links (canonical URLs, e-mails) point at the running site.
            parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            if (site.hostname, site.port) == ("localhost", 80) and parts.hostname:
                site.hostname = parts.hostname
                site.port = parts.port or (443 if parts.scheme == "https" else 80)
            site.root_page = home
            site.site_name = demo.HOME["title"]
            site.save()
        for placeholder in placeholders.exclude(sites_rooted_here__isnull=False):
            placeholder.delete()
        return home

    def ensure_child(self, parent, model, spec):
        existing = parent.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing.specific
        page = model(**spec)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def ensure_settings(self, site, pages):
        if not SiteTexts.objects.filter(site=site).exists():
            SiteTexts.objects.create(site=site, locale=Locale.get_default(), **demo.SITE_TEXTS)
            self.created += 1
        site_settings = SiteSettings.for_site(site)
        if site_settings.organisation_name:
            return
        for field, value in demo.SITE_SETTINGS.items():
            setattr(site_settings, field, value)
        site_settings.privacy_page = pages["privacy"]
        site_settings.cookie_page = pages["cookie-policy"]
        site_settings.accessibility_page = pages["accessibilita"]
        site_settings.save()
