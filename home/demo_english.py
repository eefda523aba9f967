"""English demo content: the main pages, the lenses, one participatory process and the
upcoming events, translated with wagtail-localize as an editor would.

Each object gets a wagtail-localize translation into English whose sentences come from
``ENGLISH`` (Italian → English); the editor can then refine them in the translation editor,
and sees them as out of date when the Italian changes. Idempotent: objects that already have an
English version are left alone.
"""

import json
from pathlib import Path

from django.utils import timezone

from wagtail.models import DraftStateMixin, Locale, Page

# Italian sentence → its English translation (home/demo_english.json).
ENGLISH = json.loads((Path(__file__).with_name("demo_english.json")).read_text(encoding="utf-8"))

MAIN_PAGE_SLUGS = ["chi-siamo", "la-nostra-storia", "la-nostra-attivita"]


def _objects_to_translate(home):
    """The demo objects that have an English version, parents before children."""
    from events.models import EventIndexPage, EventPage
    from home.models import SiteTexts, StandardPage
    from program.models import Lens, LensIndexPage, ProcessIndexPage, ProcessPage

    below_home = Page.objects.descendant_of(home)
    process = ProcessPage.objects.live().filter(path__startswith=home.path).order_by("path").first()
    events = list(
        EventPage.objects.live()
        .filter(path__startswith=home.path, start__gte=timezone.now())
        .order_by("start")
    )
    pages = [home]
    pages += list(StandardPage.objects.child_of(home).filter(slug__in=MAIN_PAGE_SLUGS))
    pages += list(LensIndexPage.objects.filter(pk__in=below_home.values("pk"))[:1])
    pages += list(ProcessIndexPage.objects.filter(pk__in=below_home.values("pk"))[:1])
    if process is not None:
        pages.append(process)
    pages += list(EventIndexPage.objects.filter(pk__in=below_home.values("pk"))[:1])
    pages += events
    # A translated page needs its parents translated first.
    wanted = {page.pk: page.specific for page in pages}
    for page in list(wanted.values()):
        for ancestor in page.get_ancestors().filter(depth__gte=2):
            wanted.setdefault(ancestor.pk, ancestor.specific)
    ordered = sorted(wanted.values(), key=lambda page: page.path)
    snippets = list(Lens.objects.filter(locale=home.locale))
    for event in events:
        snippets += [category for category in event.categories.all() if category not in snippets]
        if event.venue is not None and event.venue not in snippets:
            snippets.append(event.venue)
    snippets += list(SiteTexts.objects.filter(locale=home.locale))
    # Snippets first: the English pages link to the lenses, venues and categories.
    return snippets + ordered


def _store_list_blocks_in_full(instance):
    """Rebuild every stream field from its blocks, so that it is saved in the full form
    (Wagtail writes back untouched stream data as it was read)."""
    from wagtail.blocks import StreamValue
    from wagtail.fields import StreamField

    for field in instance._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(instance, field.name)
            rebuilt = [(child.block_type, child.value, child.id) for child in value]
            setattr(instance, field.name, StreamValue(field.stream_block, rebuilt))


def translate(instance, locale, missing):
    """Create the English version of ``instance`` through wagtail-localize; return 1 if made.

    Sentences not in ``ENGLISH`` (proper names, numbers) keep the source text and are listed
    in ``missing``.
    """
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    if instance.get_translation_or_none(locale) is not None:
        return 0
    # The demo data writes list blocks in Wagtail's short form, which wagtail-localize does
    # not extract; saving once stores them in the full form, so every sentence is translatable.
    _store_list_blocks_in_full(instance)
    if isinstance(instance, Page):
        instance.save_revision().publish()
    else:
        instance.save()
    instance = type(instance).objects.get(pk=instance.pk)
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        text = segment.string.data
        english = ENGLISH.get(text)
        if english is None:
            missing.append(text)
            english = text
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": english},
        )
    drafts = isinstance(instance, DraftStateMixin)
    translation.save_target(publish=not drafts)
    if drafts:
        target = translation.get_target_instance()
        target.get_latest_revision().publish()
    return 1


def load(home, stdout):
    """Translate the demo objects into English; return how many were created."""
    locale, _created = Locale.objects.get_or_create(language_code="en")
    created, missing = 0, []
    for instance in _objects_to_translate(home):
        created += translate(instance, locale, missing)
    if missing:
        stdout.write("English demo content: kept as in Italian: " + "; ".join(sorted(set(missing))))
    stdout.write(f"English demo content: {created} translations created.")
    return created
