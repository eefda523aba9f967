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
