"""Protection of the Wagtail admin: login throttling, rate-limited password resets and
two-factor authentication for the roles that can publish, send or read personal data.

- Failed logins are counted by django-axes per client address and per account *from that
  address*: an attacker elsewhere can never lock a real person out of their own account, and
  every lock-out ends by itself after ``AXES_COOLOFF_TIME``.
- The login and password-reset pages never say whether an account exists.
- Members of ``TWO_FACTOR_REQUIRED_GROUPS`` and superusers must confirm every admin session with
  a time-based one-time code (django-otp's TOTP devices) or a single-use recovery code.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from wagtail.admin.views.account import PasswordResetView

from axes.backends import AxesStandaloneBackend

from home import ratelimit


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for every sign-in that comes through a web request.

    Sign-ins without a request (a shell, a management command, the test client's ``login``)
    have no client address to count and skip the check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # Django's test client and ``login()`` without a backend use the first backend listed.
        return ModelBackend().get_user(user_id)


def axes_client_ip(request):
    """The client address for django-axes, or None for a request without one (the test
    client's ``login``, internal requests): axes stores it in an IP-address column."""
    return request.META.get("REMOTE_ADDR") or None


class _Notice:
    """A message for the login template, shaped like a ``django.contrib.messages`` message."""

    def __init__(self, text, tags="error"):
        self.text, self.tags = text, tags

    def __str__(self):
        return self.text


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers while a client is locked out: the login page, status 429.

    The message is the same whether or not the account exists, and says when to try again.
    """
    from wagtail.admin.forms.auth import LoginForm

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    notice = _(
        "Troppi tentativi di accesso non riusciti. Per sicurezza l'accesso da questa connessione "
        "è sospeso: riprova fra %(minutes)d minuti. Se hai dimenticato la password, usa il link "
        "per reimpostarla."
    ) % {"minutes": minutes}
    context = {
        "form": LoginForm(request=request),
        "messages": [_Notice(notice)],
        "show_password_reset": getattr(settings, "WAGTAIL_PASSWORD_RESET_ENABLED", True),
        "next": request.POST.get("next", ""),
    }
    return render(request, "wagtailadmin/login.html", context, status=429)


class RateLimitedPasswordResetView(PasswordResetView):
    """Wagtail's password reset, sending at most a few e-mails per address and per client.

    Over the limit the visitor sees the usual "check your e-mail" page and nothing is sent, so
    the answer never reveals whether an account exists or whether a limit was reached.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        per_ip = ratelimit.hit(
            "password-reset-ip",
            ratelimit.client_ip(self.request),
            limit=settings.PASSWORD_RESET_LIMIT_PER_IP,
            period=3600,
        )
        per_email = ratelimit.hit(
            "password-reset-email",
            email,
            limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
            period=3600,
        )
        if per_ip and per_email:
            return super().form_valid(form)
        return redirect(self.get_success_url())


# --- Two-factor authentication ---------------------------------------------------------------


def requires_two_factor(user):
    if not (user.is_authenticated and settings.TWO_FACTOR_REQUIRED):
        return False
    if user.is_superuser:
        return True
    required = settings.TWO_FACTOR_REQUIRED_GROUPS
    return any(group.name in required for group in user.groups.all())


def has_confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TwoFactorRequiredMiddleware:
    """Send admin users who must use two factors to set them up, or to enter a code.

    Runs after django-otp's ``OTPMiddleware``, which tells whether this session was verified.
    The sign-in, sign-out, password-reset and two-factor pages themselves stay reachable.
    """

    # Sign-in and recovery pages, plus the static assets every admin page loads (the icon
    # sprite, the JavaScript catalogue): nothing there is private.
    OPEN_PATHS = ("login/", "logout/", "password_reset/", "2fa/", "jsi18n/", "sprite/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        prefix = "/admin/"
        if path.startswith(prefix) and not path[len(prefix) :].startswith(self.OPEN_PATHS):
            user = request.user
            if requires_two_factor(user) and not user.is_verified():
                name = "two_factor_verify" if has_confirmed_device(user) else "two_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(name)}?{query}")
        return self.get_response(request)


def safe_next(request, default="wagtailadmin_home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def notify_recovery_code_used(request, remaining):
    if remaining <= 2:
        messages.warning(
            request,
            _(
                "Hai usato un codice di recupero: te ne restano %(count)d. Generane di nuovi "
                "dalla pagina dell'autenticazione a due fattori."
            )
            % {"count": remaining},
        )
