"""Lenses: colours that stay readable, badges in the visitor's language, admin and demo."""

from io import StringIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from wagtail.models import Locale
from wagtail.test.utils.form_data import rich_text

import pytest

from home.models import StandardPage
from program import demo_content
from program.colours import WHITE, contrast_ratio, text_colour_for
from program.models import Lens

pytestmark = pytest.mark.django_db


def make_lens(**kwargs):
    values = {
        "name": "Ecologia",
        "slug": "ecologia",
        "colour": "#2e7d4f",
        "short_description": "Una città che rispetta i limiti del pianeta.",
        "locale": Locale.get_default(),
    }
    values.update(kwargs)
    return Lens.objects.create(**values)


@pytest.mark.parametrize("step", range(16))
def test_every_background_gets_text_with_aa_contrast(step):
    # Every colour of the 4096-colour web grid, 256 per case.
    for green in range(16):
        for blue in range(16):
            colour = f"#{step * 17:02x}{green * 17:02x}{blue * 17:02x}"
            assert contrast_ratio(colour, text_colour_for(colour)) >= 4.5, colour


def test_known_colours_get_the_expected_text():
    assert text_colour_for("#ffffff") == "#000000"
    assert text_colour_for("#f2b84b") == "#000000"
    assert text_colour_for("#a2331c") == WHITE
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


@pytest.mark.parametrize("bad", ["red", "#12345", "#12345g", "1f5f5b", "#1f5f5b0"])
def test_a_colour_that_is_not_hex_is_refused_with_a_message(bad):
    lens = Lens(name="Prova", slug="prova", colour=bad, short_description="Prova.")
    lens.locale = Locale.get_default()
    with pytest.raises(ValidationError) as error:
        lens.full_clean()
    assert "esadecimale" in str(error.value.message_dict["colour"])


def test_colour_is_stored_lowercase():
    assert make_lens(colour="#2E7D4F").colour == "#2e7d4f"


def test_slug_is_unique_within_a_language():
    make_lens()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_lens(name="Altra")


def test_badges_show_name_colour_icon_and_readable_text(rf):
    dark = make_lens()
    light = make_lens(name="Cura", slug="cura", colour="#f2b84b", icon="heart", sort_order=0)
    html = render_to_string(
        "program/includes/lens_badges.html",
        {"lenses": Lens.objects.all(), "request": rf.get("/")},
    )
    assert html.index("Cura") < html.index("Ecologia")  # editor order
    assert 'fill="#2e7d4f"' in html and 'fill="#f2b84b"' in html
    assert html.count("lens-badge--on-dark") == 1  # white text only on the dark green
    assert 'aria-label="Lenti"' in html
    assert "<svg" in html and 'aria-hidden="true"' in html
    assert dark.on_dark and not light.on_dark


def test_no_lenses_no_markup(rf):
    html = render_to_string(
        "program/includes/lens_badges.html", {"lenses": [], "request": rf.get("/")}
    )
    assert html.strip() == ""


def test_badges_follow_the_visitor_language():
    italian = make_lens()
    english_locale = Locale.objects.create(language_code="en")
    english = italian.copy_for_translation(english_locale)
    english.name = "Ecology"
    english.save()
    request = RequestFactory().get("/en/")
    with translation.override("en"):
        html = render_to_string(
            "program/includes/lens_badges.html", {"lenses": [italian], "request": request}
        )
    assert "Ecology" in html and "Ecologia" not in html


def test_standard_page_shows_its_lenses(home_page, client):
    lens = make_lens()
    page = StandardPage(title="Chi siamo", slug="chi-siamo", intro="Noi.")
    home_page.add_child(instance=page)
    page.lenses.add(lens)
    page.save_revision().publish()
    html = client.get("/chi-siamo/").text
    assert "Ecologia" in html and "lens-badge" in html


def test_editor_adds_a_lens_in_the_admin(client, superuser):
    client.force_login(superuser)
    url = "/admin/snippets/program/lens/add/"
    assert client.get(url).status_code == 200
    data = {
        "name": "Partecipazione",
        "slug": "partecipazione",
        "colour": "#3B4FA8",
        "icon": "people",
        "short_description": "Decidere insieme.",
        "description": rich_text("<p>Insieme.</p>"),
        "sort_order": "4",
        "locale": Locale.get_default().pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content
    assert Lens.objects.get(slug="partecipazione").colour == "#3b4fa8"

    response = client.post(url, {**data, "slug": "altra", "colour": "blu"})
    assert response.status_code == 200
    assert "esadecimale" in response.text
    assert not Lens.objects.filter(slug="altra").exists()


def test_lens_listing_in_the_admin(client, superuser):
    make_lens()
    client.force_login(superuser)
    response = client.get("/admin/snippets/program/lens/")
    assert response.status_code == 200
    assert "Ecologia" in response.text


def test_editor_picks_lenses_on_a_standard_page(client, superuser, home_page):
    lens = make_lens()
    page = StandardPage(title="Chi siamo", slug="chi-siamo")
    home_page.add_child(instance=page)
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert f'type="checkbox" name="lenses" value="{lens.pk}"' in response.text


def test_demo_lenses_are_four_and_loading_twice_changes_nothing(home_page):
    out = StringIO()
    assert demo_content.load(home_page, out) > 4
    assert demo_content.load(home_page, out) == 0
    assert Lens.objects.count() == 4
    names = list(Lens.objects.values_list("name", flat=True))
    assert names == [
        "Lotta alle disuguaglianze",
        "Cura e interdipendenza",
        "Ecologia",
        "Partecipazione",
    ]
    for lens in Lens.objects.all():
        lens.full_clean()
        assert contrast_ratio(lens.colour, lens.text_colour) >= 4.5
