"""Navigation, breadcrumbs, footer, settings and error pages as a visitor sees them."""

from django.core.cache import cache

from wagtail.models import Site

import pytest

from home.models import SiteSettings, SiteTexts, StandardPage
from home.translation import active_locale_id

pytestmark = pytest.mark.django_db

# Site, locale, page, view restrictions (2), settings, translations (hreflang), menu (2),
# featured pages. Other apps add their home-page sections with a query or two each.
HOME_PAGE_QUERIES = 10


@pytest.fixture
def pages(home_page, site):
    about = StandardPage(title="Chi siamo", slug="chi-siamo", show_in_menus=True)
    home_page.add_child(instance=about)
    about.save_revision().publish()
    history = StandardPage(title="La nostra storia", slug="storia", show_in_menus=True)
    home_page.add_child(instance=history)
    history.save_revision().publish()
    values = StandardPage(title="I nostri valori", slug="valori")
    about.add_child(instance=values)
    values.save_revision().publish()
    hidden = StandardPage(title="Bozza segreta", slug="bozza", show_in_menus=True, live=False)
    home_page.add_child(instance=hidden)
    privacy = StandardPage(title="Informativa privacy", slug="privacy")
    home_page.add_child(instance=privacy)
    privacy.save_revision().publish()
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Officina Comune"
    settings.contact_email = "info@example.org"
    settings.postal_address = "Piazza del Podestà 1\n38068 Rovereto"
    settings.privacy_page = privacy
    settings.save()
    SiteTexts.objects.create(site=site, newsletter_cta_title="Iscriviti alla newsletter")
    return {"about": about, "history": history, "values": values, "privacy": privacy}


def test_main_menu_lists_live_pages_marked_for_menus(client, pages):
    html = client.get("/").text
    assert 'href="/chi-siamo/"' in html
    assert 'href="/storia/"' in html
    assert "Bozza segreta" not in html
    assert "Informativa privacy" in html  # footer, not the menu
    nav = html.split('id="site-nav"')[1].split("</nav>")[0]
    assert "Informativa privacy" not in nav


def test_current_section_is_marked_and_breadcrumbs_lead_home(client, pages):
    html = client.get("/chi-siamo/valori/").text
    assert 'class="is-ancestor">Chi siamo' in html
    crumbs = html.split('class="breadcrumbs')[1].split("</nav>")[0]
    assert 'href="/"' in crumbs
    assert 'href="/chi-siamo/"' in crumbs
    assert 'aria-current="page">I nostri valori' in crumbs


def test_footer_shows_organisation_contacts_and_legal_pages(client, pages):
    html = client.get("/storia/").text
    footer = html.split('class="site-footer"')[1]
    assert "Officina Comune" in footer
    assert "mailto:info@example.org" in footer
    assert "Piazza del Podestà 1<br>38068 Rovereto" in footer
    assert 'href="/privacy/"' in footer


def test_skip_link_and_landmarks(client, pages):
    html = client.get("/chi-siamo/").text
    assert '<html lang="it">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1


def test_home_page_query_count_is_pinned(client, pages, django_assert_max_num_queries):
    client.get("/")  # warm the site-root-paths cache as a running site would have it
    with django_assert_max_num_queries(HOME_PAGE_QUERIES):
        response = client.get("/")
    assert response.status_code == 200


def test_settings_are_read_with_one_query(rf, site, pages, django_assert_num_queries):
    request = rf.get("/")
    Site.find_for_request(request)  # resolved once per request by Wagtail's page serving
    active_locale_id()  # looked up once per content generation, whatever the page
    with django_assert_num_queries(1):
        settings = SiteSettings.for_request(request)
        assert settings.privacy_page.title == "Informativa privacy"
        assert settings.legal_pages


def test_query_count_does_not_grow_with_menu_size(
    client, home_page, pages, django_assert_max_num_queries
):
    cache.clear()
    client.get("/")
    with django_assert_max_num_queries(10) as baseline:
        client.get("/")
    baseline_count = len(baseline)  # read now: the next request resets the query log
    for index in range(8):
        extra = StandardPage(title=f"Sezione {index}", slug=f"sezione-{index}", show_in_menus=True)
        home_page.add_child(instance=extra)
        extra.save_revision().publish()
    client.get("/")
    with django_assert_max_num_queries(baseline_count):
        html = client.get("/").text
    assert "Sezione 7" in html


def test_unknown_url_gets_the_styled_404(client, pages):
    response = client.get("/questa-pagina-non-esiste/")
    assert response.status_code == 404
    html = response.text
    assert "Pagina non trovata" in html
    assert 'id="site-nav"' in html  # the site's own layout, not Django's bare page
    assert 'action="/search/"' in html


def test_robots_and_sitemap(client, pages):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /admin/" in robots.text
    assert "Sitemap: http://testserver/sitemap.xml" in robots.text
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert b"/chi-siamo/" in sitemap.content
    assert b"/bozza/" not in sitemap.content


def test_sitemap_lists_every_language_and_no_private_page(client, pages):
    from wagtail.models import Locale, PageViewRestriction

    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = pages["about"].copy_for_translation(english, copy_parents=True)
    translation.title = "About us"
    translation.slug = "about-us"
    translation.save_revision().publish()
    PageViewRestriction.objects.create(
        page=pages["history"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    sitemap = client.get("/sitemap.xml").text
    assert "/chi-siamo/" in sitemap
    assert "/en/about-us/" in sitemap
    assert "/storia/" not in sitemap
