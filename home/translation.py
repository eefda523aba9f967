"""Content translation with wagtail-localize: keeping translations in step with the Italian.

Editors translate a page or a snippet with wagtail-localize ("Traduci" in the admin, then its
translation editor). What is *translated* and what is *synchronised* (copied from the Italian
as it is: dates, numbers, choices, images, links to other pages, lenses) is declared on each
model (``override_translatable_fields``) and checked for every model by
``tests/home/test_translatable_models.py``.

wagtail-localize only looks at the Italian again when someone presses "Sincronizza le pagine
tradotte". Here every change of an Italian source is followed up at once, by a task queued when
the change commits (:func:`follow_source_change`):

- the translation source is refreshed, so the English version shows up as waiting for
  translations in the "Traduzioni" report and its translation editor lists the new or changed
  sentences, while the live English page stays as it was (no Italian leaks into it);
- when every sentence of the new version already has its translation (only synchronised
  fields changed, or the changed text was translated before), the English version is saved
  with the new content, and republished if it was live;
- otherwise the synchronised fields alone are copied to the English version (a new date, a
  cancellation, another image reach English visitors at once), leaving its text untouched
  until the translator has finished.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from wagtail.fields import StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.signals import page_published

from modelcluster.fields import ParentalKey, ParentalManyToManyField

logger = logging.getLogger(__name__)


# --- Reading content in the visitor's language ------------------------------------------------

_locale_ids = {}


def active_locale_id():
    """The id of the ``Locale`` of the active language (``None`` when it has none).

    Remembered per content generation: saving or deleting a locale starts a new one.
    """
    from home import page_cache

    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    key = (page_cache.current_generation(), language)
    if key not in _locale_ids:
        if len(_locale_ids) > 100:
            _locale_ids.clear()
        _locale_ids[key] = (
            Locale.objects.filter(language_code=language).values_list("pk", flat=True).first()
        )
    return _locale_ids[key]


def remember_locale_id(language, locale_id):
    """Record the locale id of ``language`` for this content generation, when it was read with
    something else (the site settings load it in their own query)."""
    from home import page_cache

    key = (page_cache.current_generation(), language)
    if len(_locale_ids) > 100:
        _locale_ids.clear()
    _locale_ids[key] = locale_id


_snippet_tables = {}


def localized_snippet(obj, locale_id):
    """``obj`` (a translatable snippet) in ``locale_id`` when translated, else ``obj`` itself.

    Pages keep pointing at the Italian snippets (venues, categories: synchronised fields); this
    shows their translation. The table of a model in a language is read once per content
    generation and process, so a list of cards costs no query per card.
    """
    from home import page_cache

    if obj is None or locale_id is None or obj.locale_id == locale_id:
        return obj
    key = (page_cache.current_generation(), obj._meta.label, locale_id)
    if key not in _snippet_tables:
        if len(_snippet_tables) > 200:
            _snippet_tables.clear()
        _snippet_tables[key] = {
            item.translation_key: item
            for item in type(obj)._default_manager.filter(locale_id=locale_id)
        }
    return _snippet_tables[key].get(obj.translation_key, obj)


def live_translations(pages, locale_id):
    """The live translations of ``pages`` in ``locale_id``, by translation key (one query)."""
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    found = Page.objects.live().filter(translation_key__in=keys, locale_id=locale_id).specific()
    return {page.translation_key: page for page in found}


def localize_pages(pages, locale_id):
    """``pages`` in ``locale_id``, in the same order, leaving out those not live in it.

    Pages already in that language are kept as they are; the others are replaced by their live
    translation. At most one query.
    """
    pages = [page for page in pages if page is not None]
    foreign = [page for page in pages if page.locale_id != locale_id]
    translations = live_translations(foreign, locale_id) if foreign else {}
    localized = []
    for page in pages:
        if page.locale_id == locale_id:
            localized.append(page)
        elif page.translation_key in translations:
            localized.append(translations[page.translation_key])
    return localized


def localize_page(page, locale_id):
    """``page`` in ``locale_id`` when a live translation exists, else ``page`` itself."""
    if page is None or page.locale_id == locale_id:
        return page
    found = localize_pages([page], locale_id)
    return found[0] if found else page


# --- Following the Italian after it changes -------------------------------------------------


def _translation_source(instance):
    from wagtail_localize.models import TranslationSource

    return TranslationSource.objects.get_for_instance_or_none(instance)


def _overridden_fields(translation):
    """Fields the translator deliberately set apart for this language (wagtail-localize's
    overrides, e.g. another image): synchronising must not undo them."""
    from wagtail_localize.models import SegmentOverride

    paths = SegmentOverride.objects.filter(
        locale_id=translation.target_locale_id,
        context__object_id=translation.source.object_id,
    ).values_list("context__path", flat=True)
    return {path.split(".", 1)[0] for path in paths}


def synchronised_field_names(model):
    """The fields of ``model`` copied as they are from the source, never translated.

    Stream fields and translatable child objects are left out: their structure travels with
    the text, so they are refreshed together with it when the translation is saved.
    """
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    names = []
    for translatable_field in get_translatable_fields(model):
        if not isinstance(translatable_field, SynchronizedField):
            continue
        field = translatable_field.get_field(model)
        if isinstance(field, (StreamField, ParentalKey)):
            continue
        if isinstance(field, models.ManyToOneRel) and issubclass(
            field.related_model, TranslatableMixin
        ):
            continue
        names.append(field.name)
    return names


def _child_values(manager):
    """What the child objects of a relation hold, without their ids and parent."""
    rows = []
    for child in manager.all():
        rows.append(
            {
                field.attname: getattr(child, field.attname)
                for field in child._meta.concrete_fields
                if not field.primary_key and not isinstance(field, ParentalKey)
            }
        )
    return rows


def copy_synchronised_values(source, target, *, skip=()):
    """Copy the synchronised fields of ``source`` onto ``target``; return the names changed."""
    changed = []
    for name in synchronised_field_names(type(source)):
        if name in skip:
            continue
        field = source._meta.get_field(name)
        if isinstance(field, models.ManyToOneRel):
            accessor = field.get_accessor_name()
            if _child_values(getattr(source, accessor)) != _child_values(getattr(target, accessor)):
                source.copy_child_relation(accessor, target)
                changed.append(name)
            continue
        if isinstance(field, ParentalManyToManyField):
            wanted = sorted(item.pk for item in getattr(source, name).all())
            current = sorted(item.pk for item in getattr(target, name).all())
            if wanted != current:
                getattr(target, name).set(wanted)
                changed.append(name)
            continue
        value = getattr(source, field.attname)
        if getattr(target, field.attname) != value:
            setattr(target, field.attname, value)
            changed.append(name)
    return changed


def _save_synchronised(translation, source_instance, user=None):
    """Bring the synchronised fields of a partly translated version up to date."""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        return False
    if isinstance(target, Page):
        target = target.specific
    changed = copy_synchronised_values(
        source_instance, target, skip=_overridden_fields(translation)
    )
    if not changed:
        return False
    if isinstance(target, Page):
        revision = target.save_revision(user=user, clean=False)
        if target.live:
            revision.publish(user=user)
    else:
        target.save()
    return True


def refresh_translations(instance, user=None):
    """Follow up a change of ``instance`` (an Italian source) in its translations.

    Returns ``(refreshed, saved, synchronised)``: whether the translation source changed, the
    translations saved whole and those that only had their synchronised fields updated.
    """
    source = _translation_source(instance)
    if source is None:
        return False, [], []
    from wagtail_localize.models import TranslationSource

    before = source.last_updated_at
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    saved, synchronised = [], []
    if source.last_updated_at == before:
        return False, saved, synchronised  # nothing changed since the last extraction
    source_instance = source.as_instance()
    for translation in source.translations.filter(enabled=True).select_related(
        "target_locale", "source"
    ):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            continue
        total, translated = translation.get_progress()
        if total == translated:
            publish = target.live if isinstance(target, Page) else True
            translation.save_target(user=user, publish=publish)
            saved.append(translation)
        elif _save_synchronised(translation, source_instance, user=user):
            synchronised.append(translation)
    return True, saved, synchronised


def follow_source_change(instance):
    """Queue :func:`home.tasks.refresh_translations` for ``instance`` once the change commits.

    Only objects that are the source of a translation are followed; translations themselves
    (saved by wagtail-localize) never are.
    """
    from home import tasks

    content_type = ContentType.objects.get_for_model(type(instance))
    transaction.on_commit(lambda: tasks.refresh_translations.enqueue(content_type.pk, instance.pk))


def _is_translation_source(instance):
    from wagtail_localize.models import TranslationSource

    return TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).exists()


@receiver(page_published)
def page_published_follow_translations(sender, instance, **kwargs):
    if _is_translation_source(instance):
        follow_source_change(instance.specific)


@receiver(post_save)
def snippet_saved_follow_translations(sender, instance, raw=False, **kwargs):
    """Translatable snippets (lenses, categories, venues, site texts) are live once saved."""
    if raw or not isinstance(instance, TranslatableMixin) or isinstance(instance, Page):
        return
    from wagtail.snippets.models import get_snippet_models

    if sender not in get_snippet_models():
        return
    if _is_translation_source(instance):
        follow_source_change(instance)
