"""Benchmark data for events: 2,000 events in the calendar, half upcoming and half past.

Called by ``manage.py generate_bench_data`` (see ``home/bench_data.py``); creates only what is
missing, so a second run creates nothing. The events go into the site's calendar (the demo's
"Eventi", or a calendar of their own when there is none), with categories, lenses and venues,
so the listing and its filters are measured on a full calendar. Every event is hybrid, with a
venue and a live stream: the page that shows the most, and every event page costs the same, so
the benchmark can compare pages picked at different data sizes.
"""

import datetime

from django.utils import timezone

from home.bench_data import Text, lenses_of, missing_numbers, scaled
from home.bulk_pages import add_children

from .models import EventCategory, EventFormat, EventIndexPage, EventPage, EventStreamLink, Venue

EVENTS = 2000


def _calendar(home):
    calendar = EventIndexPage.objects.child_of(home).order_by("path").first()
    if calendar is not None:
        return calendar, 0
    (calendar,) = add_children(home, [EventIndexPage(title="Eventi", slug="eventi")])
    return calendar, 1


def generate(home, scale, stdout):
    text = Text("events")
    calendar, created = _calendar(home)
    categories = list(EventCategory.objects.filter(locale=home.locale))
    if not categories:
        categories = [
            EventCategory.objects.create(locale=home.locale, name="Assemblee", slug="assemblee")
        ]
        created += 1
    venues = list(Venue.objects.filter(locale=home.locale)[:5])
    if not venues:
        venues = [Venue.objects.create(name="Sala civica", address="Corso Rosmini 1")]
        created += 1
    count = scaled(EVENTS, scale)
    existing = set(calendar.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    pages = []
    for number in missing_numbers(existing, "evento", count):
        text.random.seed(f"events-{number}")
        # Half in the past, half ahead: one every day or so, around today.
        day = today + datetime.timedelta(days=number - count // 2)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))
        pages.append(
            EventPage(
                title=f"{text.title()} ({number})",
                slug=f"evento-{number:04d}",
                start=start,
                end=start + datetime.timedelta(hours=2),
                format=EventFormat.HYBRID,
                venue=text.choice(venues),
                summary=text.paragraph(2),
                body=text.body(2),
            )
        )
    add_children(calendar, pages)
    lenses = lenses_of(home.locale)
    category_links, lens_links = [], []
    for page in pages:
        text.random.seed(f"events-tags-{page.slug}")
        category_links.append(
            EventPage.categories.through(
                eventpage_id=page.pk, eventcategory_id=text.choice(categories).pk
            )
        )
        for lens in text.random.sample(lenses, k=min(len(lenses), text.random.randint(0, 2))):
            lens_links.append(EventPage.lenses.through(eventpage_id=page.pk, lens_id=lens.pk))
    EventStreamLink.objects.bulk_create(
        EventStreamLink(
            page_id=page.pk,
            locale_id=home.locale_id,  # translatable with the page (bulk skips the default)
            url="https://www.youtube.com/@officinacomune/live",
        )
        for page in pages
    )
    EventPage.categories.through.objects.bulk_create(category_links)
    EventPage.lenses.through.objects.bulk_create(lens_links)
    stdout.write(f"events: {len(pages)} events created ({count} wanted).")
    return created + len(pages)
