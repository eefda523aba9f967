"""Hostile input typed by editors: scripts, ``javascript:`` links in rich text, template syntax
(``{{ settings.SECRET_KEY }}``, ``{% debug %}``), attribute breakouts and RTL overrides, in every
field and block of every page type, snippet and site setting, submitted through the Wagtail
admin's own forms. Everything stays inert on the public site, in previews, in the newsletter
e-mail and in admin listings, and is never evaluated as a template. Null bytes and very long
strings get a message, never an error page."""

import ast
from pathlib import Path
from urllib.parse import quote_from_bytes, urlencode

from django.apps import apps

from wagtail.blocks.base import BlockField

import pytest

from tests.security.hostile import MARK, Filler, evaluation_signs, inertness_problems
from tests.security.world import build_world, make_users

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ("home", "program", "events", "newsletter", "search", "config")


@pytest.fixture
def world(home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world = build_world(home_page)
    world.users = make_users()
    return world


@pytest.fixture
def editor_client(client, world):
    client.force_login(world.users["editor"])
    return client


def page_types(world):
    """Every page type an editor may add, with the parent the world gives it."""
    for label, page in world.pages.items():
        model = apps.get_model(label)
        if label == "home.HomePage":
            continue
        yield label, model, page.get_parent()


def submit_until_valid(client, url, build, *, attempts=8):
    """Post ``build(plain, skip)``; while the form refuses fields, fill those plainly (or leave
    the refused blocks out) and post again. Returns the response and what was given up."""
    plain, skip, omit = set(), {}, set()
    response = None
    for _attempt in range(attempts):
        response = client.post(url, build(plain, skip, omit))
        assert response.status_code != 500
        if response.status_code in (301, 302):
            return response, plain, skip, omit
        form = response.context["form"]
        progress = False
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            if isinstance(field, BlockField) and name not in plain:
                error = errors.as_data()[0]
                block_errors = getattr(error, "block_errors", None) or {}
                kept = [
                    child for child in field.block.child_blocks if child not in skip.get(name, ())
                ]
                dropped = {kept[int(index)] for index in block_errors if int(index) < len(kept)}
                if dropped:
                    skip.setdefault(name, set()).update(dropped)
                    progress = True
                    continue
            if name not in plain:
                plain.add(name)
                progress = True
            elif name not in omit:  # refused even when ordinary: leave it empty
                omit.add(name)
                progress = True
        for name, formset in getattr(form, "formsets", {}).items():
            if not (formset.total_error_count() or formset.non_form_errors()):
                continue
            if name not in plain:
                plain.add(name)
                progress = True
                continue
            for item_errors in formset.errors:
                for child_name in item_errors:
                    if f"{name}.{child_name}" not in omit:
                        omit.add(f"{name}.{child_name}")
                        progress = True
        if not progress:
            break
    errors = response.context["form"].errors if response.context else {}
    raise AssertionError(f"{url}: the form never accepted the data: {errors}")


def assert_inert(response, where):
    assert response.status_code == 200, (where, response.status_code)
    html = response.content.decode()
    problems = inertness_problems(html)
    assert not problems, f"{where}: {problems}"
    return html


def test_every_page_type_keeps_hostile_input_inert(editor_client, world):
    given_up = {}
    for label, model, parent in page_types(world):
        app_label, model_name = label.lower().split(".")
        existing = world.pages[label]
        if model.can_create_at(parent):
            url = f"/admin/pages/add/{app_label}/{model_name}/{parent.pk}/"
        else:  # one per parent (max_count): the editor edits the one there is
            url = f"/admin/pages/{existing.pk}/edit/"
        form_class = model.get_edit_handler().get_form_class()
        filler = Filler(world)

        def build(plain, skip, omit, model=model, form_class=form_class, filler=filler):
            return filler.form(
                form_class,
                model,
                {"action-publish": "action-publish"},
                plain=plain,
                skip=skip,
                omit=omit,
            )

        response, plain, skip, omit = submit_until_valid(editor_client, url, build)
        assert not response.url.rstrip("/").endswith("/admin"), f"{label}: refused"
        given_up[label] = (
            sorted(plain | omit),
            {name: sorted(types) for name, types in skip.items()},
        )
        page = model.objects.child_of(parent).order_by("-pk").first().specific
        assert page.live, label

        # The public page: the payloads are shown as text, and nothing runs.
        html = assert_inert(editor_client.get(page.url), f"{label} public page")
        assert MARK in html, f"{label}: the payloads are not shown at all"
        # The preview an editor sees while writing.
        preview_url = f"/admin/pages/{page.pk}/edit/preview/"
        editor_client.post(preview_url, build(plain, skip, omit))
        assert_inert(editor_client.get(preview_url), f"{label} preview")
        # The admin's listings and the page's own edit form.
        assert_inert(editor_client.get(f"/admin/pages/{parent.pk}/"), f"{label} in the explorer")
        assert_inert(editor_client.get(f"/admin/pages/{page.pk}/edit/"), f"{label} edit form")
        assert_inert(editor_client.get(f"/admin/pages/{page.pk}/history/"), f"{label} history")
    assert_inert(editor_client.get("/admin/pages/search/", {"q": MARK}), "admin page search")
    assert_inert(editor_client.get("/search/", {"q": MARK}), "site search")
    # Fields whose own rules refused the payloads are few; the rest carried them.
    for label, (plain, skip) in given_up.items():
        assert len(plain) <= 4, (label, plain, skip)


def test_the_newsletter_email_keeps_hostile_input_inert(editor_client, world):
    from newsletter.pages import NewsletterPage
    from newsletter.rendering import render_newsletter

    parent = world.newsletter.get_parent()
    form_class = NewsletterPage.get_edit_handler().get_form_class()
    filler = Filler(world)
    submit_until_valid(
        editor_client,
        f"/admin/pages/add/newsletter/newsletterpage/{parent.pk}/",
        lambda plain, skip, omit: filler.form(
            form_class,
            NewsletterPage,
            {"action-publish": "action-publish"},
            plain=plain,
            skip=skip,
            omit=omit,
        ),
    )
    page = NewsletterPage.objects.order_by("-pk").first()
    rendered = render_newsletter(page)
    problems = inertness_problems(rendered.html)
    assert not problems, problems
    assert MARK in rendered.html and MARK in rendered.text
    # The text part upper-cases headings, payloads included: that is text, not evaluation.
    assert not evaluation_signs(rendered.subject + "\n" + rendered.text)
    assert f'{{{{ "{MARK}"|upper }}}}' in rendered.text.casefold()
    assert "{% debug %}" in rendered.text.casefold()
    assert "\n" not in rendered.subject and "\r" not in rendered.subject
    # The test send ("Invia una prova") carries the same message.
    from django.core import mail

    editor_client.post(f"/admin/newsletter/{page.pk}/prova/", {})
    for message in mail.outbox:
        html = message.alternatives[0][0] if message.alternatives else ""
        assert not inertness_problems(html)
        assert not evaluation_signs(message.subject + "\n" + message.body)


SNIPPETS = {
    "program.Lens": "/admin/snippets/program/lens/",
    "program.Neighbourhood": "/admin/snippets/program/neighbourhood/",
    "events.Venue": "/admin/snippets/events/venue/",
    "events.EventCategory": "/admin/snippets/events/eventcategory/",
}


@pytest.mark.parametrize("label", SNIPPETS)
def test_every_snippet_keeps_hostile_input_inert(editor_client, world, label):
    model = apps.get_model(label)
    form_class = model.snippet_viewset.get_edit_handler().get_form_class()
    filler = Filler(world)
    listing = SNIPPETS[label]
    submit_until_valid(
        editor_client,
        listing + "add/",
        lambda plain, skip, omit: filler.form(form_class, model, plain=plain, skip=skip, omit=omit),
    )
    created = model.objects.order_by("-pk").first()
    html = assert_inert(editor_client.get(listing), f"{label} listing")
    assert MARK in html
    assert_inert(editor_client.get(f"{listing}edit/{created.pk}/"), f"{label} edit form")
    if label == "program.Lens":
        lens_index = world.pages["program.LensIndexPage"]
        assert_inert(editor_client.get(lens_index.url), "lens index")
        assert_inert(editor_client.get(f"{lens_index.url}{created.slug}/"), "lens page")


def test_site_settings_keep_hostile_input_inert(editor_client, world):
    """The site settings (names, addresses) and the translatable site texts (motto, newsletter
    invitation, footer links, copyright) shown on every page."""
    from wagtail.admin.panels import get_edit_handler

    from home.models import SiteSettings, SiteTexts

    filler = Filler(world)
    form_class = get_edit_handler(SiteSettings).get_form_class()
    submit_until_valid(
        editor_client,
        f"/admin/settings/home/sitesettings/{world.site.pk}/",
        lambda plain, skip, omit: filler.form(
            form_class, SiteSettings, plain=plain, skip=skip, omit=omit
        ),
    )
    form_class = SiteTexts.snippet_viewset.get_edit_handler().get_form_class()
    existing = SiteTexts.objects.filter(site=world.site).first()
    url = (
        f"/admin/snippets/home/sitetexts/edit/{existing.pk}/"
        if existing
        else "/admin/snippets/home/sitetexts/add/"
    )
    site_field = {"site": str(world.site.pk)}
    submit_until_valid(
        editor_client,
        url,
        lambda plain, skip, omit: filler.form(
            form_class, SiteTexts, site_field, plain=plain, skip=skip, omit=omit
        ),
    )
    texts = SiteTexts.objects.get(site=world.site, locale__language_code="it")
    assert MARK in texts.tagline
    html = assert_inert(editor_client.get("/"), "home page with hostile site settings")
    assert MARK in html
    assert_inert(editor_client.get(world.standard.url), "a page with hostile site settings")
    assert_inert(editor_client.get("/admin/snippets/home/sitetexts/"), "site texts listing")


@pytest.mark.parametrize(
    "value", ["Titolo\x00nascosto", "x" * 100_000], ids=["null byte", "100,000 characters"]
)
def test_null_bytes_and_huge_strings_get_a_message_never_an_error(editor_client, world, value):
    from home.models import StandardPage

    form_class = StandardPage.get_edit_handler().get_form_class()
    data = Filler(world, hostile=False).form(
        form_class, StandardPage, {"action-publish": "action-publish"}
    )
    for name in ("title", "intro", "seo_title", "search_description"):
        if name in data:
            data[name] = value
    response = editor_client.post(f"/admin/pages/add/home/standardpage/{world.home.pk}/", data)
    assert response.status_code == 200  # the form again, with a message on the field
    assert response.context["form"].errors
    assert not StandardPage.objects.exclude(pk=world.standard.pk).exists()


LONE_SURROGATE = "\ud800".encode("utf-8", "surrogatepass")  # b"\xed\xa0\x80": not UTF-8


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_lone_surrogate_gets_a_message_never_an_error(editor_client, world, encoding):
    """A lone UTF-16 surrogate cannot be UTF-8: a hand-made request sends its bytes anyway.
    Django would decode them into replacement characters and the page would be saved with a
    garbled title; the request is refused with a message instead."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from home.models import StandardPage

    form_class = StandardPage.get_edit_handler().get_form_class()
    data = Filler(world, hostile=False).form(
        form_class, StandardPage, {"action-publish": "action-publish", "title": "SURROGATE"}
    )
    url = f"/admin/pages/add/home/standardpage/{world.home.pk}/"
    if encoding == "urlencoded":
        body = (
            urlencode(data, doseq=True)
            .encode()
            .replace(b"SURROGATE", quote_from_bytes(LONE_SURROGATE).encode())
        )
        content_type = "application/x-www-form-urlencoded"
    else:
        body = encode_multipart(BOUNDARY, data).replace(b"SURROGATE", LONE_SURROGATE)
        # The client would encode the body again if given its own multipart content type.
        content_type = MULTIPART_CONTENT.replace("; ", ";")
    response = editor_client.post(url, body, content_type=content_type)
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert not StandardPage.objects.exclude(pk=world.standard.pk).exists()
    # The same in a query string (the site search).
    response = editor_client.get("/search/", QUERY_STRING="q=" + quote_from_bytes(LONE_SURROGATE))
    assert response.status_code == 400
    # Ordinary accented text in a query string still passes.
    assert editor_client.get("/search/", {"q": "caf\u00e9"}).status_code == 200


def test_no_project_code_renders_a_string_as_a_template():
    """Editors' text is never Django template source (listmonk CVE-2025-49136): no project
    module builds a ``Template`` or calls ``from_string``."""
    offenders = []
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                    if name in ("Template", "from_string"):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
