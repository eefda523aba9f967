"""Finish the move of the site texts: featured items require their translation fields, and
the settings no longer hold the texts copied to ``SiteTexts``."""

from django.db import migrations

from home.i18n_migrations import require_translation_fields


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0007_site_texts_translatable_featured_items'),
    ]

    operations = [
        *require_translation_fields("homepagefeatureditem"),
        migrations.RemoveField(model_name='sitesettings', name='copyright_line'),
        migrations.RemoveField(model_name='sitesettings', name='footer_links'),
        migrations.RemoveField(model_name='sitesettings', name='newsletter_cta_text'),
        migrations.RemoveField(model_name='sitesettings', name='newsletter_cta_title'),
        migrations.RemoveField(model_name='sitesettings', name='tagline'),
    ]
