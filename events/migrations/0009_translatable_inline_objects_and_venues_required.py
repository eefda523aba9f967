"""Events' inline objects and venues: translation fields required, as TranslatableMixin
declares them."""

from django.db import migrations

from home.i18n_migrations import require_translation_fields

MODELS = ['eventspeaker', 'eventstreamlink', 'eventdocument']


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0008_translatable_inline_objects_and_venues"),
    ]

    operations = [
        *[operation for model in [*MODELS, "venue"] for operation in require_translation_fields(model)],
    ]
