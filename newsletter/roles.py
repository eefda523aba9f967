"""The newsletter's groups and their permissions.

- "Privacy": the only group (besides superusers) that sees subscriber data: listing, detail
  with consent history, export, import, erasure, the suppression list.
- "Newsletter": manages mailing lists and sees aggregate numbers, never addresses.
"""

NEWSLETTER = "Newsletter"
PRIVACY = "Privacy"

MODEL_PERMISSIONS = {
    NEWSLETTER: [
        ("wagtailadmin", "access_admin"),
        ("newsletter", "add_mailinglist"),
        ("newsletter", "change_mailinglist"),
        ("newsletter", "delete_mailinglist"),
        ("newsletter", "view_mailinglist"),
    ],
    PRIVACY: [
        ("wagtailadmin", "access_admin"),
        ("newsletter", "view_mailinglist"),
        ("newsletter", "view_subscriber"),
        ("newsletter", "change_subscriber"),
        ("newsletter", "delete_subscriber"),
        ("newsletter", "export_subscribers"),
        ("newsletter", "import_subscribers"),
        ("newsletter", "view_consentevent"),
        ("newsletter", "view_suppression"),
    ],
}

# The sending side (data migration 0005_sending_roles): (app_label, model, codename).
# "Newsletter" sends and follows sends; the Redazione and "Newsletter" keep the electoral
# silence windows. Nobody but superusers may override a window.
BLACKOUT_PERMISSIONS = [
    ("newsletter", "blackoutwindow", f"{action}_blackoutwindow")
    for action in ("add", "change", "delete", "view")
]
SENDING_PERMISSIONS = {
    NEWSLETTER: [
        ("newsletter", "send", "send_newsletter"),
        ("newsletter", "send", "view_send"),
        *BLACKOUT_PERMISSIONS,
    ],
    "Redazione": BLACKOUT_PERMISSIONS,
}
SENDING_PERMISSION_NAMES = {"send_newsletter": "Può inviare newsletter agli iscritti"}

# The privacy officer's tools (data migration 0006_subscriber_transfers): the audit objects of
# CSV exports and imports, and adding addresses to the suppression list by hand.
SUBSCRIBER_ADMIN_PERMISSIONS = {
    PRIVACY: [
        ("newsletter", "subscribertransfer", "view_subscribertransfer"),
        ("newsletter", "suppression", "add_suppression"),
    ],
}
