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
