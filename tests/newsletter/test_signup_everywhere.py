"""The sign-up form in the footer, on the home page, in the archive and as a page block."""

import re

from django.core import mail
from django.test import Client

import pytest

from home.blocks import BaseStreamBlock, NewsletterSignupBlock
from home.models import SiteTexts, StandardPage
from newsletter.models import MailingList, Subscriber
from tests.newsletter.browser import find_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(home_page, public_lists):
    page = StandardPage(title="La nostra storia", slug="storia", intro="Come siamo nati.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_every_page_has_the_form_in_its_footer(client, story, site_settings):
    SiteTexts.objects.create(
        site=site_settings.site, newsletter_cta_title="Iscriviti alla newsletter"
    )
    html = client.get("/storia/").text
    footer = html.split('class="site-footer"')[1]
    assert "Iscriviti alla newsletter" in footer
    assert 'action="/newsletter/iscriviti/"' in footer
    assert 'name="csrfmiddlewaretoken"' not in footer
    assert 'id="nl-footer-email"' in footer
    assert 'name="source" value="/storia/"' in footer


def test_a_visitor_subscribes_from_the_footer(client, story, public_lists):
    page = client.get("/storia/")
    data = find_form(page, "/newsletter/iscriviti/").values()
    data.update({"email": ["giulia@example.org"], "consent": ["on"]})
    response = client.post("/newsletter/iscriviti/", data, follow=True)
    assert "Controlla la tua casella di posta" in response.text
    assert Subscriber.objects.get().subscriptions.get().mailing_list == public_lists["newsletter"]
    assert Subscriber.objects.get().consent_events.get().source == "modulo:/storia/"
    assert len(mail.outbox) == 1


def test_the_home_page_shows_one_form_not_two(client, public_lists, home_page):
    html = client.get("/").text
    assert html.count('action="/newsletter/iscriviti/"') == 1
    assert 'id="nl-home-email"' in html
    assert 'id="nl-footer-email"' not in html


def test_pages_with_the_form_set_no_cookie_and_stay_publicly_cacheable(story, settings):
    settings.PAGE_CACHE_SECONDS = 60
    miss = Client().get("/storia/")
    hit = Client().get("/storia/")
    assert 'action="/newsletter/iscriviti/"' in miss.text
    assert not miss.cookies and not hit.cookies
    assert hit["X-Page-Cache"] == "hit"
    assert "private" not in hit["Cache-Control"]
    # The cached form works for the next visitor, with Django's CSRF checks on.
    checked = Client(enforce_csrf_checks=True)
    page = checked.get("/storia/")
    data = find_form(page, "/newsletter/iscriviti/").values()
    data.update({"email": ["giulia@example.org"], "consent": ["on"]})
    assert checked.post("/newsletter/iscriviti/", data).status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_a_sign_up_posted_from_another_site_is_refused(story, public_lists, headers):
    data = {
        "email": "giulia@example.org",
        "consent": "on",
        "lists": [public_lists["newsletter"].pk],
    }
    response = Client().post("/newsletter/iscriviti/", data, **headers)
    assert response.status_code == 403
    assert "Modulo non accettato" in response.text
    assert not Subscriber.objects.exists() and not mail.outbox


def test_a_sign_up_from_this_site_is_accepted(story, public_lists):
    data = find_form(Client().get("/storia/"), "/newsletter/iscriviti/").values()
    data.update({"email": ["giulia@example.org"], "consent": ["on"]})
    response = Client().post(
        "/newsletter/iscriviti/",
        data,
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    assert Subscriber.objects.count() == 1


def test_changing_a_list_refreshes_the_forms_of_cached_pages(client, story, public_lists, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/storia/")
    MailingList.objects.filter(pk=public_lists["events"].pk).update(name="Vecchio nome")
    public_lists["events"].name = "Incontri aperti"
    public_lists["events"].save()
    html = Client().get("/storia/").text
    assert "Incontri aperti" in html


def test_no_form_without_public_lists(client, home_page):
    assert 'action="/newsletter/iscriviti/"' not in client.get("/").text


def test_the_block_renders_the_real_form_with_the_chosen_lists(rf, public_lists, site):
    events = public_lists["events"]
    block = NewsletterSignupBlock()
    value = block.to_python(
        {"heading": "Resta in contatto", "text": "Ogni mese.", "lists": [str(events.pk)]}
    )
    request = rf.get("/una-pagina/")
    html = block.render(value, context={"request": request})
    assert "<h2" in html and "Resta in contatto" in html
    assert 'action="/newsletter/iscriviti/"' in html
    assert "Eventi e assemblee" in html
    assert "Una e-mail al mese" not in html  # the newsletter list is not offered here
    assert 'name="source" value="/una-pagina/"' in html
    assert "block-newsletter" in html


def test_two_blocks_on_a_page_have_distinct_ids(story, public_lists):
    story.body = [
        ("newsletter_signup", {"heading": "Prima", "text": "", "lists": []}),
        ("newsletter_signup", {"heading": "Seconda", "text": "", "lists": []}),
    ]
    story.save_revision().publish()
    html = Client().get("/storia/").text
    ids = re.findall(r'id="(nl-block[^"]*-email)"', html)
    assert ids == ["nl-block-email", "nl-block-2-email"]
    assert 'id="nl-footer-email"' not in html


def test_the_block_is_in_the_shared_library_and_offers_public_lists(public_lists):
    assert isinstance(BaseStreamBlock().child_blocks["newsletter_signup"], NewsletterSignupBlock)
    choices = NewsletterSignupBlock().child_blocks["lists"].field.choices
    labels = [label for _value, label in choices]
    assert "Newsletter" in labels and "Eventi e assemblee" in labels and "Soci" not in labels
