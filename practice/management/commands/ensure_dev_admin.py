"""Make sure a development admin account exists, and say how to log in. Refuses when DEBUG is off."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "practice-dev"


class Command(BaseCommand):
    help = "Create the development superuser if missing and print the login details (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Where the site is served."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_dev_admin only runs with DEBUG on: create production accounts with "
                "`manage.py createsuperuser`."
            )
        username = os.environ.get("DEV_ADMIN_USERNAME", DEFAULT_USERNAME)
        password = os.environ.get("DEV_ADMIN_PASSWORD", DEFAULT_PASSWORD)
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
            note = "created"
        elif user.check_password(password):
            note = "already there"
        else:
            note = "already there, with a password changed since; reset it with `manage.py changepassword`"
            password = "(your own)"
        admin_url = options["url"].rstrip("/") + "/admin/"
        self.stdout.write(self.style.SUCCESS(f"Development admin account {note}."))
        self.stdout.write(f"  Log in at {admin_url}")
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
