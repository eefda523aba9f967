"""The newsletter sign-up form, for the footer, the home page, the archive and page blocks.

``{% newsletter_signup variant="footer" heading=… text=… %}`` renders the real form posting to
the subscribe view. Several forms on one page get distinct ids. The form costs no query on a
warm cache (see ``newsletter.forms.public_lists``); on pages from the shared page cache the
CSRF token is filled in per visitor (``home.page_cache``).
"""

from django import template

from home.models import SiteSettings

from ..forms import SubscribeForm

register = template.Library()


def _next_form_number(request):
    if request is None:
        return 1
    number = getattr(request, "_newsletter_signup_forms", 0) + 1
    request._newsletter_signup_forms = number
    return number


@register.inclusion_tag("newsletter/includes/signup.html", takes_context=True)
def newsletter_signup(context, variant="block", heading="", text="", list_ids=None):
    """The sign-up box: heading, text and the form; nothing when no list is public.

    The footer's box gives way when the page already showed a sign-up form (the home page's
    call to action, a page block): one form per page is enough.
    """
    request = context.get("request")
    if variant == "footer" and getattr(request, "_newsletter_signup_forms", 0):
        return {"form": None}
    site_settings = SiteSettings.for_request(request) if request is not None else None
    number = _next_form_number(request)
    prefix = f"nl-{variant}" if number == 1 else f"nl-{variant}-{number}"
    form = SubscribeForm(
        site_settings=site_settings,
        offered_list_ids=list_ids,
        auto_id=f"{prefix}-%s",
        initial={"source": request.path if request is not None else ""},
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "form": form if form.offered_lists else None,
        "variant": variant,
        "prefix": prefix,
        "heading": heading,
        "text": text,
    }
