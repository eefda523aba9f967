"""Volunteers draft and submit for moderation; only the editorial team publishes."""

from django.contrib.auth.models import Group

from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from home import roles
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def add_url(parent):
    return f"/admin/pages/add/home/standardpage/{parent.pk}/"


def page_data(title, slug, action):
    data = nested_form_data({"title": title, "slug": slug, "intro": "", "body": streamfield([])})
    data[action] = action
    return data


def test_groups_exist_with_the_documented_permissions(db):
    volunteers = Group.objects.get(name=roles.VOLUNTEERS)
    editors = Group.objects.get(name=roles.EDITORS)
    root = Page.get_first_root_node()
    assert set(
        volunteers.page_permissions.filter(page=root).values_list("permission__codename", flat=True)
    ) == set(roles.PAGE_PERMISSIONS[roles.VOLUNTEERS])
    assert "publish_page" in set(
        editors.page_permissions.filter(page=root).values_list("permission__codename", flat=True)
    )
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [editors]


def test_volunteer_can_draft_and_submit_but_not_publish(client, home_page, volunteer):
    client.force_login(volunteer)
    response = client.get(add_url(home_page))
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.text

    client.post(add_url(home_page), page_data("Bozza di Anna", "bozza-anna", "action-publish"))
    page = StandardPage.objects.get(slug="bozza-anna")
    assert not page.live  # the publish request was not honoured

    client.post(
        f"/admin/pages/{page.pk}/edit/", page_data("Bozza di Anna", "bozza-anna", "action-submit")
    )
    page.refresh_from_db()
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == roles.WORKFLOW_NAME


def test_volunteer_cannot_unpublish_or_delete_live_pages(client, home_page, volunteer):
    live = StandardPage(title="Chi siamo", slug="chi-siamo")
    home_page.add_child(instance=live)
    live.save_revision().publish()
    client.force_login(volunteer)
    client.post(f"/admin/pages/{live.pk}/unpublish/")
    client.post(f"/admin/pages/{live.pk}/delete/")
    live.refresh_from_db()
    assert live.live
    assert not live.permissions_for_user(volunteer).can_publish()
    assert live.permissions_for_user(volunteer).can_edit()


def test_editor_publishes(client, home_page, editor):
    client.force_login(editor)
    client.post(add_url(home_page), page_data("Assemblea", "assemblea", "action-publish"))
    page = StandardPage.objects.get(slug="assemblea")
    assert page.live
    assert client.get("/assemblea/").status_code == 200


def test_editor_approves_a_submitted_draft(client, home_page, volunteer, editor):
    client.force_login(volunteer)
    client.post(add_url(home_page), page_data("Proposta", "proposta", "action-submit"))
    page = StandardPage.objects.get(slug="proposta")
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_anonymous_visitors_cannot_reach_the_admin(client, home_page):
    response = client.get(add_url(home_page))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
