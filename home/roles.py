"""The editorial roles and what each may do.

Kept in one place so the data migration that creates the groups and the tests that check them
read the same table. Later apps add their own groups (the newsletter's Newsletter and Privacy).
"""

VOLUNTEERS = "Volontari"
EDITORS = "Redazione"
# The treasurer's group: for now it may only enter the admin (two factors required, see
# TWO_FACTOR_REQUIRED_GROUPS); the transparency register will give it its rights.
TREASURY = "Tesoreria"

# Django permissions (app_label, codename) per group, beyond page permissions.
MODEL_PERMISSIONS = {
    VOLUNTEERS: [
        ("wagtailadmin", "access_admin"),
    ],
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("home", "change_sitesettings"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
    ],
    TREASURY: [
        ("wagtailadmin", "access_admin"),
    ],
}

# Translating with wagtail-localize ("Traduci"): volunteers draft translations, the Redazione
# also publishes them and keeps the site texts (home.SiteTexts, one copy per language). Granted
# by home/migrations/0009_translation_permissions.py.
TRANSLATION_PERMISSIONS = {
    VOLUNTEERS: [("wagtail_localize", "submit_translation")],
    EDITORS: [
        ("wagtail_localize", "submit_translation"),
        ("home", "add_sitetexts"),
        ("home", "change_sitetexts"),
    ],
}

# Page permissions granted on the whole tree (the root page).
PAGE_PERMISSIONS = {
    VOLUNTEERS: ["add_page", "change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"],
}

# Image and document permissions granted on the root collection.
COLLECTION_PERMISSIONS = {
    VOLUNTEERS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    EDITORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtaildocs", "delete_document"),
    ],
}

WORKFLOW_NAME = "Approvazione della Redazione"
WORKFLOW_TASK_NAME = "Revisione della Redazione"
