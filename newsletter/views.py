"""Public pages of the newsletter: subscribe, confirm, preferences, unsubscribe.

None of them is ever stored by the shared page cache or by a proxy: every answer is
``private, no-store`` (``never_cache``), and the pages reached through personal links also
keep their address out of other sites' ``Referer`` headers and out of search engines. A GET
never changes anything: confirming, saving, unsubscribing and erasing are POSTs. Links that
are tampered with, expired or already used all get the same page, with status 400, and
change nothing.
"""

import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Site

from home import ratelimit
from home.models import SiteSettings
from home.origin import same_origin_post

from . import consent, services, tokens
from .forms import PreferencesForm, SubscribeForm
from .models import MailingList, Subscription, Suppression, email_key

RATE_LIMIT_PERIOD = 3600


def _site_settings(request):
    return SiteSettings.for_request(request)


def _render(request, template, context=None, *, status=200, personal=False):
    """A newsletter page: no sign-up box in the footer (the page is about the newsletter)."""
    context = {"newsletter_cta_hidden": True, **(context or {})}
    response = TemplateResponse(request, template, context, status=status)
    if personal:
        # The URL carries a personal token: never sent to other sites, never indexed.
        # ("same-origin", not "no-referrer": with no referrer at all browsers send
        # "Origin: null" with the page's own forms, which CSRF protection rightly refuses.)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def see_other(to):
    """Redirect after a POST with 303, so the browser follows with a GET."""
    response = HttpResponseRedirect(resolve_url(to))
    response.status_code = 303
    return response


def invalid_link(request):
    """The one answer to every bad token: the same words, status 400, nothing changed."""
    return _render(request, "newsletter/invalid_link.html", status=400, personal=True)


# --- Subscribe -------------------------------------------------------------------------------


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The subscribe form (GET) and its submission (POST).

    No CSRF cookie: the form is shown on every page (footer) and acts on no session, so it is
    protected by the browser's own report of where the POST comes from instead
    (``home.origin.same_origin_post``), and pages showing it stay cookie-free and cacheable.

    A valid submission always ends on the same "check your inbox" page, whatever the state of
    the address and whether or not a limit was reached; the work (and any e-mail) happens in
    a background task. Only the per-client limit, which says nothing about the address, gets
    its own answer (429).
    """
    site_settings = _site_settings(request)
    if request.method == "GET":
        form = SubscribeForm(site_settings=site_settings, auto_id="subscribe-%s")
        return _render(request, "newsletter/subscribe.html", {"form": form})

    if not ratelimit.hit(
        "newsletter-subscribe-ip",
        ratelimit.client_ip(request),
        limit=settings.NEWSLETTER_SUBSCRIBE_LIMIT_PER_IP,
        period=RATE_LIMIT_PERIOD,
    ):
        return _render(request, "newsletter/too_many_requests.html", status=429)
    form = SubscribeForm(request.POST, site_settings=site_settings, auto_id="subscribe-%s")
    if form.is_bot():
        return see_other("newsletter:subscribe_sent")
    if not form.is_valid():
        return _render(request, "newsletter/subscribe.html", {"form": form}, status=400)

    data = form.cleaned_data
    if ratelimit.hit(
        "newsletter-subscribe-email",
        email_key(data["email"]),
        limit=settings.NEWSLETTER_SUBSCRIBE_LIMIT_PER_EMAIL,
        period=RATE_LIMIT_PERIOD,
    ):
        consent_text, privacy_notice = consent.stored_versions(
            Site.find_for_request(request), form.wording
        )
        evidence = services.evidence_from_request(
            request,
            source=f"modulo:{data['source'] or request.path}",
            consent_text=consent_text,
            privacy_notice=privacy_notice,
        )
        services.request_subscription(
            data["email"],
            data["lists"],
            evidence=evidence,
            name=data["name"],
            language=translation.get_language(),
        )
    return see_other("newsletter:subscribe_sent")


@never_cache
def subscribe_sent(request):
    """The page after subscribing: the same for everyone, it only says to check the inbox."""
    hours = int(tokens.confirmation_max_age().total_seconds() // 3600)
    return _render(request, "newsletter/subscribe_sent.html", {"max_age_hours": hours})


# --- Confirm ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Double opt-in: GET shows what will be confirmed and a button; only the POST confirms.

    Mail scanners that open the link therefore confirm nothing.
    """
    try:
        subscriber = tokens.subscriber_for_confirmation(token)
    except tokens.InvalidToken:
        return invalid_link(request)
    pending = services.pending_lists(subscriber)
    if not pending:
        return invalid_link(request)
    wording = consent.confirmation_wording(_site_settings(request))
    if request.method == "GET":
        return _render(
            request,
            "newsletter/confirm.html",
            {"lists": pending, "wording": wording},
            personal=True,
        )
    consent_text, privacy_notice = consent.stored_versions(Site.find_for_request(request), wording)
    evidence = services.evidence_from_request(
        request,
        source="conferma",
        consent_text=consent_text,
        privacy_notice=privacy_notice,
    )
    try:
        subscriber = services.confirm(token, evidence=evidence)
    except tokens.InvalidToken:
        return invalid_link(request)
    return _render(
        request,
        "newsletter/confirmed.html",
        {"lists": pending, "manage_path": _manage_path(subscriber)},
        personal=True,
    )


# --- Preference centre -------------------------------------------------------------------------


def _manage_path(subscriber, token=None, *, language=None):
    token = token or tokens.make_token(subscriber, tokens.MANAGE)
    with translation.override(language or translation.get_language()):
        return reverse("newsletter:manage", kwargs={"token": token})


def _subscriber_for(token, purpose):
    try:
        return tokens.read_token(token, purpose)
    except tokens.InvalidToken:
        return None, None


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The preference centre reached from the personal link in every e-mail.

    Lists, language, name and lenses of interest; links to download or erase all data and to
    leave every list. Saving redirects to the same page in the language chosen.
    """
    subscriber, _list_id = _subscriber_for(token, tokens.MANAGE)
    if subscriber is None:
        return invalid_link(request)
    site_settings = _site_settings(request)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        subscriber=subscriber,
        site_settings=site_settings,
        auto_id="preferences-%s",
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            consent_text = privacy_notice = None
            if form.added_lists():
                consent_text, privacy_notice = consent.stored_versions(
                    Site.find_for_request(request), form.wording
                )
            evidence = services.evidence_from_request(
                request,
                source="preferenze",
                consent_text=consent_text,
                privacy_notice=privacy_notice,
                token=token,
            )
            services.update_preferences(
                subscriber,
                lists=data["lists"],
                evidence=evidence,
                language=data["language"],
                name=data["name"],
                lenses=data["lenses"],
            )
            target = _manage_path(subscriber, token, language=data["language"])
            return see_other(f"{target}?salvato=1")
        status = 400
    subscriptions = subscriber.subscriptions.select_related("mailing_list")
    context = {
        "form": form,
        "subscriber": subscriber,
        "token": token,
        "saved": request.method == "GET" and request.GET.get("salvato") == "1",
        "internal_subscriptions": [
            item
            for item in subscriptions
            if item.mailing_list.visibility == MailingList.Visibility.INTERNAL
            and item.status == Subscription.Status.ACTIVE
        ],
        "suppressed": Suppression.objects.is_suppressed(subscriber.email),
        "unsubscribe_path": _unsubscribe_path(subscriber),
    }
    return _render(request, "newsletter/manage.html", context, status=status, personal=True)


@never_cache
@require_http_methods(["POST"])
def export(request, token):
    """Download all data kept about the subscriber, consent log included (GDPR art. 15, 20).

    A POST (a button), so that nothing that merely follows links fetches personal data.
    """
    subscriber, _list_id = _subscriber_for(token, tokens.MANAGE)
    if subscriber is None:
        return invalid_link(request)
    body = json.dumps(services.export_data(subscriber), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsletter-i-miei-dati.json"'
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request, token):
    """Delete all my data: GET asks for confirmation, POST erases and says so on screen."""
    subscriber, _list_id = _subscriber_for(token, tokens.MANAGE)
    if subscriber is None:
        return invalid_link(request)
    if request.method == "GET":
        return _render(
            request,
            "newsletter/erase.html",
            {"subscriber": subscriber, "manage_path": _manage_path(subscriber, token)},
            personal=True,
        )
    services.erase(
        subscriber,
        evidence=services.evidence_from_request(request, source="preferenze", token=token),
    )
    return _render(request, "newsletter/erased.html", personal=True)


# --- Unsubscribe -------------------------------------------------------------------------------


def _unsubscribe_path(subscriber, mailing_list=None):
    token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE, mailing_list=mailing_list)
    return reverse("newsletter:unsubscribe", kwargs={"token": token})


ONE_CLICK_FIELD = "List-Unsubscribe"
ONE_CLICK_VALUE = "One-Click"


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """The visible unsubscribe link and the RFC 8058 one-click endpoint, at one URL.

    GET shows one button. POST unsubscribes: from the button, or from a mail provider's
    one-click request (``List-Unsubscribe=One-Click`` in the body, no cookies, no CSRF
    token), which is why the view is CSRF-exempt and trusts nothing but the signed token.
    The answer is 200 without a redirect, sets no cookie, and repeating it changes nothing.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    subscriber, list_id = _subscriber_for(token, tokens.UNSUBSCRIBE)
    if subscriber is None:
        return invalid_link(request)
    mailing_list = None
    if list_id is not None:
        # A list deleted since the e-mail was sent: leaving everything is the safe reading.
        mailing_list = MailingList.objects.filter(pk=list_id).first()
    subscriptions = subscriber.subscriptions.exclude(
        status=Subscription.Status.UNSUBSCRIBED
    ).select_related("mailing_list")
    if mailing_list is not None:
        subscriptions = subscriptions.filter(mailing_list=mailing_list)
    context = {
        "mailing_list": mailing_list,
        "lists": [item.mailing_list for item in subscriptions],
        "manage_path": _manage_path(subscriber),
    }
    if request.method != "POST":
        return _render(request, "newsletter/unsubscribe.html", context, personal=True)
    one_click = request.POST.get(ONE_CLICK_FIELD) == ONE_CLICK_VALUE and "page" not in request.POST
    evidence = services.evidence_from_request(
        request,
        source="one-click (RFC 8058)" if one_click else "pagina di disiscrizione",
        token=token,
    )
    left = services.unsubscribe(subscriber, mailing_list, evidence=evidence)
    context.update({"left": left, "lists": left})
    return _render(request, "newsletter/unsubscribed.html", context, personal=True)
