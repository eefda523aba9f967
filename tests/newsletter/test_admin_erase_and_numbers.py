"""Erasure from the admin goes through the service; the dashboard shows aggregates only."""

from datetime import timedelta

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from newsletter import services
from newsletter.dashboard import start_of_month
from newsletter.models import ConsentEvent, Subscriber, Suppression
from tests.factories.newsletter import MailingListFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(public_lists):
    subscription = SubscriptionFactory(
        mailing_list=public_lists["newsletter"], subscriber__email="anna@example.org"
    )
    ConsentEvent.objects.create(
        subscriber=subscription.subscriber,
        mailing_list=subscription.mailing_list,
        action="confirmed",
        ip_address="192.0.2.0",
    )
    return subscription


def test_deleting_a_subscriber_in_the_admin_is_an_erasure(client, privacy_officer, subscription):
    subscriber = subscription.subscriber
    client.force_login(privacy_officer)
    # An edit first: Wagtail labels its log entries with the address.
    edit = reverse("newsletter_subscribers:edit", args=[subscriber.pk])
    client.post(edit, {"name": "Anna R.", "language": "it"})
    assert ModelLogEntry.objects.filter(label="anna@example.org").exists()

    delete = reverse("newsletter_subscribers:delete", args=[subscriber.pk])
    page = client.get(delete)
    assert "Non si può annullare" in page.text
    response = client.post(delete)
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert Suppression.objects.is_suppressed("anna@example.org")
    events = ConsentEvent.objects.all()
    assert all(event.subscriber_id is None and event.ip_address is None for event in events)
    erased = events.get(action="erased")
    assert (erased.actor, erased.source) == (privacy_officer, "amministrazione")
    labels = list(ModelLogEntry.objects.values_list("label", "data"))
    assert "anna@example.org" not in str(labels)
    assert ModelLogEntry.objects.filter(action="newsletter.erase", user=privacy_officer).exists()


def test_dashboard_numbers_for_newsletter_and_privacy_groups_only(client, request, public_lists):
    newsletter, events = public_lists["newsletter"], public_lists["events"]
    SubscriptionFactory.create_batch(3, mailing_list=newsletter)
    SubscriptionFactory(mailing_list=newsletter, status="pending")
    SubscriptionFactory(mailing_list=events, status="pending")
    # Left this month (then erased their data: still counted), and left last month.
    gone = SubscriptionFactory(mailing_list=events).subscriber
    services.unsubscribe(gone, evidence=services.Evidence(source="test"))
    services.erase(gone, evidence=services.Evidence(source="test"))
    ConsentEvent.objects.create(
        mailing_list=events,
        action="unsubscribed",
        created_at=start_of_month() - timedelta(minutes=1),
    )
    for role in ("newsletter_editor", "privacy_officer", "superuser"):
        client.force_login(request.getfixturevalue(role))
        html = client.get(reverse("wagtailadmin_home")).text
        assert "Newsletter in numeri" in html, role
        row = html.split('<th scope="row">Newsletter</th>')[1].split("</tr>")[0]
        assert [cell.strip() for cell in row.split("<td>")[1:]] == ["3</td>", "1</td>", "0</td>"]
        row = html.split('<th scope="row">Eventi e assemblee</th>')[1].split("</tr>")[0]
        assert [cell.strip() for cell in row.split("<td>")[1:]] == ["0</td>", "1</td>", "1</td>"]
        assert "@example.org" not in html
    for role in ("volunteer", "editor"):
        client.force_login(request.getfixturevalue(role))
        assert "Newsletter in numeri" not in client.get(reverse("wagtailadmin_home")).text


def test_dashboard_numbers_cost_the_same_queries_for_any_number_of_lists(
    rf, public_lists, django_assert_num_queries
):
    from newsletter.dashboard import NewsletterNumbersPanel

    panel = NewsletterNumbersPanel()
    with django_assert_num_queries(2):
        panel.render_html({})
    for _number in range(10):
        mailing_list = MailingListFactory()
        SubscriptionFactory.create_batch(2, mailing_list=mailing_list)
    with django_assert_num_queries(2):
        html = panel.render_html({})
    assert html.count('<th scope="row">') == 13


def test_the_detail_says_when_an_address_is_suppressed(client, privacy_officer, subscription):
    url = reverse("newsletter_subscribers:inspect", args=[subscription.subscriber.pk])
    client.force_login(privacy_officer)
    assert "lista degli indirizzi bloccati" not in client.get(url).text
    Suppression.add("anna@example.org", Suppression.Reason.COMPLAINED)
    assert "lista degli indirizzi bloccati" in client.get(url).text
