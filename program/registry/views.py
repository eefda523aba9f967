"""Public views of the partner registry: the request form and the personal links.

The request form is a route of the directory page (it follows the page's language). The pages
behind personal links (confirm a request; renew or leave the registry) live under
``/program/con-chi/``: never cached, kept out of other sites' ``Referer`` headers and out of
search engines, shown in the language the request was made in. A GET never changes anything:
the page shows a button, and the POST of that button does the work.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from home import ratelimit
from home.legal import LegalTextVersion
from home.models import SiteSettings

from . import services, tokens
from .forms import JoinRequestForm

RATE_LIMIT_PERIOD = 3600


def _setting(name, default):
    return int(getattr(settings, name, default))


def _form_for(request, page, data=None):
    site_settings = SiteSettings.for_request(request)
    # The notice in the visitor's language, as ``LegalTextVersion`` stores it.
    privacy_page = site_settings.localized_privacy_page
    return JoinRequestForm(
        data,
        organisation_name=site_settings.organisation_name or "Piazza",
        privacy_page=privacy_page,
    )


def _render_form(request, page, form, status=200):
    response = page.render(
        request,
        template="program/organisation_join.html",
        context_overrides={"form": form},
    )
    response.status_code = status
    return response


def join(request, page):
    """The request to join: GET shows the form; POST checks it and mails a confirmation link.

    A valid request always ends on the same "check your inbox" page; a bot filling the honeypot
    and an address over its hourly limit get that page too, and nothing is kept. Only the
    per-connection limit, which says nothing about the address, has its own answer (429).
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        return _render_form(request, page, _form_for(request, page))
    sent = redirect(page.url + page.reverse_subpage("join_sent"))
    sent.status_code = 303
    form = _form_for(request, page, request.POST)
    if form.is_bot():
        return sent
    if not ratelimit.hit(
        "program-registry-ip",
        ratelimit.client_ip(request),
        limit=_setting("PROGRAM_REGISTRY_LIMIT_PER_IP", 5),
        period=RATE_LIMIT_PERIOD,
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Abbiamo ricevuto troppe richieste da questa connessione: la richiesta non è "
                "stata salvata. Riprova tra un'ora."
            ),
        )
        return _render_form(request, page, form, status=429)
    if not form.is_valid():
        return _render_form(request, page, form, status=400)
    data = form.cleaned_data
    if not ratelimit.hit(
        "program-registry-email",
        data["contact_email"].strip().lower(),
        limit=_setting("PROGRAM_REGISTRY_LIMIT_PER_EMAIL", 3),
        period=RATE_LIMIT_PERIOD,
    ):
        return sent  # the same answer as always: nothing tells what happens to an address
    site = Site.find_for_request(request)
    consents = {
        "publication": LegalTextVersion.objects.consent(form.fields["publication_consent"].label),
        "contact": (
            LegalTextVersion.objects.consent(form.fields["contact_consent"].label)
            if data.get("contact_consent")
            else None
        ),
        "privacy": LegalTextVersion.objects.consent(form.fields["privacy_consent"].label),
        "notice": LegalTextVersion.objects.current_privacy_notice(site),
    }
    services.request_listing(
        form.organisation_data(),
        lenses=data["lenses"],
        consents=consents,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    return sent


def join_sent(request, page):
    """The page after the form: the same for everyone, it says to check the inbox."""
    hours = int(tokens.max_age(tokens.CONFIRM).total_seconds() // 3600)
    return page.render(
        request,
        template="program/organisation_join_sent.html",
        context_overrides={"max_age_hours": hours},
    )


# --- Personal links ----------------------------------------------------------------------------


def _personal(response):
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _render(request, template, context, status=200):
    return _personal(TemplateResponse(request, template, context, status=status))


def invalid_link(request):
    """The one answer to every bad token: the same words, status 400, nothing changed."""
    return _render(request, "program/registry/invalid_link.html", {}, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Confirm a request: GET shows what was asked and a button, POST sends it to moderation."""
    try:
        organisation = tokens.read_token(token, tokens.CONFIRM)
    except tokens.InvalidToken:
        return invalid_link(request)
    with translation.override(organisation.language):
        context = {"organisation": organisation}
        if request.method == "POST":
            organisation, _changed = services.confirm_request(organisation)
            context.update({"organisation": organisation, "done": True})
        return _render(request, "program/registry/confirm.html", context).render()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """The organisation's personal page: renew the listing for a year, or leave the registry.

    GET shows the listing and the buttons; a POST of ``azione=rinnova`` renews, of
    ``azione=esci`` (with the confirmation box ticked) deletes the organisation.
    """
    from program.models import OrganisationStatus

    try:
        organisation = tokens.read_token(token, tokens.MANAGE)
    except tokens.InvalidToken:
        return invalid_link(request)
    if organisation.status not in (OrganisationStatus.APPROVED, OrganisationStatus.EXPIRED):
        return invalid_link(request)
    with translation.override(organisation.language):
        today = timezone.localdate()
        context = {"organisation": organisation, "today": today, "token": token}
        status = 200
        if request.method == "POST":
            action = request.POST.get("azione")
            if action == "rinnova":
                try:
                    context["organisation"] = services.renew(organisation, today=today)
                    context["renewed"] = True
                except services.NotAllowed as refused:
                    context["error"] = refused.message
                    status = 409
            elif action == "esci":
                if request.POST.get("conferma") == "1":
                    services.withdraw(organisation)
                    return _render(
                        request,
                        "program/registry/withdrawn.html",
                        {"name": organisation.name},
                    ).render()
                context["withdraw_error"] = _(
                    "Spunta la casella per confermare che volete uscire dall'elenco."
                )
                status = 400
            else:
                context["error"] = _("Scegli una delle azioni della pagina.")
                status = 400
        context["can_renew"] = context["organisation"].can_renew(today)
        context["listed"] = context["organisation"].is_listed(today)
        return _render(request, "program/registry/manage.html", context, status=status).render()
