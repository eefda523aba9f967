"""The treasurer's panel on the admin dashboard: deadlines of the register and gifts to refuse.

Publication is automatic (a row is online as soon as the rule publishes it and the transparency
page is live), so what can go wrong is: no live transparency page while rows are due or overdue;
a gift recorded after its deadline (it went online late); a gift from a donor who objected to
publication, which the law says must be refused and is not yet recorded as returned.
"""

import datetime

from django.utils import timezone

from wagtail.admin.ui.components import Component

from program.models.transparency import Contribution, TransparencyPage

RECENTLY_LATE_DAYS = 60


def can_see_register(user):
    """The Tesoreria group and superusers."""
    return user.has_perm("program.change_contribution")


def register_deadlines(today=None):
    """What the panel shows, computed from the last two calendar years of the register."""
    today = today or timezone.localdate()
    page_online = TransparencyPage.objects.live().public().exists()
    recent = Contribution.objects.filter(received_on__gte=datetime.date(today.year - 1, 1, 1))
    overdue, due, late = [], [], []
    for row in recent.order_by("received_on", "pk").with_publication():
        publication = row.publication
        if not publication.publishable or today > publication.online_until:
            continue
        if not page_online:
            (overdue if publication.deadline < today else due).append(row)
        elif publication.is_overdue(today) and (
            (today - row.recorded_on).days <= RECENTLY_LATE_DAYS
        ):
            late.append(row)
    to_refuse = list(Contribution.objects.to_refuse().select_related("donor"))
    return {
        "page_online": page_online,
        "overdue": overdue,
        "due": due,
        "late": late,
        "to_refuse": to_refuse,
        "today": today,
    }


class TransparencyDeadlinesPanel(Component):
    """ "Trasparenza: scadenze" on the dashboard of the Tesoreria group."""

    name = "transparency_deadlines"
    template_name = "program/admin/transparency_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        return register_deadlines()
