"""What the editorial groups may do with the program app's snippets and registers.

Lenses shape the whole site, so only the editorial team manages them; volunteers drafting a
process may add a neighbourhood that is missing. The partner registry holds private contacts:
only the editorial team manages and moderates it. The register of contributions belongs to the
treasurer's group alone. Contribution-form submissions are not a Django permission: only the
editorial team sees them (``program.wagtail_hooks``).
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

# Granted by migration 0012 (registry and register).
REGISTRY_PERMISSIONS = {
    roles.EDITORS: [
        "add_organisation",
        "change_organisation",
        "delete_organisation",
        "view_organisation",
    ],
    roles.TREASURY: [
        "add_donor",
        "change_donor",
        "delete_donor",
        "view_donor",
        "add_contribution",
        "change_contribution",
        "delete_contribution",
        "view_contribution",
    ],
}
