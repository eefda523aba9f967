"""The benchmark data generator, the bulk page helper and the bench-only query counter."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from home import bench
from home.bulk_pages import add_children
from home.models import StandardPage
from tests.bench.targets import find_targets

pytestmark = pytest.mark.django_db


def generate(scale, *apps):
    out = StringIO()
    args = ["--scale", str(scale)]
    for app in apps:
        args += ["--app", app]
    call_command("generate_bench_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def bench_on(settings):
    settings.PIAZZA_BENCH = True


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=StringIO())


def test_refuses_to_fill_a_production_database(demo, settings):
    settings.DEBUG = False
    settings.PIAZZA_BENCH = False
    with pytest.raises(CommandError, match="PIAZZA_BENCH"):
        generate(0.01)
    assert not Page.objects.filter(slug="pagine-di-prova").exists()


def test_unknown_app_is_refused_with_the_list_of_apps(demo, bench_on):
    with pytest.raises(CommandError, match="apps with data: home"):
        generate(0.01, "nonexistent")


def test_generates_text_pages_that_work_and_is_idempotent(demo, bench_on, client, superuser):
    output = generate(0.02)
    section = Page.objects.get(slug="pagine-di-prova")
    pages = StandardPage.objects.child_of(section).live()
    assert pages.count() == 10
    assert "Benchmark data ready" in output
    assert Page.find_problems() == ([], [], [], [], [])

    before = list(Page.objects.order_by("path").values_list("path", "url_path"))
    assert "(0 objects created" in generate(0.02)
    assert list(Page.objects.order_by("path").values_list("path", "url_path")) == before

    page = pages.order_by("path")[3]
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.text
    assert "<blockquote" in response.text or "Officina Comune" in response.text
    # Indexed for the site search.
    results = client.get("/search/", {"q": page.title}).text
    assert f'href="{page.url}"' in results

    # Editors can open, change and publish a generated page like any other.
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    page.title = "Titolo cambiato in redazione"
    page.save_revision().publish()
    client.logout()
    assert "Titolo cambiato in redazione" in client.get(page.url).text


def test_a_larger_scale_adds_only_what_is_missing(demo, bench_on):
    generate(0.01)
    generate(0.03)
    section = Page.objects.get(slug="pagine-di-prova")
    slugs = sorted(section.get_children().values_list("slug", flat=True))
    assert slugs == [f"pagina-{number:04d}" for number in range(1, 16)]
    assert Page.find_problems() == ([], [], [], [], [])


def test_pages_added_by_hand_after_bulk_ones_keep_the_tree_sound(home_page):
    add_children(home_page, [StandardPage(title=f"Pagina {n}", slug=f"p-{n}") for n in range(3)])
    later = StandardPage(title="A mano", slug="a-mano")
    home_page.refresh_from_db()
    home_page.add_child(instance=later)
    assert Page.find_problems() == ([], [], [], [], [])
    assert [page.slug for page in home_page.get_children()] == ["p-0", "p-1", "p-2", "a-mano"]
    home_page.refresh_from_db()
    assert home_page.numchild == 4


def test_bulk_pages_refuse_taken_slugs_and_mixed_types(home_page):
    add_children(home_page, [StandardPage(title="Uno", slug="uno")])
    with pytest.raises(ValueError, match="slugs already in use"):
        add_children(home_page, [StandardPage(title="Uno bis", slug="uno")])
    with pytest.raises(ValueError, match="one type"):
        add_children(home_page, [StandardPage(title="Due", slug="due"), Page(title="Tre")])
    home_page.refresh_from_db()
    assert list(home_page.get_children().values_list("slug", flat=True)) == ["uno"]


def queries_for(client, path):
    """Queries of a page; for search results, without the one query per page type shown."""
    client.get(path, HTTP_COOKIE="piazza-bench=1")  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_COOKIE="piazza-bench=1")
    assert response.status_code in (200, 404), path
    if path.startswith("/search/"):
        soup = BeautifulSoup(response.content, "html.parser")
        types = {tag.get_text(strip=True) for tag in soup.select(".search-result__type")}
        return len(captured) - len(types)
    return len(captured)


def test_sql_queries_per_page_do_not_grow_with_the_amount_of_content(demo, bench_on, client):
    """No benchmarked page costs more queries with a three times larger data set.

    Search results load each page type shown with one query (the specific pages), so their
    count is compared without those: bounded by the number of page types, not by content.
    """
    generate(0.02)
    targets = find_targets()["pages"]
    small = {name: queries_for(client, path) for name, path in targets.items()}
    generate(0.06)
    assert find_targets()["pages"].keys() == targets.keys()
    large = {name: queries_for(client, path) for name, path in find_targets()["pages"].items()}
    assert {name: max(large[name], small[name]) for name in small} == small


def test_query_counter_reports_every_query_of_the_request(demo, settings, client):
    settings.MIDDLEWARE = ["home.bench.QueryCountMiddleware", *settings.MIDDLEWARE]
    client.get("/chi-siamo/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/chi-siamo/")
    assert int(response[bench.QUERIES_HEADER]) == len(captured) > 0


@pytest.mark.parametrize("size", [1, 120, 7_000, 65_432])
def test_trivial_view_answers_exactly_the_size_asked_from_the_cache(size):
    request = RequestFactory().get(f"/__bench__/trivial/{size}/")
    first = bench.trivial(request, size)
    assert len(first.content) == size
    assert first["Content-Type"].startswith("text/html")
    with CaptureQueriesContext(connection) as captured:
        assert bench.trivial(request, size).content == first.content
    assert len(captured) == 0


def test_trivial_view_is_not_mounted_on_a_real_site(client):
    assert client.get("/__bench__/trivial/1000/").status_code == 404
