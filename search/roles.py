"""Who steers the site search: the Redazione manages promoted results and sees popular searches."""

from home.roles import EDITORS

PROMOTION_PERMISSIONS = [
    "add_searchpromotion",
    "change_searchpromotion",
    "delete_searchpromotion",
    "view_searchpromotion",
]

GROUP_PERMISSIONS = {EDITORS: PROMOTION_PERMISSIONS}


def can_steer_search(user):
    """True for users who may promote results, and so see what people search for."""
    return any(
        user.has_perm(f"wagtailsearchpromotions.{codename}") for codename in PROMOTION_PERMISSIONS
    )
