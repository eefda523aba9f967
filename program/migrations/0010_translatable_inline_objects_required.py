"""Inline objects of the program's pages: translation fields required, as TranslatableMixin
declares them."""

from django.db import migrations

from home.i18n_migrations import require_translation_fields

MODELS = ['processphase', 'processlink', 'programtheme', 'councilactstatus', 'councilactdocument', 'contributionformfield']


class Migration(migrations.Migration):

    dependencies = [
        ("program", "0009_translatable_inline_objects"),
    ]

    operations = [
        *[operation for model in MODELS for operation in require_translation_fields(model)],
    ]
