"""Editors steer the search: promoted results and the popular-searches report."""

from wagtail.contrib.search_promotions.models import Query

import pytest


@pytest.fixture
def searched(db):
    for text, hits in [("bilancio", 3), ('=HYPERLINK("http://x")', 1), ("@SUM(A1)", 2)]:
        query = Query.get(text)
        for _ in range(hits):
            query.add_hit()


@pytest.mark.parametrize(
    ("user", "status"),
    [("anonymous", 302), ("volunteer", 302), ("editor", 200), ("superuser", 200)],
)
def test_popular_searches_report_permissions(client, request, searched, user, status):
    if user != "anonymous":
        client.force_login(request.getfixturevalue(user))

    response = client.get("/admin/ricerche-frequenti/")

    # Wagtail answers a signed-in user without the permission with a redirect to the dashboard.
    assert response.status_code == status
    if status == 200:
        assert "bilancio" in response.text


def test_editors_see_the_report_and_promotions_in_their_menu(client, editor, volunteer):
    client.force_login(editor)
    assert client.get("/admin/searchpicks/").status_code == 200
    assert client.get("/admin/searchpicks/add/").status_code == 200
    dashboard = client.get("/admin/").text
    assert "/admin/ricerche-frequenti/" in dashboard

    client.force_login(volunteer)
    assert "/admin/ricerche-frequenti/" not in client.get("/admin/").text
    assert client.get("/admin/searchpicks/add/").status_code == 302


def test_report_export_neutralises_formulas(client, editor, searched):
    client.force_login(editor)

    response = client.get("/admin/ricerche-frequenti/", {"export": "csv"})

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[1].startswith("bilancio,3")
    assert "'@sum(a1),2" in body
    assert '"\'=hyperlink(""http://x"")",1' in body
    assert "\n=" not in body and "\n@" not in body
