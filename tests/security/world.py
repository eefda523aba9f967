"""One object of every kind the admin shows: a page of every page type, a snippet of every
snippet model, lists, subscribers, a send, a registration, a contribution, an image, a document,
a redirect, a promoted search, a user and a group. The permission matrix and the hostile-input
tests address admin URLs through it."""

import datetime
import io
import uuid
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Task, Workflow

from PIL import Image as PILImage

from events.models import RegistrationMode
from home import roles
from home.legal import LegalTextVersion
from home.models import SiteSettings, SiteTexts, StandardPage
from newsletter import roles as newsletter_roles
from newsletter.models import (
    ConsentEvent,
    MailingList,
    NewsletterIndexPage,
    NewsletterPage,
    Subscriber,
    Subscription,
    Suppression,
)
from newsletter.sending.blackout import BlackoutWindow
from newsletter.sending.models import Send
from program.models import ContributionSubmission, Neighbourhood
from tests.factories import program as program_factories
from tests.factories.events import (
    EventCategoryFactory,
    VenueFactory,
    make_lens,
    publish_event,
    rome,
)
from tests.factories.users import UserFactory

# The roles of the matrix, in its column order.
ROLES = ("anonymous", "volunteer", "editor", "newsletter", "privacy", "treasurer", "superuser")
GROUP_OF_ROLE = {
    "volunteer": roles.VOLUNTEERS,
    "editor": roles.EDITORS,
    "newsletter": newsletter_roles.NEWSLETTER,
    "privacy": newsletter_roles.PRIVACY,
    "treasurer": roles.TREASURY,
}


def make_users():
    """One user per role (``None`` for the anonymous visitor)."""
    users = {"anonymous": None}
    for role, group_name in GROUP_OF_ROLE.items():
        user = UserFactory(username=f"ruolo-{role}")
        user.groups.add(Group.objects.get(name=group_name))
        users[role] = user
    users["superuser"] = UserFactory(username="ruolo-superuser", is_superuser=True, is_staff=True)
    return users


def png_bytes(width=40, height=30):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#2e7d4f").save(buffer, "PNG")
    return buffer.getvalue()


def build_world(home_page):
    """Create the objects; returns a namespace of them (``world.pages["events.EventPage"]``…)."""
    world = SimpleNamespace()
    world.home = home_page
    world.lens = make_lens()
    world.neighbourhood = Neighbourhood.objects.create(name="Borgo Sacco", slug="borgo-sacco")
    world.venue = VenueFactory()
    world.category = EventCategoryFactory()

    standard = StandardPage(title="Chi siamo", slug="chi-siamo", intro="Chi siamo.")
    home_page.add_child(instance=standard)
    standard.save_revision().publish()

    event_index = publish_child(home_page, "events.EventIndexPage", title="Eventi", slug="eventi")
    event = publish_event(
        event_index,
        title="Assemblea pubblica",
        start=rome(2031, 3, 12, 20, 30),
        end=rome(2031, 3, 12, 22, 30),
        venue=world.venue,
        registration=RegistrationMode.SITE,
    )
    newsletter_index = NewsletterIndexPage(title="Newsletter", slug="archivio")
    home_page.add_child(instance=newsletter_index)
    newsletter_index.save_revision().publish()
    newsletter = NewsletterPage(title="Numero di marzo", slug="marzo", subject="Marzo")
    newsletter_index.add_child(instance=newsletter)
    newsletter.save_revision().publish()

    lens_index = program_factories.lens_index(home_page)
    program = program_factories.program_page(home_page)
    process_index = program_factories.process_index(home_page)
    process = program_factories.process(
        process_index,
        "Opificio di comunità",
        phases=[program_factories.phase("Ascolto", datetime.date(2025, 1, 10))],
    )
    contribution = program_factories.contribution_form(process)
    people_index = program_factories.people_index(home_page)
    person = program_factories.person(people_index, "Alice Esempio")
    council_index = program_factories.council_index(home_page)
    act = program_factories.council_act(council_index, "Mozione sul verde", signatories=[person])

    world.pages = {
        page.specific_class._meta.label: page
        for page in [
            home_page,
            standard,
            event_index,
            event,
            newsletter_index,
            newsletter,
            lens_index,
            program,
            process_index,
            process,
            contribution,
            people_index,
            person,
            council_index,
            act,
        ]
    }
    # A second revision, so that revision views have something to compare and revert to.
    standard.title = "Chi siamo davvero"
    world.revision = standard.save_revision()
    world.standard = standard
    world.event = event
    world.newsletter = newsletter
    world.contribution = contribution

    consent = LegalTextVersion.objects.consent("Acconsento al trattamento.")
    world.submission = ContributionSubmission.objects.create(
        page=contribution,
        form_data={"il-tuo-nome": "Rita", "la-tua-proposta": "Più alberi"},
        consent_text=consent,
    )

    world.mailing_list = MailingList.objects.create(name="Notizie", slug="notizie")
    world.subscriber = Subscriber.objects.create(email="iscritta@example.org")
    Subscription.objects.create(
        subscriber=world.subscriber, mailing_list=world.mailing_list, status="active"
    )
    ConsentEvent.objects.create(
        action=ConsentEvent.Action.CONFIRMED,
        subscriber=world.subscriber,
        mailing_list=world.mailing_list,
        source="test",
    )
    world.suppression = Suppression.add("bloccata@example.org", Suppression.Reason.MANUAL)
    world.blackout = BlackoutWindow.objects.create(
        title="Silenzio elettorale",
        starts_at=timezone.now() + datetime.timedelta(days=300),
        ends_at=timezone.now() + datetime.timedelta(days=302),
    )
    world.send = Send.objects.create(
        page=newsletter,
        translation_key=newsletter.translation_key,
        status=Send.Status.DONE,
        request_key=uuid.uuid4(),
    )
    world.send.mailing_lists.add(world.mailing_list)

    from events.models import Registration

    world.registration = Registration.objects.create(
        event=event,
        event_key=event.translation_key,
        name="Rita",
        email="rita@example.org",
        status=Registration.Status.CONFIRMED,
        consent_text=consent,
    )

    world.image = get_image_model().objects.create(
        title="Piazza", file=SimpleUploadedFile("piazza.png", png_bytes())
    )
    world.document = get_document_model().objects.create(
        title="Statuto", file=SimpleUploadedFile("statuto.pdf", b"%PDF-1.4 minimal")
    )
    world.redirect = Redirect.objects.create(old_path="/vecchia", redirect_page=standard)
    world.query = Query.get("bilancio")
    SearchPromotion.objects.create(query=world.query, page=standard, sort_order=0)
    world.collection = Collection.get_first_root_node().add_child(name="Foto")
    world.workflow = Workflow.objects.first()
    world.task = Task.objects.first()
    world.locale = Locale.get_default()
    world.group = Group.objects.get(name=roles.VOLUNTEERS)
    world.site_settings, _created = SiteSettings.objects.get_or_create(site=home_page.get_site())
    world.site = home_page.get_site()
    world.site_texts, _created = SiteTexts.objects.get_or_create(
        site=world.site, locale=world.locale, defaults={"tagline": "Officina Comune"}
    )
    # A request to join the registry, waiting for the Redazione; a gift in the register.
    world.organisation = program_factories.organisation("Orti in Comune", status="pending")
    world.donor = program_factories.donor()
    world.register_entry = program_factories.contribution(
        world.donor, 250, timezone.localdate() - datetime.timedelta(days=3)
    )
    return world


def publish_child(parent, label, **fields):
    from django.apps import apps

    model = apps.get_model(label)
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific
