"""Remove a person's two-factor devices (lost phone and lost recovery codes).

At their next sign-in they are asked to pair a new authenticator app.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Remove a user's two-factor devices so they can pair a new authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        self.stdout.write(
            f"Two-factor devices of {username} removed ({removed} rows). "
            "They will pair a new app at their next sign-in."
        )
