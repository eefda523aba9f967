"""Composing a newsletter: page types, e-mail rendering, preview modes, archive and feeds."""

import email
from xml.etree import ElementTree

from django.core import mail
from django.urls import reverse

import pytest

from home.models import HomePage, StandardPage
from newsletter.models import NewsletterIndexPage, NewsletterPage, NewsletterSettings
from newsletter.rendering import html_to_text

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert NewsletterIndexPage.can_create_at(HomePage())
    assert NewsletterPage.can_create_at(NewsletterIndexPage())
    assert not NewsletterPage.can_create_at(HomePage())
    assert not NewsletterPage.can_create_at(StandardPage())
    assert NewsletterPage.allowed_subpage_models() == []


def test_email_html_is_inlined_absolute_and_complete(newsletter_page, linked_page):
    rendered = newsletter_page.render_email()
    html = rendered.html
    assert rendered.subject == "Novembre in piazza"
    # CSS is inlined on the elements (mail clients drop <style> blocks)...
    assert '<h1 style="' in html
    assert "background-color: #a2331c" in html
    # ...but the responsive rule survives for clients that honour it.
    assert "@media only screen" in html
    # Every link is absolute: internal page links in rich text, buttons, page lists.
    assert 'href="/' not in html and 'src="/' not in html
    assert f'href="http://testserver{linked_page.url}"' in html
    assert "Via della Prova 1" in html
    assert "Bilancio, mozioni e appuntamenti" in html  # preheader
    assert "%%PIAZZA_UNSUBSCRIBE_URL%%" in html and "%%PIAZZA_MANAGE_URL%%" in html


def test_plain_text_alternative_comes_from_the_same_content(newsletter_page, linked_page):
    text = newsletter_page.render_email().text
    assert "NOVITÀ DAL CONSIGLIO" in text
    assert f"bilancio (http://testserver{linked_page.url})" in text
    assert "- primo punto" in text
    assert f"Partecipa: http://testserver{linked_page.url}" in text
    assert "<" not in text.replace("<http", "")
    assert "Via della Prova 1" in text
    assert "Annulla l'iscrizione: %%PIAZZA_UNSUBSCRIBE_URL%%" in text


def test_personal_links_are_filled_in_and_escaped(newsletter_page):
    html, text = newsletter_page.render_email().personalise(
        unsubscribe_url="https://example.org/u/abc?x=1&y=2", manage_url="https://example.org/m/"
    )
    assert 'href="https://example.org/u/abc?x=1&amp;y=2"' in html
    assert "https://example.org/u/abc?x=1&y=2" in text
    assert "%%PIAZZA" not in html + text


def test_image_block_keeps_alt_text(newsletter_page):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Piazza", file=get_test_image_file())
    newsletter_page.body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Persone in piazza", "decorative": False},
                "caption": "L'assemblea",
                "credit": "",
            },
        }
    ]
    rendered = newsletter_page.render_email()
    assert 'alt="Persone in piazza"' in rendered.html
    assert 'src="http://testserver/media/images/' in rendered.html
    assert "[Persone in piazza]" in rendered.text


def test_rich_text_to_plain_text():
    text = html_to_text(
        "<h3>Titolo</h3><p>Uno <a href='https://x.org/'>link</a> &amp; altro.</p>"
        "<ol><li>a</li><li>b</li></ol>"
    )
    assert text == "Titolo\n\nUno link (https://x.org/) & altro.\n\n1. a\n2. b"


def _preview(client, page, mode):
    """Drive Wagtail's preview panel: post the edit form, then load the chosen mode."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    body = []
    for block in page.body.raw_data:
        if block["type"] == "heading":
            body.append(("heading", block["value"]))
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "subject": "Oggetto in anteprima",
            "preheader": page.preheader,
            "body": streamfield(body),
        }
    )
    response = client.post(url, data)
    assert response.json()["is_valid"], response.json()
    return client.get(url, {"mode": mode})


def test_preview_modes_show_the_email_and_the_text(client, editor, newsletter_page):
    client.force_login(editor)
    response = _preview(client, newsletter_page, "email")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Oggetto in anteprima" in content
    assert '<h1 style="' in content
    response = _preview(client, newsletter_page, "text")
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("Oggetto: Oggetto in anteprima")


def test_archive_lists_published_issues_and_hides_drafts(
    client, newsletter_index, newsletter_page, django_assert_max_num_queries
):
    for number in range(5):
        issue = NewsletterPage(title=f"Numero {number}", slug=f"numero-{number}", body=[])
        newsletter_index.add_child(instance=issue)
        issue.save_revision().publish()
    draft = NewsletterPage(title="Bozza", slug="bozza", body=[], live=False)
    newsletter_index.add_child(instance=draft)
    # The count does not grow with the number of issues listed (lenses: one prefetch query;
    # the sign-up form's public lists: one query, on a cold cache only).
    with django_assert_max_num_queries(20):
        response = client.get(newsletter_index.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Novembre in piazza" in content
    assert "Bozza" not in content
    assert 'type="application/rss+xml"' in content


def test_web_version_has_no_personal_links(client, newsletter_page):
    response = client.get(newsletter_page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Novità dal consiglio" in content
    assert "PIAZZA_UNSUBSCRIBE" not in content
    assert "Annulla l'iscrizione" not in content


@pytest.mark.parametrize("suffix,item_tag", [("feed/", "item"), ("feed/atom/", "entry")])
def test_feeds(client, newsletter_index, newsletter_page, suffix, item_tag):
    response = client.get(newsletter_index.url + suffix)
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314  (our own output)
    items = [el for el in tree.iter() if el.tag.split("}")[-1] == item_tag]
    assert len(items) == 1
    assert b"Novembre in piazza" in response.content
    assert b"http://testserver/archivio/novembre/" in response.content


def test_test_send_reaches_editor_and_test_addresses(client, editor, newsletter_page, site):
    NewsletterSettings.objects.update_or_create(
        site=site, defaults={"test_recipients": "prova1@example.org\nprova2@example.org"}
    )
    client.force_login(editor)
    edit_response = client.get(reverse("wagtailadmin_pages:edit", args=[newsletter_page.pk]))
    test_url = reverse("newsletter_test_send", args=[newsletter_page.pk])
    assert test_url in edit_response.content.decode()
    page = client.get(test_url)
    assert "prova2@example.org" in page.content.decode()
    response = client.post(test_url)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "prova1@example.org",
        "prova2@example.org",
        editor.email,
    ]
    message = mail.outbox[0]
    assert message.subject == "[PROVA] Novembre in piazza"
    assert message.extra_headers["X-Piazza-Test"] == "yes"
    assert "List-Unsubscribe" not in message.extra_headers
    parsed = email.message_from_bytes(message.message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    assert "Officina Comune" in parsed["From"]


def test_test_send_uses_the_latest_draft(client, editor, newsletter_page):
    draft = newsletter_page.get_latest_revision_as_object()
    draft.subject = "Oggetto ancora in bozza"
    draft.save_revision()
    client.force_login(editor)
    client.post(reverse("newsletter_test_send", args=[newsletter_page.pk]))
    assert mail.outbox[0].subject == "[PROVA] Oggetto ancora in bozza"


def test_test_send_needs_edit_permission(client, newsletter_page):
    from tests.factories.users import UserFactory

    outsider = UserFactory(username="esterno", is_staff=False)
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.post(reverse("newsletter_test_send", args=[newsletter_page.pk]))
    assert response.status_code == 403
    assert mail.outbox == []


def test_lens_block_lists_the_latest_pages_carrying_the_lens(newsletter_page, home_page):
    from home.models import StandardPage
    from program.models import Lens

    lens = Lens.objects.create(name="Ecologia", slug="ecologia", short_description="Verde")
    other = Lens.objects.create(name="Lavoro", slug="lavoro", short_description="Lavoro")
    pages = []
    for number, chosen in enumerate([lens, lens, other, lens]):
        page = StandardPage(title=f"Pagina {number}", slug=f"pagina-{number}")
        home_page.add_child(instance=page)
        page.lenses.add(chosen)
        page.save_revision().publish()
        pages.append(page)
    newsletter_page.lenses.add(lens)
    newsletter_page.body = [
        {
            "type": "lens_pages",
            "value": {"heading": "Ecologia", "lens": lens.pk, "count": 2},
        }
    ]
    rendered = newsletter_page.render_email()
    assert "Pagina 3" in rendered.html and "Pagina 1" in rendered.html
    assert "Pagina 0" not in rendered.html and "Pagina 2" not in rendered.html
    assert "- Pagina 3" in rendered.text


def test_archive_shows_lens_badges_without_a_query_per_issue(
    client, newsletter_index, newsletter_page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from program.models import Lens

    ecology = Lens.objects.create(name="Ecologia", slug="ecologia", short_description="Verde")
    work = Lens.objects.create(name="Lavoro", slug="lavoro", short_description="Lavoro")
    newsletter_page.lenses.add(ecology)
    newsletter_page.save_revision().publish()

    def add_issues(numbers):
        for number in numbers:
            issue = NewsletterPage(title=f"Numero {number}", slug=f"numero-{number}", body=[])
            newsletter_index.add_child(instance=issue)
            issue.lenses.add(work, ecology)
            issue.save_revision().publish()

    def archive():
        client.get(newsletter_index.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(newsletter_index.url)
        return response, len(queries)

    add_issues(range(1))
    _response, few = archive()
    add_issues(range(1, 6))
    response, many = archive()
    assert many == few  # the badges of every issue come from one prefetch
    content = response.content.decode()
    assert content.count('class="lens-badges"') == 7
    assert content.count(">Lavoro</span>") == 6
    # The reverse accessor lens pages use to list newsletters.
    assert set(ecology.newsletter_pages.live()) >= {newsletter_page.page_ptr.specific}
