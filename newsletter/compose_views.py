"""Admin views of the newsletter: test sends (and, in ``send_views``, real sends)."""

from django.contrib import messages
from django.core.mail import get_connection
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home import ratelimit

from .messages import Sender, build_message
from .pages import NewsletterPage
from .rendering import base_url_for
from .site_settings import NewsletterSettings

TEST_SENDS_PER_HOUR = 20


def forbidden(request):
    """A real 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard)."""
    from .admin_views import forbidden

    return forbidden(request)


def test_recipients_for(user, site):
    """The editor's own address first, then the site's configured test addresses."""
    addresses = []
    if user.email:
        addresses.append(user.email)
    for address in NewsletterSettings.for_site(site).test_recipient_list():
        if address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    return addresses


def send_test(page, user, recipients):
    """Send the latest draft of ``page`` to ``recipients``, marked as a test.

    Nothing about subscribers is read or written: no deliveries, no statistics.
    """
    draft = page.get_latest_revision_as_object()
    rendered = draft.render_email(test=True)
    site = page.get_site()
    sender = Sender.for_site(site)
    base_url = base_url_for(page)
    connection = get_connection()
    emails = [
        build_message(
            rendered,
            sender=sender,
            to=address,
            unsubscribe_url=base_url + "/",
            manage_url=base_url + "/",
            test=True,
            connection=connection,
        )
        for address in recipients
    ]
    return connection.send_messages(emails)


@require_http_methods(["GET", "POST"])
def test_send(request, page_id):
    """Send the current draft to the editor and the configured test addresses."""
    page = get_object_or_404(NewsletterPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        return forbidden(request)
    site = page.get_site()
    recipients = test_recipients_for(request.user, site)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if request.method == "POST":
        if not recipients:
            messages.error(
                request,
                _("Il tuo account non ha un indirizzo e-mail e non ci sono indirizzi di prova."),
            )
            return redirect(edit_url)
        allowed = ratelimit.hit(
            "newsletter-test-send", request.user.pk, limit=TEST_SENDS_PER_HOUR, period=3600
        )
        if not allowed:
            messages.error(request, _("Troppi invii di prova in un'ora. Riprova più tardi."))
            return redirect(edit_url)
        sent = send_test(page, request.user, recipients)
        messages.success(
            request,
            _("Invio di prova spedito a: %(list)s.") % {"list": ", ".join(recipients)}
            if sent
            else _("L'invio di prova non è partito: controlla la configurazione della posta."),
        )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "newsletter/admin/test_send.html",
        {"page": page, "recipients": recipients, "edit_url": edit_url},
    )
