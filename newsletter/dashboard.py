"""The newsletter's numbers on the Wagtail dashboard: aggregates only, never addresses."""

from django.utils import formats, timezone

from wagtail.admin.ui.components import Component

from .models import MailingList, Subscriber


def can_see_numbers(user):
    """The Newsletter and Privacy groups and superusers (both groups may view lists)."""
    return user.has_perm("newsletter.view_mailinglist")


def start_of_month(now=None):
    now = timezone.localtime(now)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class NewsletterNumbersPanel(Component):
    """Active and pending subscriptions per list, and how many left this month (two queries)."""

    name = "newsletter_numbers"
    template_name = "newsletter/admin/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        since = start_of_month()
        return {
            "lists": list(MailingList.objects.with_subscription_counts(since=since)),
            "active_subscribers": Subscriber.objects.active().count(),
            "month": formats.date_format(since, "j F"),
        }
