from django.core.management.base import BaseCommand

from content_health.health import refresh_all


class Command(BaseCommand):
    help = "Check every live page again for the Content health report (Reports → Content health)."

    def handle(self, *args, **options):
        count = refresh_all()
        self.stdout.write(f"Checked {count} live pages.")
