"""Background work of the newsletter: transactional e-mails to subscribers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from django_tasks import task

from . import links, services


@task()
def send_confirmation_email(subscriber_id):
    """Send the double opt-in e-mail for a subscriber's pending lists.

    Contains nothing the visitor typed (not even the name): only the lists, fixed wording and
    a single-use link that expires. Does nothing inside the cool-down or when nothing is pending.
    """
    issued = services.issue_confirmation(subscriber_id)
    if issued is None:
        return False
    subscriber, token = issued
    with translation.override(subscriber.language):
        context = {
            "lists": services.pending_lists(subscriber),
            "confirm_url": links.confirmation_url(subscriber, token),
            "manage_url": links.manage_url(subscriber),
            "max_age_hours": int(services.tokens.confirmation_max_age().total_seconds() // 3600),
            "site_name": links.site_name(),
        }
        subject = render_to_string("newsletter/email/confirmation_subject.txt", context)
        body = render_to_string("newsletter/email/confirmation.txt", context)
        html = render_to_string("newsletter/email/confirmation.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


@task()
def handle_subscription_request(email, list_ids, name, language, evidence):
    """Process a subscribe form, away from the web request (see ``services.request_subscription``).

    Runs ``services.subscribe`` for the lists still public, so that the visitor's answer and
    its timing never depend on the address's state.
    """
    from .evidence import Evidence
    from .models import MailingList

    lists = list(MailingList.objects.public().filter(pk__in=list_ids))
    services.subscribe(
        email,
        lists,
        evidence=Evidence.from_task_data(evidence),
        name=name,
        language=language,
    )


def _send_to_subscriber(subscriber, template, context):
    with translation.override(subscriber.language):
        context = {"site_name": links.site_name(), **context}
        subject = render_to_string(f"newsletter/email/{template}_subject.txt", context)
        body = render_to_string(f"newsletter/email/{template}.txt", context)
        html = render_to_string(f"newsletter/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_already_subscribed_email(subscriber_id):
    """Tell an address that asked again for lists it already receives where to manage them.

    Sent instead of a confirmation when nothing is left to confirm, within the same cool-down;
    like the confirmation it contains nothing the visitor typed.
    """
    from .models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    with translation.override(subscriber.language):
        lists = [
            subscription.mailing_list
            for subscription in subscriber.subscriptions.active().select_related("mailing_list")
        ]
        if not lists:
            return False
        _send_to_subscriber(
            subscriber,
            "already_subscribed",
            {"lists": lists, "manage_url": links.manage_url(subscriber)},
        )
    return True


# --- Sending newsletters (newsletter/sending/) ---------------------------------------------


@task()
def start_send(send_id):
    """Start a send at its time: re-check permission, publication and electoral silence,
    freeze the content, write the deliveries and launch the batch tasks."""
    from .sending import workflow

    return workflow.start(send_id)


@task()
def deliver_send(send_id):
    """Deliver batches of a send for up to ``NEWSLETTER_RUNNER_SECONDS``, then hand over."""
    from .sending import batches

    return batches.run(send_id)


@task()
def watch_send(send_id, token):
    """Every ``NEWSLETTER_BATCH_LEASE_SECONDS`` while a send is active: recover batches of
    workers that died, relaunch a silent send, finish a complete one."""
    from .sending import workflow

    return workflow.watch(send_id, token)


@task()
def process_provider_event(event_id):
    """Act on a bounce, complaint, rejection or unsubscribe reported by the ESP."""
    from .sending import provider_events

    return provider_events.process(event_id)
