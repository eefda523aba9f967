"""Events' inline objects (speakers, live-stream links, documents) become translatable with
their event, and venues become a translatable snippet (wagtail-localize). Existing rows take
their page's locale (venues the default one); the fields become required in the next
migration."""

from django.db import migrations
from wagtail.models.i18n import BootstrapTranslatableModel

from home.i18n_migrations import add_nullable_translation_fields, populate_inline_translations

MODELS = ['eventspeaker', 'eventstreamlink', 'eventdocument']


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0007_event_related_process"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *[operation for model in [*MODELS, "venue"] for operation in add_nullable_translation_fields(model)],
        *[populate_inline_translations("events", model) for model in MODELS],
        BootstrapTranslatableModel("events.Venue"),
    ]
