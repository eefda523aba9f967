"""What the editorial groups may do with the program app's snippets.

Lenses shape the whole site, so only the editorial team manages them; volunteers drafting a
process may add a neighbourhood that is missing. Contribution-form submissions are not a Django
permission: only the editorial team sees them (``program.wagtail_hooks``).
"""

from home import roles

SNIPPET_PERMISSIONS = {
    roles.VOLUNTEERS: ["add_neighbourhood", "change_neighbourhood"],
    roles.EDITORS: [
        "add_lens",
        "change_lens",
        "delete_lens",
        "add_neighbourhood",
        "change_neighbourhood",
        "delete_neighbourhood",
    ],
}
