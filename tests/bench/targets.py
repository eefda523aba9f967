"""The pages the load benchmark measures, found in the prepared database.

    DJANGO_SETTINGS_MODULE=... python -m tests.bench.targets

prints one JSON object: ``{"pages": {name: path}, "skipped": {name: reason}}``. A page whose app
has not got its model (or any live page of that type) is skipped with the reason.
"""

import json
import os
import sys

SEARCH_QUERY = "bilancio partecipato"
NOT_FOUND_PATH = "/questa-pagina-non-esiste/"


def _middle(queryset):
    """A page from the middle of the set: neither the newest nor the oldest."""
    count = queryset.count()
    return queryset.order_by("path")[count // 2] if count else None


def _live(app_label, model_name):
    from django.apps import apps

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None, f"{app_label}.{model_name} does not exist yet"
    from wagtail.models import Locale

    queryset = model.objects.live().public().filter(locale=Locale.get_default())
    if not queryset.exists():
        return None, f"no live {app_label}.{model_name} in the database"
    return queryset, None


def find_targets():
    from home.models import HomePage

    pages = {}
    skipped = {}
    pages["home"] = HomePage.objects.live().order_by("path").first().url

    def add(name, app_label, model_name, pick):
        queryset, reason = _live(app_label, model_name)
        if queryset is None:
            skipped[name] = reason
        else:
            pages[name] = pick(queryset).url

    add("event listing", "events", "EventIndexPage", lambda qs: qs.order_by("path").first())
    add("event page", "events", "EventPage", _middle)
    add("process page", "program", "ProcessPage", _middle)
    add("newsletter archive", "newsletter", "NewsletterIndexPage", lambda qs: qs.first())
    add("text page", "home", "StandardPage", _middle)
    pages["search results"] = f"/search/?q={SEARCH_QUERY.replace(' ', '+')}"
    pages["404"] = NOT_FOUND_PATH
    return {"pages": pages, "skipped": skipped}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    json.dump(find_targets(), sys.stdout)


if __name__ == "__main__":
    main()
