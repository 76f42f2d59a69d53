"""Make every page in the full-page cache stale (after a restore, or a change made outside the admin)."""

from django.core.management.base import BaseCommand

from practice.page_cache import invalidate


class Command(BaseCommand):
    help = "Make every cached page stale on every app server."

    def handle(self, *args, **options):
        invalidate("manage.py invalidate_page_cache")
        self.stdout.write("Cached pages will be rendered afresh on their next visit.")
