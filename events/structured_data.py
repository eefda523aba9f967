"""schema.org ``Event`` data for an event page (JSON-LD), as search engines read it.

A ``<script type="application/ld+json">`` block is data, not a script: browsers never run it,
so the Content-Security-Policy (which governs what runs) does not apply to it and it needs no
nonce; its text is escaped so it can never close the element.
"""

from django.utils import timezone

SCHEMA = "https://schema.org/"

ATTENDANCE_MODES = {
    "in_person": SCHEMA + "OfflineEventAttendanceMode",
    "online": SCHEMA + "OnlineEventAttendanceMode",
    "hybrid": SCHEMA + "MixedEventAttendanceMode",
}


def _date(event, value):
    local = timezone.localtime(value)
    return local.date().isoformat() if event.all_day else local.isoformat()


def event_status(event):
    """schema.org's status: a postponed event here always has its new date, so it is
    ``EventRescheduled`` (schema.org keeps ``EventPostponed`` for a date still unknown)."""
    if event.is_cancelled:
        return SCHEMA + "EventCancelled"
    if event.is_postponed:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def _place(event):
    venue = event.venue
    if venue is None:
        return None
    address = {"@type": "PostalAddress", "addressCountry": "IT"}
    if venue.address:
        address["streetAddress"] = venue.address
    if venue.postal_code:
        address["postalCode"] = venue.postal_code
    if venue.city:
        address["addressLocality"] = venue.city
    place = {"@type": "Place", "name": venue.name, "address": address}
    if venue.has_coordinates:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def _virtual_location(event, url):
    links = event.stream_link_list
    return {"@type": "VirtualLocation", "url": links[0].url if links else url}


def _performer(speaker):
    person = {"@type": "Person", "name": speaker.name}
    if speaker.role:
        person["jobTitle"] = speaker.role
    if speaker.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
    if speaker.person_page_id and speaker.person_page and speaker.person_page.live:
        person["url"] = speaker.person_page.get_full_url()
    return person


def _offers(event, url):
    if event.has_external_registration:
        return {"@type": "Offer", "url": event.registration_url}
    if not event.has_site_registration:
        return None
    availability = event.availability
    offer = {
        "@type": "Offer",
        "url": url + "#iscrizione",
        "price": "0",
        "priceCurrency": "EUR",
        "availability": SCHEMA + ("InStock" if availability.accepting else "SoldOut"),
        "validThrough": _date(event, event.registration_closes_at),
    }
    if event.first_published_at:
        offer["validFrom"] = timezone.localtime(event.first_published_at).isoformat()
    return offer


def event_data(event, *, request=None, organisation=None):
    """The ``Event`` object for ``event``. ``organisation`` is the site's name and URL (the
    organiser when the event names none)."""
    url = event.get_full_url(request) or ""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": _date(event, event.start),
        "endDate": _date(event, event.end),
        "eventStatus": event_status(event),
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
        "inLanguage": event.locale.language_code,
    }
    description = event.summary or event.search_description
    if description:
        data["description"] = description
    if event.is_postponed and event.previous_start:
        data["previousStartDate"] = _date(event, event.previous_start)

    locations = []
    if event.is_in_person:
        place = _place(event)
        if place:
            locations.append(place)
    if event.is_online:
        locations.append(_virtual_location(event, url))
    if len(locations) == 1:
        data["location"] = locations[0]
    elif locations:
        data["location"] = locations

    if event.image_id and request is not None:
        rendition = event.image.get_rendition("fill-1200x675")
        data["image"] = [request.build_absolute_uri(rendition.url)]

    if event.organisers:
        data["organizer"] = {"@type": "Organization", "name": event.organisers}
    elif organisation and organisation.get("name"):
        data["organizer"] = {"@type": "Organization", **organisation}

    performers = [_performer(speaker) for speaker in event.speaker_list]
    if performers:
        data["performer"] = performers

    offers = _offers(event, url)
    if offers:
        data["offers"] = offers
    if event.has_site_registration:
        data["isAccessibleForFree"] = True  # registering here is free
    if event.has_site_registration and event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = event.availability.places_left
    return data
