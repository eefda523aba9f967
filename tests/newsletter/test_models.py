"""Rules of the newsletter models: normalisation, uniqueness, append-only log, keyed hash."""

from django.db import IntegrityError, transaction
from django.test import override_settings

import pytest

from newsletter.models import (
    ConsentEvent,
    ConsentLogIsAppendOnly,
    MailingList,
    Subscriber,
    Suppression,
    keyed_email_hash,
    normalise_email,
)
from tests.factories.newsletter import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_addresses_are_trimmed_and_their_domain_lowercased():
    assert normalise_email("  Anna.Rossi@Example.ORG \n") == "Anna.Rossi@example.org"
    subscriber = SubscriberFactory(email="  Anna@Example.Org ")
    subscriber.refresh_from_db()
    assert subscriber.email == "Anna@example.org"


def test_the_same_address_in_another_case_cannot_be_stored_twice():
    SubscriberFactory(email="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubscriberFactory(email="ANNA@example.org")
    assert Subscriber.objects.count() == 1


def test_lookup_by_address_ignores_case_and_blanks():
    subscriber = SubscriberFactory(email="Anna@example.org")
    assert Subscriber.objects.with_email("  anna@EXAMPLE.org ").get() == subscriber


def test_consent_events_cannot_be_changed_or_deleted(newsletter_list):
    subscriber = SubscriberFactory()
    event = ConsentEvent.objects.create(
        subscriber=subscriber, mailing_list=newsletter_list, action="requested"
    )
    event.source = "altro"
    with pytest.raises(ConsentLogIsAppendOnly):
        event.save()
    with pytest.raises(ConsentLogIsAppendOnly):
        event.delete()
    with pytest.raises(ConsentLogIsAppendOnly):
        ConsentEvent.objects.filter(pk=event.pk).update(source="altro")
    with pytest.raises(ConsentLogIsAppendOnly):
        ConsentEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.source == ""


def test_anonymising_detaches_events_and_drops_client_data(newsletter_list):
    subscriber = SubscriberFactory()
    ConsentEvent.objects.create(
        subscriber=subscriber,
        mailing_list=newsletter_list,
        action="requested",
        ip_address="192.0.2.0",
        user_agent="Firefox",
    )
    subscriber.consent_events.all().anonymise()
    event = ConsentEvent.objects.get()
    assert (event.subscriber, event.ip_address, event.user_agent) == (None, None, "")
    assert event.mailing_list == newsletter_list


def test_keyed_hash_ignores_case_and_depends_on_the_key():
    digest = keyed_email_hash("Anna@Example.org ")
    assert digest == keyed_email_hash("anna@example.org")
    assert len(digest) == 64
    assert "anna" not in digest
    with override_settings(NEWSLETTER_HASH_KEY="un-altro-segreto"):
        assert keyed_email_hash("anna@example.org") != digest


def test_suppression_keeps_only_the_hash_and_the_first_reason():
    Suppression.add("Anna@example.org", Suppression.Reason.COMPLAINED)
    Suppression.add("anna@example.org", Suppression.Reason.ERASED)
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.COMPLAINED
    assert "anna" not in str(suppression.__dict__).lower()
    assert Suppression.objects.is_suppressed("ANNA@example.org")
    assert not Suppression.objects.is_suppressed("bruno@example.org")
    assert Suppression.objects.suppressed_hashes(["anna@example.org", "bruno@example.org"]) == {
        keyed_email_hash("anna@example.org")
    }


def test_list_names_follow_the_language(newsletter_list):
    from django.utils import translation

    newsletter_list.name_en = "Newsletter (EN)"
    with translation.override("en"):
        assert newsletter_list.display_name == "Newsletter (EN)"
    with translation.override("it"):
        assert newsletter_list.display_name == "Newsletter"
    assert list(MailingList.objects.public()) == [newsletter_list]
