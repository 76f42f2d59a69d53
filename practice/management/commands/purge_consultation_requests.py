"""Delete consultation requests older than the retention period. Meant for a daily cron job:

0 3 * * *  cd /srv/practice && .venv/bin/python manage.py purge_consultation_requests
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from practice.models import ConsultationRequest


class Command(BaseCommand):
    help = "Delete consultation requests older than CONSULTATION_RETENTION_DAYS (default 90)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention period, in days.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be deleted."
        )

    def handle(self, *args, **options):
        days = (
            options["days"] if options["days"] is not None else settings.CONSULTATION_RETENTION_DAYS
        )
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = ConsultationRequest.objects.filter(created__lt=cutoff)
        count = old.count()
        if options["dry_run"]:
            self.stdout.write(f"{count} request(s) older than {days} days would be deleted.")
            return
        old.delete()
        self.stdout.write(f"Deleted {count} consultation request(s) older than {days} days.")
