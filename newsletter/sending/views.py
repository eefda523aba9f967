"""Admin screens of the send: choose and confirm, follow the progress, pause, resume, cancel.

Only members of the "Newsletter" group (permission ``newsletter.send_newsletter``) and
superusers reach them; everyone else gets a real 403. Nothing here shows an address: the
group sees numbers, the Privacy group alone sees people.

Confirming is two steps without JavaScript: the choices are submitted with GET (nothing
changes) and the page answers with the exact count and a confirmation form; only its POST
creates the send, and the ``request_key`` it carries makes a double click harmless.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..compose_views import forbidden
from ..pages import NewsletterPage
from . import audience, workflow
from .blackout import window_at
from .forms import ROME, SendForm
from .models import Send, SendProgress

SENDS_PER_PAGE = 25


def can_view_sends(user):
    return workflow.can_send(user) or user.has_perm("newsletter.view_send")


def _detail_url(send):
    return reverse("newsletter_send_detail", args=[send.pk])


@require_http_methods(["GET", "POST"])
def send_screen(request, page_id):
    """Choose lists, language and time; see the exact count; confirm."""
    if not workflow.can_send(request.user):
        return forbidden(request)
    page = get_object_or_404(NewsletterPage, pk=page_id)
    context = {
        "page": page,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "active_send": Send.objects.of_newsletter(page).active().first(),
        "past_sends": Send.objects.of_newsletter(page).exclude(status__in=Send.ACTIVE_STATUSES)[
            :10
        ],
        "has_unpublished_changes": page.has_unpublished_changes,
    }
    if request.method == "POST":
        form = SendForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                send, created = workflow.request_send(
                    page,
                    user=request.user,
                    lists=data["mailing_lists"],
                    language=data["language"],
                    request_key=data["request_key"],
                    scheduled_at=data["scheduled_at"],
                    override_reason=data.get("override_reason", ""),
                )
            except PermissionDenied:
                return forbidden(request)
            except workflow.SendRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if created and send.scheduled_at:
                    messages.success(
                        request,
                        _("Invio programmato per il %(when)s (ora italiana).")
                        % {"when": _format(send.scheduled_at)},
                    )
                elif created:
                    messages.success(request, _("Invio avviato."))
                return redirect(_detail_url(send))
        return _confirmation(request, form, context)
    if "mailing_lists" in request.GET:
        form = SendForm(request.GET, user=request.user)
        if form.is_valid():
            return _confirmation(request, form, context)
    else:
        form = SendForm(user=request.user)
    context["form"] = form
    return TemplateResponse(request, "newsletter/admin/send_choose.html", context)


def _format(moment):
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment, ROME), "j F Y, H:i")


def _confirmation(request, form, context):
    """The exact recipients, the version each language gets, and the confirm button."""
    page = context["page"]
    if not form.is_valid():
        context["form"] = form
        return TemplateResponse(request, "newsletter/admin/send_choose.html", context)
    data = form.cleaned_data
    lists = list(data["mailing_lists"])
    summary = audience.summarise(page, [ml.pk for ml in lists], data["language"])
    window = window_at(form.moment())
    context.update(
        {
            "form": form,
            "lists": lists,
            "summary": summary,
            "scheduled_at": data["scheduled_at"],
            "scheduled_label": _format(data["scheduled_at"]) if data["scheduled_at"] else "",
            "window": window,
            "can_override": request.user.is_superuser,
            "request_key": data.get("request_key") or uuid.uuid4(),
            "choose_url": request.path,
        }
    )
    return TemplateResponse(request, "newsletter/admin/send_confirm.html", context)


def _get_send(request, send_id):
    return get_object_or_404(Send.objects.select_related("page", "requested_by"), pk=send_id)


@require_GET
def send_index(request):
    """Every send, newest first, with its state and counts."""
    if not can_view_sends(request.user):
        return forbidden(request)
    sends = Send.objects.select_related("page", "requested_by").prefetch_related("mailing_lists")
    page_obj = Paginator(sends, SENDS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "newsletter/admin/send_index.html", {"sends": page_obj, "page_obj": page_obj}
    )


@require_GET
def send_detail(request, send_id):
    """Progress while it runs (updated by a small script, or by reloading) and the report."""
    if not can_view_sends(request.user):
        return forbidden(request)
    send = _get_send(request, send_id)
    progress = SendProgress.for_send(send, with_statistics=not send.is_active)
    return TemplateResponse(
        request,
        "newsletter/admin/send_detail.html",
        {
            "send": send,
            "progress": progress,
            "lists": send.mailing_lists.all(),
            "contents": send.contents.select_related("page__locale").only(
                "language", "subject", "page__title", "page__locale__language_code"
            ),
            "can_act": workflow.can_send(request.user),
            "can_override": request.user.is_superuser,
            "status_url": reverse("newsletter_send_status", args=[send.pk]),
            "window": window_at(timezone.now()) if send.status == Send.Status.PAUSED else None,
            "Status": Send.Status,
        },
    )


@never_cache
@require_GET
def send_status(request, send_id):
    """The progress as JSON, for the progress bar (two queries)."""
    if not can_view_sends(request.user):
        return JsonResponse({"error": "forbidden"}, status=403)
    send = get_object_or_404(Send, pk=send_id)
    return JsonResponse(SendProgress.for_send(send).as_dict())


def _action(request, send_id, act, done_message, nothing_message):
    if not workflow.can_send(request.user):
        return forbidden(request)
    send = _get_send(request, send_id)
    try:
        changed = act(send)
    except PermissionDenied:
        return forbidden(request)
    except workflow.SendRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if changed:
            messages.success(request, done_message)
        else:
            messages.warning(request, nothing_message)
    return redirect(_detail_url(send))


@require_POST
def pause_send(request, send_id):
    """Pause a running send between two batches."""
    return _action(
        request,
        send_id,
        lambda send: workflow.pause(send, user=request.user),
        _("Invio in pausa: i lotti già partiti si completano."),
        _("L'invio non è in corso: niente da mettere in pausa."),
    )


@require_POST
def resume_send(request, send_id):
    """Resume a paused send (a superuser may override electoral silence with a reason)."""
    reason = request.POST.get("override_reason", "")[:1000]
    return _action(
        request,
        send_id,
        lambda send: workflow.resume(send, user=request.user, override_reason=reason),
        _("Invio ripreso."),
        _("L'invio non è in pausa: niente da riprendere."),
    )


@require_POST
def cancel_send(request, send_id):
    """Cancel a scheduled or paused send."""
    return _action(
        request,
        send_id,
        lambda send: workflow.cancel(send, user=request.user),
        _("Invio annullato: nessun altro messaggio partirà."),
        _("Si può annullare solo un invio programmato o in pausa."),
    )


@require_POST
def resend_in_doubt(request, send_id):
    """Queue the deliveries in doubt again, accepting that some people may get two copies."""
    if request.POST.get("accept_duplicates") != "1":
        messages.error(request, _("Conferma di accettare che qualcuno riceva due copie."))
        return redirect(reverse("newsletter_send_detail", args=[send_id]))
    return _action(
        request,
        send_id,
        lambda send: workflow.resend_in_doubt(send, user=request.user),
        _("I recapiti in dubbio sono di nuovo in coda."),
        _("Non ci sono recapiti in dubbio."),
    )
