"""The shared page cache: fresh after every change, never private, forms and scripts intact."""

from django.core.cache import cache
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from home import page_cache
from home.models import SiteSettings
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(home_page, site):
    SiteSettings.for_site(site)  # created on first use otherwise, which starts a new generation
    page = StandardPageFactory(parent=home_page, title="La nostra storia", slug="storia")
    page.save_revision().publish()
    return page


def test_second_visit_is_served_from_the_cache_without_queries(
    client, story, django_assert_num_queries
):
    first = client.get(story.url)
    assert first[page_cache.HEADER] == "miss"

    with django_assert_num_queries(0):
        second = client.get(story.url)

    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_head_is_answered_from_the_cache_without_a_body(client, story):
    client.get(story.url)

    response = client.head(story.url)

    assert response[page_cache.HEADER] == "hit"
    assert response.content == b""


def test_publishing_a_change_shows_at_once(client, story, home_page):
    client.get(story.url)
    client.get(home_page.url)

    story.title = "La storia, riveduta"
    story.save_revision().publish()

    response = client.get(story.url)
    assert response[page_cache.HEADER] == "miss"
    assert "La storia, riveduta" in response.text
    assert client.get(home_page.url)[page_cache.HEADER] == "miss", "listings are fresh too"


def test_unpublishing_removes_the_page_at_once(client, story):
    client.get(story.url)

    story.unpublish()

    assert client.get(story.url).status_code == 404


def test_moving_a_page_moves_it_at_once(client, story, home_page):
    section = StandardPageFactory(parent=home_page, title="Archivio", slug="archivio")
    section.save_revision().publish()
    old_url = story.url
    client.get(old_url)

    story.move(section, pos="last-child")

    moved = client.get(old_url)
    assert moved.status_code == 301, "the old address redirects instead of showing the old page"
    assert moved["Location"] == "/archivio/storia/"
    assert client.get("/archivio/storia/").status_code == 200


def test_editing_a_setting_shows_on_every_page(client, story, site):
    client.get(story.url)

    settings_row = SiteSettings.for_site(site)
    settings_row.organisation_name = "Officina Comune Rovereto"
    settings_row.save()

    assert "Officina Comune Rovereto" in client.get(story.url).text


def test_registered_snippets_are_content(client, story):
    from wagtail.snippets.models import get_snippet_models

    content_types = page_cache._invalidating_types()

    assert all(issubclass(model, content_types) for model in get_snippet_models())


def test_saving_a_redirect_makes_pages_fresh(client, story):
    from wagtail.contrib.redirects.models import Redirect

    client.get(story.url)

    Redirect.objects.create(old_path="/storia-vecchia", redirect_page=story)

    assert client.get(story.url)[page_cache.HEADER] == "miss"


def test_other_writes_keep_the_cache(client, story, editor):
    client.get(story.url)

    editor.first_name = "Giulia"
    editor.save()

    assert client.get(story.url)[page_cache.HEADER] == "hit"


def test_a_page_rendered_during_a_change_is_not_stored_as_current(rf, story):
    """A request that read the old content must not file it under the new generation."""
    from django.http import HttpResponse

    def render_while_content_changes(request):
        page_cache.invalidate()  # the change commits while this page is being rendered
        return HttpResponse("<p>contenuto di prima</p>")

    page_cache.PageCacheMiddleware(render_while_content_changes)(rf.get(story.url))

    response = Client().get(story.url)
    assert response[page_cache.HEADER] == "miss"
    assert "contenuto di prima" not in response.text


def test_signed_in_editors_never_share_pages(client, story, editor):
    client.get(story.url)  # now cached for anonymous visitors
    client.force_login(editor)

    response = client.get(story.url)

    assert page_cache.HEADER not in response
    client.logout()
    assert client.get(story.url)[page_cache.HEADER] == "hit"


def test_previews_are_never_cached(client, story, editor):
    client.force_login(editor)

    response = client.get(f"/admin/pages/{story.pk}/view_draft/")

    assert response.status_code == 200
    assert page_cache.HEADER not in response


def test_private_pages_are_never_cached(client, story):
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="segreta"
    )

    for _ in range(2):
        response = client.get(story.url)
        assert "La nostra storia" not in response.text.split("<title>")[-1]
        assert response.get(page_cache.HEADER) != "hit"

    unlocked = Client()
    form_url = response.context["action_url"]
    unlocked.post(form_url, {"password": "segreta", "return_url": story.url})
    response = unlocked.get(story.url)
    assert "La nostra storia" in response.text, "the password unlocked the page"
    assert page_cache.HEADER not in response, "a visitor with a session never shares pages"


@pytest.mark.urls("tests.home.page_cache_urls")
def test_forms_on_cached_pages_get_a_fresh_working_csrf_token():
    first_visitor = Client(enforce_csrf_checks=True)
    first_visitor.get("/form-page/")
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.get("/form-page/")

    assert response[page_cache.HEADER] == "hit"
    assert "private" in response["Cache-Control"], "a CDN must not share a page with a token"
    token = response.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token and page_cache.CSRF_PLACEHOLDER not in response.text
    assert visitor.post("/form/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert visitor.post("/form/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403


@pytest.mark.urls("tests.home.page_cache_urls")
def test_inline_scripts_on_cached_pages_carry_the_nonce_of_their_response(client):
    client.get("/form-page/")

    response = client.get("/form-page/")

    assert response[page_cache.HEADER] == "hit"
    nonce = response.text.split('nonce="')[1].split('"')[0]
    assert nonce and f"'nonce-{nonce}'" in response["Content-Security-Policy"]


@pytest.mark.urls("tests.home.page_cache_urls")
def test_personal_and_cookie_setting_answers_are_not_stored(client):
    for url in ("/personal/", "/cookie/"):
        client.cookies.clear()
        client.get(url)
        client.cookies.clear()
        assert client.get(url).get(page_cache.HEADER) == "miss", url


def test_visitors_with_other_cookies_bypass_the_cache(client, story):
    client.get(story.url)
    client.cookies["sessionid"] = "anything"

    assert page_cache.HEADER not in client.get(story.url)


def test_turned_off_with_zero_seconds(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(story.url)

    assert page_cache.HEADER not in client.get(story.url)
