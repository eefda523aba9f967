"""Fixtures for the newsletter tests: lists and people, pages, sends."""

from django.contrib.auth.models import Group

import pytest

from home.models import SiteSettings, StandardPage
from newsletter import models as newsletter_models
from newsletter import roles
from newsletter.models import NewsletterIndexPage, NewsletterPage
from tests.factories.newsletter import MailingListFactory
from tests.factories.users import UserFactory


@pytest.fixture(autouse=True)
def run_after_commit_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: run deferred work immediately."""
    monkeypatch.setattr("newsletter.services.after_commit", lambda function: function())


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsletter_list(db):
    return MailingListFactory(name="Newsletter", slug="newsletter", sort_order=0)


@pytest.fixture
def events_list(db):
    return MailingListFactory(name="Eventi e assemblee", slug="eventi", sort_order=1)


@pytest.fixture
def internal_list(db):
    return MailingListFactory(name="Soci", slug="soci", visibility="internal", sort_order=9)


@pytest.fixture
def privacy_officer(db):
    user = UserFactory(username="privacy")
    user.groups.add(Group.objects.get(name=roles.PRIVACY))
    return user


@pytest.fixture
def newsletter_editor(db):
    user = UserFactory(username="newsletter")
    user.groups.add(Group.objects.get(name=roles.NEWSLETTER))
    return user


# --- Composing ------------------------------------------------------------------------


@pytest.fixture
def site_settings(site):
    settings, _ = SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": "Officina Comune",
            "postal_address": "Via della Prova 1\n38068 Rovereto (TN)",
            "contact_email": "info@example.org",
        },
    )
    return settings


@pytest.fixture
def newsletter_index(home_page):
    index = NewsletterIndexPage(title="Newsletter", slug="archivio", intro="Tutti i numeri.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def linked_page(home_page):
    page = StandardPage(
        title="Bilancio partecipativo",
        slug="bilancio",
        intro="Come decidere insieme dove spendere.",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def newsletter_body(linked_page):
    return [
        {"type": "heading", "value": {"text": "Novità dal consiglio", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Abbiamo presentato una <b>mozione</b> sul "
                f'<a linktype="page" id="{linked_page.pk}">bilancio</a>.</p>'
                "<ul><li>primo punto</li><li>secondo punto</li></ul>"
            ),
        },
        {
            "type": "button",
            "value": {"text": "Partecipa", "link": {"page": linked_page.pk, "url": ""}},
        },
        {"type": "divider", "value": None},
        {"type": "pages", "value": {"heading": "Da leggere", "pages": [linked_page.pk]}},
    ]


@pytest.fixture
def newsletter_page(newsletter_index, linked_page, site_settings):
    page = NewsletterPage(
        title="Numero di novembre",
        slug="novembre",
        subject="Novembre in piazza",
        preheader="Bilancio, mozioni e appuntamenti",
        body=newsletter_body(linked_page),
    )
    newsletter_index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- Sending --------------------------------------------------------------------------


@pytest.fixture
def sender_user(db):
    """A member of the "Newsletter" group (and of the editorial team, to see the pages)."""
    user = UserFactory(username="mittente", email="mittente@example.org")
    user.groups.add(Group.objects.get(name=roles.NEWSLETTER), Group.objects.get(name="Redazione"))
    return user


def new_mailing_list(name, slug):
    return newsletter_models.MailingList.objects.create(name=name, slug=slug)


@pytest.fixture
def mailing_list(db):
    return new_mailing_list("Notizie", "notizie")


@pytest.fixture
def other_list(db):
    return new_mailing_list("Eventi", "eventi")


def make_subscriber(email, mailing_list, status="active", language="it"):
    """A subscriber of ``mailing_list`` in the given state (active, pending, unsubscribed)."""
    subscriber = newsletter_models.Subscriber.objects.create(email=email, language=language)
    newsletter_models.Subscription.objects.create(
        subscriber=subscriber, mailing_list=mailing_list, status=status
    )
    return subscriber


def suppress_address(email):
    """Suppressed while the subscription still looks active (e.g. an old import)."""
    newsletter_models.Suppression.add(email, newsletter_models.Suppression.Reason.COMPLAINED)


@pytest.fixture
def audience(mailing_list):
    """Three active subscribers, plus one pending, one unsubscribed and one suppressed."""
    active = [make_subscriber(f"attivo{n}@example.org", mailing_list) for n in range(3)]
    make_subscriber("inattesa@example.org", mailing_list, status="pending")
    make_subscriber("uscito@example.org", mailing_list, status="unsubscribed")
    make_subscriber("bloccato@example.org", mailing_list)
    suppress_address("bloccato@example.org")
    return active


# --- Subscribing ------------------------------------------------------------------------


@pytest.fixture
def privacy_page(home_page, site_settings):
    """A published privacy notice, named by every consent checkbox."""
    page = StandardPage(
        title="Informativa privacy",
        slug="privacy",
        intro="Trattiamo il tuo indirizzo solo per inviarti la newsletter che hai scelto.",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    site_settings.privacy_page = page
    site_settings.save()
    return page


@pytest.fixture
def public_lists(privacy_page):
    """Two public lists (the first proposed already ticked) and an internal one."""
    return {
        "newsletter": MailingListFactory(
            name="Newsletter",
            slug="newsletter",
            sort_order=0,
            default_checked=True,
            description="Una e-mail al mese con le novità.",
        ),
        "events": MailingListFactory(name="Eventi e assemblee", slug="eventi", sort_order=1),
        "internal": MailingListFactory(
            name="Soci", slug="soci", visibility="internal", sort_order=9
        ),
    }
