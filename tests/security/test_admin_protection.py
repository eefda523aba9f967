"""Admin sign-in: throttling that never locks a person out from elsewhere, password resets that
reveal nothing and cannot flood a mailbox, and two factors for the roles that need them."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
OFFICE = "203.0.113.20"


def sign_in(client, username, password, ip):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_wrong_passwords_lock_that_address_out_for_a_while(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, editor.username, "sbagliata", ATTACKER)
        assert response.status_code == 200
    assert sign_in(client, editor.username, "sbagliata", ATTACKER).status_code == 429
    response = sign_in(client, editor.username, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Troppi tentativi" in response.text
    assert "15 minuti" in response.text
    assert "_auth_user_id" not in client.session

    # The cool-off ends by itself.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    AccessAttemptExpiration.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = sign_in(client, editor.username, PASSWORD, ATTACKER)
    assert response.status_code == 302


def test_an_attacker_cannot_lock_the_real_person_out(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        sign_in(client, editor.username, "sbagliata", ATTACKER)
    response = sign_in(client, editor.username, PASSWORD, OFFICE)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_spraying_many_accounts_from_one_address_is_stopped(client, editor, volunteer, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"persona{n}", "sbagliata", ATTACKER)
    assert sign_in(client, volunteer.username, PASSWORD, ATTACKER).status_code == 429


def test_unknown_and_known_accounts_get_the_same_answer(client, editor):
    known = sign_in(client, editor.username, "sbagliata", OFFICE)
    unknown = sign_in(client, "nessuno-si-chiama-cosi", "sbagliata", OFFICE)
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_password_reset_reveals_nothing_and_is_rate_limited(client, editor, settings):
    for email in (editor.email, "sconosciuta@example.org"):
        response = client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=OFFICE)
        assert response.status_code == 302
        assert response.url == "/admin/password_reset/done/"
    assert [m.to for m in mail.outbox] == [[editor.email]]

    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_EMAIL + 2):
        response = client.post(
            "/admin/password_reset/", {"email": editor.email.upper()}, REMOTE_ADDR=ATTACKER
        )
        assert response.url == "/admin/password_reset/done/"
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL


# --- Two factors ------------------------------------------------------------------------------


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def let_the_throttle_pass(user):
    """Move django-otp's last-failure time back, as if the person waited before retrying."""
    from django_otp.plugins.otp_static.models import StaticDevice

    earlier = timezone.now() - timedelta(minutes=5)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=earlier)


def test_an_editor_must_pair_an_app_before_using_the_admin(client, editor, two_factor_on):
    assert sign_in(client, editor.username, PASSWORD, OFFICE).status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/2fa/setup/?next=%2Fadmin%2Fpages%2F")
    # The icon sprite every admin page fetches is not a private page: it must not redirect
    # (the redirect would land the setup page inside the page as a second copy).
    assert client.get("/admin/sprite/").status_code == 200

    page = client.get(response.url)
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code, drawn by the site itself
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"code": "000000", "next": "/admin/pages/"})
    assert "non è corretto" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed
    # After a wrong code django-otp makes the next try wait (doubling after each failure).
    assert device.throttling_failure_count == 1
    throttled = client.post(
        "/admin/2fa/setup/", {"code": current_code(device), "next": "/admin/pages/"}
    )
    assert "non è corretto" in throttled.text
    let_the_throttle_pass(editor)
    device.refresh_from_db()

    done = client.post("/admin/2fa/setup/", {"code": current_code(device), "next": "/admin/pages/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.text for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == 200


def test_next_sign_in_asks_for_a_code_and_recovery_codes_work_once(client, editor, two_factor_on):
    device = TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True)
    from home.two_factor import _issue_recovery_codes

    recovery = _issue_recovery_codes(editor)

    sign_in(client, editor.username, PASSWORD, OFFICE)
    response = client.get("/admin/")
    assert response.url.startswith("/admin/2fa/verify/")
    assert client.post("/admin/2fa/verify/", {"code": "123456"}).status_code == 200
    assert client.get("/admin/").status_code == 302
    let_the_throttle_pass(editor)

    response = client.post("/admin/2fa/verify/", {"code": recovery[0], "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(token=recovery[0]).count() == 0

    client.logout()
    sign_in(client, editor.username, PASSWORD, OFFICE)
    assert client.post("/admin/2fa/verify/", {"code": recovery[0]}).status_code == 200
    assert client.get("/admin/").status_code == 302
    assert device.user == editor


def test_verify_refuses_to_redirect_elsewhere(client, editor, two_factor_on):
    device = TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True)
    sign_in(client, editor.username, PASSWORD, OFFICE)
    response = client.post(
        "/admin/2fa/verify/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_volunteers_are_not_forced_but_superusers_are(client, volunteer, superuser, two_factor_on):
    sign_in(client, volunteer.username, PASSWORD, OFFICE)
    assert client.get("/admin/").status_code == 200
    client.logout()
    sign_in(client, superuser.username, PASSWORD, OFFICE)
    assert client.get("/admin/").url.startswith("/admin/2fa/setup/")


def test_manage_page_renews_codes_and_keeps_required_two_factor_on(client, editor, two_factor_on):
    device = TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True)
    sign_in(client, editor.username, PASSWORD, OFFICE)
    client.post("/admin/2fa/verify/", {"code": current_code(device)})
    page = client.get("/admin/2fa/")
    assert "Disattiva" not in page.text
    renewed = client.post("/admin/2fa/", {"action": "recovery"})
    assert len(renewed.context["codes"]) == 10
    client.post("/admin/2fa/", {"action": "disable"})
    assert TOTPDevice.objects.filter(user=editor).exists()


def test_a_lost_phone_is_reset_by_a_command(editor, capsys):
    TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True)
    call_command("reset_two_factor", editor.username)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert "removed" in capsys.readouterr().out
