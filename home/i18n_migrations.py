"""Migration operations that make existing inline objects translatable with wagtail-localize.

A page's inline objects (phases, speakers, featured items…) are translated with the page only
when their model inherits ``TranslatableMixin``, which adds ``locale`` and ``translation_key``.
Rows that exist already get them in three steps, each its own migration so that PostgreSQL
never alters a table with pending deferred constraint checks:

1. ``add_nullable_translation_fields(model)``: the two columns, empty;
2. ``populate_inline_translations(app_label, model)``: each row takes its page's locale; rows of
   pages that are translations of one another share a translation key by position, so that
   wagtail-localize recognises them as the same object in two languages;
3. ``require_translation_fields(model)``: the columns become required and unique together, as
   ``TranslatableMixin`` declares them.
"""

import uuid
from collections import defaultdict

from django.conf import settings
from django.db import migrations, models


def add_nullable_translation_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]


def populate_inline_translations(app_label, model_name, parent_field="page"):
    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        page_model = apps.get_model("wagtailcore", "Page")
        locale_model = apps.get_model("wagtailcore", "Locale")
        parent_id = f"{parent_field}_id"
        order = [parent_id, "sort_order", "pk"] if hasattr(model, "sort_order") else [parent_id]
        rows = list(model.objects.filter(translation_key__isnull=True).order_by(*order))
        if not rows:
            return
        by_page = defaultdict(list)
        for row in rows:
            by_page[getattr(row, parent_id)].append(row)
        pages = {
            pk: (locale_id, key)
            for pk, locale_id, key in page_model.objects.filter(pk__in=by_page).values_list(
                "pk", "locale_id", "translation_key"
            )
        }
        default_locale = (
            locale_model.objects.filter(language_code=settings.LANGUAGE_CODE)
            .values_list("pk", flat=True)
            .first()
        )
        shared_keys = {}
        # Originals first, so the default language's rows set the keys translations share.
        for page_id in sorted(by_page, key=lambda pk: (pages[pk][0] != default_locale, pk)):
            locale_id, page_key = pages[page_id]
            for position, row in enumerate(by_page[page_id]):
                row.locale_id = locale_id
                row.translation_key = shared_keys.setdefault((page_key, position), uuid.uuid4())
        model.objects.bulk_update(rows, ["locale", "translation_key"], batch_size=500)

    return migrations.RunPython(forwards, migrations.RunPython.noop)


def require_translation_fields(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name=model_name,
            unique_together={("translation_key", "locale")},
        ),
    ]
