"""Who sees what in the newsletter admin: subscriber data is for the Privacy group only.

The matrix below is the specification: one row per admin view, one column per role.
``L`` is the sign-in page (anonymous visitors), ``403`` the refusal page, ``200`` the view.
"""

from django.urls import reverse

import pytest

from newsletter.models import ConsentEvent
from tests.factories.newsletter import SubscriptionFactory

pytestmark = pytest.mark.django_db

L = "login"
ROLES = ["anonymous", "volunteer", "editor", "newsletter_editor", "privacy_officer", "superuser"]

# fmt: off
MATRIX = {
    # view                                   anon  volunteer editor newsletter privacy super
    "newsletter_lists:index":               (L,    403,      403,   200,       200,    200),
    "newsletter_lists:add":                 (L,    403,      403,   200,       403,    200),
    "newsletter_lists:edit":                (L,    403,      403,   200,       403,    200),
    "newsletter_lists:delete":              (L,    403,      403,   200,       403,    200),
    "newsletter_subscribers:index":         (L,    403,      403,   403,       200,    200),
    "newsletter_subscribers:inspect":       (L,    403,      403,   403,       200,    200),
    "newsletter_subscribers:edit":          (L,    403,      403,   403,       200,    200),
    "newsletter_subscribers:delete":        (L,    403,      403,   403,       200,    200),
    "newsletter_subscribers:history":       (L,    403,      403,   403,       200,    200),
    "newsletter_subscribers:add":           (L,    403,      403,   403,       403,    403),
    "newsletter_subscribers:export":        (L,    403,      403,   403,       200,    200),
    "newsletter_subscribers:import":        (L,    403,      403,   403,       200,    200),
    "newsletter_suppressions:index":        (L,    403,      403,   403,       200,    200),
    "newsletter_suppressions:add":          (L,    403,      403,   403,       200,    200),
}
# fmt: on
WITH_LIST_PK = {"newsletter_lists:edit", "newsletter_lists:delete"}
WITH_SUBSCRIBER_PK = {
    "newsletter_subscribers:inspect",
    "newsletter_subscribers:edit",
    "newsletter_subscribers:delete",
    "newsletter_subscribers:history",
}
CASES = [
    (view, role, expected)
    for view, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.fixture
def subscription(newsletter_list):
    return SubscriptionFactory(mailing_list=newsletter_list, subscriber__email="anna@example.org")


def _url(view, subscription):
    if view in WITH_LIST_PK:
        return reverse(view, args=[subscription.mailing_list.pk])
    if view in WITH_SUBSCRIBER_PK:
        return reverse(view, args=[subscription.subscriber.pk])
    return reverse(view)


@pytest.mark.parametrize(("view", "role", "expected"), CASES)
def test_permission_matrix(client, request, subscription, view, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(_url(view, subscription))
    if expected == L:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    else:
        assert response.status_code == expected
    if expected != 200:
        assert b"anna@example.org" not in response.content


def test_every_newsletter_admin_view_is_in_the_matrix():
    from django.urls import get_resolver

    names = set()
    for namespace in ("newsletter_lists", "newsletter_subscribers", "newsletter_suppressions"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {
            f"{namespace}:{name}"
            for name in resolver.reverse_dict
            if isinstance(name, str) and not name.endswith("_results")
        }
    untested = (
        names
        - set(MATRIX)
        - {
            "newsletter_lists:history",
            "newsletter_lists:usage",
            "newsletter_subscribers:usage",
            "newsletter_suppressions:edit",
            "newsletter_suppressions:delete",
            "newsletter_suppressions:history",
            "newsletter_suppressions:usage",
        }
    )
    assert untested == set()


def test_the_refusal_page_says_why(client, editor, subscription):
    client.force_login(editor)
    response = client.get(reverse("newsletter_subscribers:index"))
    assert response.status_code == 403
    assert "Non hai il permesso" in response.text


def test_the_detail_shows_the_consent_history(client, subscription, privacy_officer):
    ConsentEvent.objects.create(
        subscriber=subscription.subscriber,
        mailing_list=subscription.mailing_list,
        action=ConsentEvent.Action.CONFIRMED,
        source="modulo:/newsletter/",
    )
    client.force_login(privacy_officer)
    response = client.get(
        reverse("newsletter_subscribers:inspect", args=[subscription.subscriber.pk])
    )
    assert "Registro dei consensi" in response.content.decode()
    assert "modulo:/newsletter/" in response.content.decode()


def test_subscriber_listing_filters_by_list_and_status(
    client, privacy_officer, newsletter_list, events_list
):
    SubscriptionFactory(mailing_list=newsletter_list, subscriber__email="anna@example.org")
    SubscriptionFactory(
        mailing_list=events_list, subscriber__email="bruno@example.org", status="pending"
    )
    client.force_login(privacy_officer)
    url = reverse("newsletter_subscribers:index")
    content = client.get(url, {"mailing_list": events_list.pk}).content.decode()
    assert "bruno@example.org" in content and "anna@example.org" not in content
    content = client.get(url, {"status": "active"}).content.decode()
    assert "anna@example.org" in content and "bruno@example.org" not in content
    content = client.get(url, {"q": "BRUNO"}).content.decode()
    assert "bruno@example.org" in content and "anna@example.org" not in content


def test_the_listing_offers_export_and_import_to_the_privacy_officer(
    client, privacy_officer, subscription
):
    client.force_login(privacy_officer)
    html = client.get(reverse("newsletter_subscribers:index"), {"status": "active"}).text
    assert reverse("newsletter_subscribers:export") + "?status=active" in html
    assert reverse("newsletter_subscribers:import") in html
    assert reverse("newsletter_subscribers:add") not in html


def test_newsletter_staff_manage_lists(client, newsletter_editor, newsletter_list):
    client.force_login(newsletter_editor)
    response = client.get(reverse("newsletter_lists:index"))
    assert response.status_code == 200
    assert "Newsletter" in response.content.decode()
