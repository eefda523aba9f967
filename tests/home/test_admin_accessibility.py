import json

import pytest

pytestmark = pytest.mark.django_db


def test_editors_accessibility_checker_runs_the_wcag_22_aa_rules(client, home_page, editor):
    client.force_login(editor)
    html = client.get("/").text
    config_json = html.split('id="checker-axe-configuration"')[1].split(">", 1)[1]
    config = json.loads(config_json.split("</script>")[0])
    assert config["options"]["runOnly"] == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    assert config["options"]["rules"]["alt-text-quality"] == {"enabled": True}


def test_anonymous_visitors_get_no_userbar_and_no_cookies(client, home_page):
    response = client.get("/")
    assert "checker-axe-configuration" not in response.text
    assert set(response.cookies) <= {"csrftoken"}
