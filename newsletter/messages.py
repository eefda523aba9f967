"""Build the e-mail messages of a newsletter: sender, headers, personal links.

Shared by test sends and real sends so both look exactly alike, apart from the test marker
and the one-click unsubscribe headers a test send must not carry (there is nobody to
unsubscribe).
"""

from dataclasses import dataclass
from email.utils import formataddr, make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

TEST_HEADER = "X-Piazza-Test"


@dataclass(frozen=True)
class Sender:
    """Who a newsletter comes from on one site, and the identifiers that go with it."""

    from_email: str
    reply_to: str
    domain: str
    list_id: str

    @classmethod
    def for_site(cls, site):
        from home.models import SiteSettings

        from .site_settings import NewsletterSettings

        site_settings = SiteSettings.for_site(site)
        newsletter_settings = NewsletterSettings.for_site(site)
        default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        name = (
            newsletter_settings.from_name
            or site_settings.organisation_name
            or default_name
            or "Piazza"
        )
        address = newsletter_settings.from_email or default_address
        domain = urlsplit(site.root_url).hostname or address.rpartition("@")[2] or "localhost"
        reply_to = newsletter_settings.reply_to or site_settings.contact_email or ""
        list_name = (site_settings.organisation_name or name).replace('"', "")
        return cls(
            from_email=formataddr((name, address)),
            reply_to=reply_to,
            domain=domain,
            list_id=f'"{list_name}" <newsletter.{domain}>',
        )


def build_message(
    rendered,
    *,
    sender,
    to,
    unsubscribe_url,
    manage_url,
    one_click_url=None,
    headers=None,
    test=False,
    connection=None,
):
    """One personal message: the frozen HTML and text with this recipient's links.

    ``one_click_url`` is the RFC 8058 endpoint (a POST there unsubscribes, without cookies or
    redirects); it goes into ``List-Unsubscribe`` next to ``List-Unsubscribe-Post``.
    """
    html, text = rendered.personalise(unsubscribe_url=unsubscribe_url, manage_url=manage_url)
    all_headers = {
        "Message-ID": make_msgid(domain=sender.domain),
        "List-Id": sender.list_id,
    }
    if one_click_url:
        all_headers["List-Unsubscribe"] = f"<{one_click_url}>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if test:
        all_headers[TEST_HEADER] = "yes"
    all_headers.update(headers or {})
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=sender.from_email,
        to=[to],
        reply_to=[sender.reply_to] if sender.reply_to else None,
        headers=all_headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
