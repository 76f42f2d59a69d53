"""Remove a user's second factor (authenticator app and recovery codes), e.g. after a lost phone.

At their next admin request they get the first-time set-up screen again: a session verified with
a removed device is no longer verified. Change their password too if the phone was stolen.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove a user's second factor so they set it up again at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user's sign-in name.")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user is called {username!r}.") from exc
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        if devices:
            self.stdout.write(
                f"Removed the second factor of {username} ({len(devices)} device(s)). They set "
                "it up again at their next sign-in."
            )
        else:
            self.stdout.write(f"{username} had no second factor set up.")
