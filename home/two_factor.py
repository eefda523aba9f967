"""Two-factor authentication pages in the admin: set up an authenticator app, confirm a session
with a code, manage recovery codes. Built on django-otp's TOTP and static-token devices."""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

import segno
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.admin_security import (
    has_confirmed_device,
    notify_recovery_code_used,
    requires_two_factor,
    safe_next,
)

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Authenticator"
RECOVERY_NAME = "Codici di recupero"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Codice"),
        max_length=16,
        help_text=gettext_lazy(
            "Le 6 cifre mostrate dall'app di autenticazione, oppure uno dei codici di recupero."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def _issue_recovery_codes(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _qr_svg(device):
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("Codice QR per l'app di autenticazione"), dark="#1a1a1a"
    )


@require_http_methods(["GET", "POST"])
def setup(request):
    """Pair an authenticator app: scan the code (or type the key), confirm with a first code."""
    user = request.user
    if has_confirmed_device(user):
        return redirect(reverse("two_factor_manage"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _issue_recovery_codes(user)
            otp_login(request, device)
            return TemplateResponse(
                request,
                "wagtailadmin/two_factor/recovery_codes.html",
                {"codes": codes, "next": safe_next(request), "just_enabled": True},
            )
        form.add_error("code", _("Il codice non è corretto o è scaduto. Riprova con quello nuovo."))
    secret = device.bin_key
    key = b32encode(secret).decode().rstrip("=")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        "next": safe_next(request),
        "required": requires_two_factor(user),
    }
    return TemplateResponse(request, "wagtailadmin/two_factor/setup.html", context)


@require_http_methods(["GET", "POST"])
def verify(request):
    """Confirm this session with a code from the app or a recovery code."""
    user = request.user
    if not has_confirmed_device(user):
        return redirect(f"{reverse('two_factor_setup')}?next={safe_next(request)}")
    if user.is_verified():
        return redirect(safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = None
        for candidate in [
            *TOTPDevice.objects.filter(user=user, confirmed=True),
            *StaticDevice.objects.filter(user=user, confirmed=True),
        ]:
            device = verify_token(user, candidate.persistent_id, code)
            if device is not None:
                break
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                notify_recovery_code_used(request, device.token_set.count())
            return redirect(safe_next(request))
        form.add_error(
            "code",
            _(
                "Il codice non è valido. Controlla che l'ora del telefono sia giusta; dopo "
                "alcuni errori di fila bisogna attendere qualche secondo in più fra un "
                "tentativo e l'altro."
            ),
        )
    context = {"form": form, "next": safe_next(request)}
    return TemplateResponse(request, "wagtailadmin/two_factor/verify.html", context)


@require_http_methods(["GET", "POST"])
def manage(request):
    """See whether two factors are on; renew recovery codes; turn them off where allowed."""
    user = request.user
    enabled = has_confirmed_device(user)
    if enabled and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
    required = requires_two_factor(user)
    if request.method == "POST" and enabled:
        action = request.POST.get("action")
        if action == "recovery":
            codes = _issue_recovery_codes(user)
            return TemplateResponse(
                request,
                "wagtailadmin/two_factor/recovery_codes.html",
                {"codes": codes, "next": reverse("two_factor_manage"), "just_enabled": False},
            )
        if action == "disable" and not required:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            messages.success(request, _("Autenticazione a due fattori disattivata."))
            return redirect(reverse("two_factor_manage"))
    remaining = (
        StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()
        if enabled
        else 0
    )
    context = {
        "enabled": enabled,
        "required": required,
        "remaining_codes": remaining,
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return TemplateResponse(request, "wagtailadmin/two_factor/manage.html", context)
