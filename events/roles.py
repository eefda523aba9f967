"""What each editorial group may do with venues, categories and registrations."""

from home import roles

SNIPPET_PERMISSIONS = {
    # Volunteers drafting an event may need a new venue; categories shape the whole calendar.
    roles.VOLUNTEERS: ["add_venue", "change_venue"],
    roles.EDITORS: [
        "add_venue",
        "change_venue",
        "delete_venue",
        "add_eventcategory",
        "change_eventcategory",
        "delete_eventcategory",
    ],
}

# Who sees the people registered to events: the editorial team only (volunteers never see
# personal data). (model, codename) pairs of the events app.
REGISTRATION_PERMISSIONS = {
    roles.EDITORS: [
        ("registration", "view_registration"),
        ("registration", "export_registrations"),
    ],
}
