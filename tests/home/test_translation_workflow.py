"""Italian and English end to end: editors translate with wagtail-localize's own admin views,
visitors read the site chrome, dates and e-mails in their language."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Page

import pytest
from bs4 import BeautifulSoup

from home.models import SiteSettings, SiteTexts
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def story(home_page):
    page = StandardPageFactory(parent=home_page, title="La nostra storia", slug="storia")
    page.save_revision().publish()
    return page


def _submit(client, page, locale):
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302, response.content[:500]
    return page.get_translation(locale)


def _translate_strings(client, translated_page, translations):
    """Type each English sentence in wagtail-localize's editor (its PUT endpoint)."""
    from wagtail_localize.models import StringSegment, Translation

    translation_obj = Translation.objects.get(
        source__object_id=translated_page.translation_key,
        target_locale=translated_page.locale,
    )
    segments = StringSegment.objects.filter(source=translation_obj.source).select_related("string")
    typed = 0
    for segment in segments:
        english_text = translations.get(segment.string.data, segment.string.data)
        response = client.put(
            reverse(
                "wagtail_localize:edit_string_translation",
                args=[translation_obj.pk, segment.pk],
            ),
            urlencode({"value": english_text}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content[:300]
        typed += 1
    return translation_obj, typed


def test_an_editor_translates_a_page_in_the_admin_and_publishes_it(
    client, editor, home_page, story, english, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    english_home = _submit(client, home_page, english)
    english_story = _submit(client, story, english)
    assert english_story.locale == english and not english_story.live

    # The English draft opens in wagtail-localize's translation editor.
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_story.pk])
    editor_page = client.get(edit_url)
    assert editor_page.status_code == 200
    assert b'class="js-translation-editor"' in editor_page.content

    _translation, typed = _translate_strings(
        client, english_story, {"La nostra storia": "Our story", "storia": "our-story"}
    )
    assert typed >= 2
    _translate_strings(client, english_home, {"Officina Comune": "Officina Comune"})
    for page in (english_home, english_story):
        # wagtail-localize publishes once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
            )
        assert response.status_code == 302, response.content[:500]
        messages = [str(m) for m in response.wsgi_request._messages]
        assert not [m for m in messages if "error" in m.lower()], messages

    english_story.refresh_from_db()
    assert english_story.live and english_story.title == "Our story"
    client.logout()
    response = client.get(english_story.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "Our story"
    assert english_story.url.startswith("/en/")


def test_editors_see_what_is_out_of_date_after_the_italian_changes(
    client, editor, home_page, story, english, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    english_home = _submit(client, home_page, english)
    english_story = _submit(client, story, english)
    translation_obj, _typed = _translate_strings(
        client, english_story, {"La nostra storia": "Our story", "storia": "our-story"}
    )
    _translate_strings(client, english_home, {"Officina Comune": "Officina Comune"})
    for page in (english_home, english_story):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})
    english_story.refresh_from_db()
    assert english_story.live
    total, done = translation_obj.get_progress()
    assert total == done

    with django_capture_on_commit_callbacks(execute=True):
        story.title = "La storia di Officina Comune"
        story.save_revision().publish()

    translation_obj.refresh_from_db()
    total, done = translation_obj.get_progress()
    assert done < total, "the new Italian sentence waits for its translation"
    english_story.refresh_from_db()
    assert english_story.title == "Our story", "no Italian leaks into the live English page"
    report = client.get(reverse("wagtail_localize:translations_report"))
    assert report.status_code == 200


def test_dates_and_times_are_written_per_language():
    from events.templatetags.events_tags import event_when

    class Event:
        all_day = False
        start = timezone.make_aware(datetime.datetime(2021, 12, 1, 18, 0))
        end = timezone.make_aware(datetime.datetime(2021, 12, 1, 19, 30))

    with translation.override("it"):
        assert event_when(Event) == "mercoledì 1 dicembre 2021, 18:00–19:30"
    with translation.override("en"):
        assert event_when(Event) == "Wednesday 1 December 2021, 6–7:30 pm"

    Event.start = timezone.make_aware(datetime.datetime(2021, 12, 1, 11, 0))
    Event.end = timezone.make_aware(datetime.datetime(2021, 12, 1, 13, 15))
    with translation.override("en"):
        assert event_when(Event) == "Wednesday 1 December 2021, 11 am–1:15 pm"
    with translation.override("it"):
        assert event_when(Event) == "mercoledì 1 dicembre 2021, 11:00–13:15"

    Event.end = timezone.make_aware(datetime.datetime(2021, 12, 3, 12, 0))
    with translation.override("en"):
        assert event_when(Event) == (
            "from Wednesday 1 December 2021 at 11 am to Friday 3 December 2021 at 12 pm"
        )


def test_numbers_are_written_per_language():
    from django.utils.formats import number_format

    with translation.override("it"):
        assert number_format(1234.5, 2, force_grouping=True) == "1.234,50"
    with translation.override("en"):
        assert number_format(1234.5, 2, force_grouping=True) == "1,234.50"


@pytest.fixture
def texts(site, english):
    italian = SiteTexts.objects.create(
        site=site,
        tagline="Una città che partecipa",
        copyright_line="© Officina Comune, tutti i diritti riservati",
    )
    italian_texts = italian
    english_texts = italian_texts.copy_for_translation(english)
    english_texts.tagline = "A city that takes part"
    english_texts.copyright_line = "© Officina Comune, all rights reserved"
    english_texts.save()
    return italian_texts, english_texts


def test_site_texts_follow_the_language_and_load_with_the_settings(
    rf, site, texts, english, django_assert_num_queries
):
    from django.core.cache import cache

    from home.translation import active_locale_id

    SiteSettings.for_site(site)  # the settings row exists, as on any running site
    cache.clear()
    locale_ids = dict(Locale.objects.values_list("language_code", "pk"))
    for language, tagline in (("it", "Una città che partecipa"), ("en", "A city that takes part")):
        with translation.override(language):
            request = rf.get("/")
            request._wagtail_site = site
            with django_assert_num_queries(1):
                settings = SiteSettings.for_request(request)
                assert settings.texts.tagline == tagline
                # The locale of the language came with the settings: no query of its own.
                assert active_locale_id() == locale_ids[language]


def test_site_texts_fall_back_to_italian(rf, site, english):
    SiteTexts.objects.create(site=site, tagline="Una città che partecipa")
    with translation.override("en"):
        request = rf.get("/")
        request._wagtail_site = site
        assert SiteSettings.for_request(request).texts.tagline == "Una città che partecipa"


def test_english_pages_show_the_english_chrome(client, home_page, story, texts, english):
    english_home = home_page.copy_for_translation(english)
    english_home.save_revision().publish()
    english_story = story.copy_for_translation(english)
    english_story.title = "Our story"
    english_story.save_revision().publish()

    html = client.get(english_story.url).text
    assert "all rights reserved" in html
    assert "tutti i diritti riservati" not in html
    italian_html = client.get(story.url).text
    assert "tutti i diritti riservati" in italian_html
    assert "all rights reserved" not in italian_html
    assert Page.objects.filter(locale=english).count() == 2
