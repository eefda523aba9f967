"""Who sees what in the newsletter admin: subscriber data is for the Privacy group only."""

from django.urls import reverse

import pytest

from tests.factories.newsletter import SubscriptionFactory

pytestmark = pytest.mark.django_db

SUBSCRIBER_URLS = [
    ("newsletter_subscribers:index", False),
    ("newsletter_subscribers:inspect", True),
    ("newsletter_suppressions:index", False),
]


@pytest.fixture
def subscription(newsletter_list):
    return SubscriptionFactory(mailing_list=newsletter_list, subscriber__email="anna@example.org")


def _url(name, with_pk, subscription):
    if with_pk:
        return reverse(name, args=[subscription.subscriber.pk])
    return reverse(name)


@pytest.mark.parametrize(("name", "with_pk"), SUBSCRIBER_URLS)
def test_anonymous_visitors_are_sent_to_the_login(client, subscription, name, with_pk):
    response = client.get(_url(name, with_pk, subscription))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["volunteer", "editor", "newsletter_editor"])
@pytest.mark.parametrize(("name", "with_pk"), SUBSCRIBER_URLS)
def test_volunteers_editors_and_newsletter_staff_get_403(
    client, subscription, request, role, name, with_pk
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_url(name, with_pk, subscription))
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # Wagtail sends users without permission to the dashboard
        assert "/admin/login/" not in response["Location"]
        follow = client.get(response["Location"])
        assert b"anna@example.org" not in follow.content
    assert b"anna@example.org" not in response.content


@pytest.mark.parametrize(("name", "with_pk"), SUBSCRIBER_URLS)
def test_privacy_officers_see_subscriber_data(client, subscription, privacy_officer, name, with_pk):
    client.force_login(privacy_officer)
    response = client.get(_url(name, with_pk, subscription))
    assert response.status_code == 200
    if name.startswith("newsletter_subscribers"):
        assert b"anna@example.org" in response.content


def test_the_detail_shows_the_consent_history(client, subscription, privacy_officer):
    from newsletter.models import ConsentEvent

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


def test_newsletter_staff_manage_lists(client, newsletter_editor, newsletter_list):
    client.force_login(newsletter_editor)
    response = client.get(reverse("newsletter_lists:index"))
    assert response.status_code == 200
    assert "Newsletter" in response.content.decode()
