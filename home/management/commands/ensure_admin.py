"""Create the first administrator account if there is none, and say how to log in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser on first run. Username and password come from "
        "DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD, or a password is generated "
        "and printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An administrator account already exists "
                "(forgot the password? run: .venv/bin/python manage.py changepassword USERNAME)."
            )
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org")
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS("Administrator account created."))
        self.stdout.write(f"  username: {username}")
        if "DJANGO_SUPERUSER_PASSWORD" in os.environ:
            self.stdout.write("  password: the value of DJANGO_SUPERUSER_PASSWORD")
        else:
            self.stdout.write(f"  password: {password}")
            self.stdout.write("  (shown only now: write it down or change it in the admin)")
