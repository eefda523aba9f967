"""Inline objects of the program's pages become translatable with their pages (wagtail-localize):
phases and links of processes, themes of the program, status entries and documents of council
acts, questions of contribution forms. Existing rows take their page's locale here; the fields
become required in the next migration."""

from django.db import migrations

from home.i18n_migrations import add_nullable_translation_fields, populate_inline_translations

MODELS = ['processphase', 'processlink', 'programtheme', 'councilactstatus', 'councilactdocument', 'contributionformfield']


class Migration(migrations.Migration):

    dependencies = [
        ("program", "0008_contribution_forms"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[operation for model in MODELS for operation in add_nullable_translation_fields(model)],
        *[populate_inline_translations("program", model) for model in MODELS],
    ]
