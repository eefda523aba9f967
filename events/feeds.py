"""RSS 2.0 and Atom 1.0 feeds of a calendar's upcoming events (Django's syndication framework)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .templatetags.events_tags import event_when

FEED_ITEMS = 50
FEED_MAX_AGE = 300  # seconds feed readers and proxies may keep a copy


class UpcomingEventsFeed(Feed):
    """The next events of one calendar, soonest first."""

    def __init__(self, calendar, feed_type):
        super().__init__()
        self.calendar = calendar
        self.feed_type = feed_type

    def title(self):
        return self.calendar.title

    def link(self):
        return self.calendar.get_full_url() or settings.WAGTAILADMIN_BASE_URL

    def description(self):
        return self.calendar.intro or self.calendar.title

    subtitle = description

    def feed_url(self):
        name = "atom" if self.feed_type is Atom1Feed else "rss"
        return self.link() + self.calendar.reverse_subpage(name).lstrip("/")

    def items(self):
        return self.calendar.upcoming_events().for_calendar()[:FEED_ITEMS]

    def item_title(self, item):
        if item.is_cancelled:
            return _("Annullato: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        parts = [event_when(item)]
        if item.is_in_person and item.venue is not None:
            parts.append(str(item.venue))
        elif item.is_online:
            parts.append(_("Online"))
        if item.summary:
            parts.append(item.summary)
        return " · ".join(parts)

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


def _serve(request, calendar, feed_type):
    response = UpcomingEventsFeed(calendar, feed_type)(request)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def rss(request, calendar):
    return _serve(request, calendar, Rss201rev2Feed)


def atom(request, calendar):
    return _serve(request, calendar, Atom1Feed)
