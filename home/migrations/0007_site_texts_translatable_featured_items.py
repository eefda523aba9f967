"""Translatable site texts and featured items (wagtail-localize).

Site settings cannot be translated (one row per site), so the texts visitors read move to the
``SiteTexts`` snippet, one copy per language; the featured items of the home page become
translatable with it. The settings' texts are copied over here and removed in the next
migration.
"""

import django.db.models.deletion
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

from home.i18n_migrations import add_nullable_translation_fields, populate_inline_translations

MOVED = ["tagline", "newsletter_cta_title", "newsletter_cta_text", "footer_links", "copyright_line"]


def move_texts_to_site_texts(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if locale is None:
        return
    for site_settings in SiteSettings.objects.all():
        if SiteTexts.objects.filter(site_id=site_settings.site_id, locale=locale).exists():
            continue
        values = {name: getattr(site_settings, name) for name in MOVED}
        values["footer_links"] = site_settings.footer_links.raw_data
        SiteTexts.objects.create(site_id=site_settings.site_id, locale=locale, **values)


def move_texts_back(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    SiteTexts = apps.get_model("home", "SiteTexts")
    for site_settings in SiteSettings.objects.all():
        texts = (
            SiteTexts.objects.filter(site_id=site_settings.site_id)
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .first()
        )
        if texts is None:
            continue
        for name in MOVED:
            value = getattr(texts, name)
            setattr(site_settings, name, value.raw_data if name == "footer_links" else value)
        site_settings.save()


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0006_treasury_group'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        *add_nullable_translation_fields("homepagefeatureditem"),
        migrations.CreateModel(
            name='SiteTexts',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('tagline', models.CharField(blank=True, max_length=200, verbose_name='Motto')),
                ('newsletter_cta_title', models.CharField(blank=True, max_length=120, verbose_name="Titolo dell'invito alla newsletter")),
                ('newsletter_cta_text', models.TextField(blank=True, max_length=400, verbose_name="Testo dell'invito alla newsletter")),
                ('footer_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Pagina del sito', 'required': False}), 1: ('wagtail.blocks.URLBlock', (), {'label': 'Indirizzo esterno', 'required': False}), 2: ('wagtail.blocks.CharBlock', (), {'label': 'Testo', 'max_length': 80}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('url', 1), ('text', 2)]], {})}, verbose_name='Collegamenti nel piè di pagina')),
                ('copyright_line', models.CharField(blank=True, max_length=200, verbose_name='Riga del copyright')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='Sito')),
            ],
            options={
                'verbose_name': 'Testi del sito',
                'verbose_name_plural': 'Testi del sito',
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('site', 'locale'), name='home_sitetexts_one_per_locale')],
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        populate_inline_translations("home", "homepagefeatureditem", parent_field="home_page"),
        migrations.RunPython(move_texts_to_site_texts, move_texts_back),
    ]
