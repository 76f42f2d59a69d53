"""Load the demo practice: each app seeds its own pages from its `demo` module.

`practice` is the ground floor and must not import the apps above it, so this command finds
`<app>.demo` modules by name, in INSTALLED_APPS order, and calls their `seed(command)`. Every
seeder creates what is missing and leaves what exists alone, so running it again changes nothing.

Many generated blog posts on top of the demo, for load tests, are a development tool apart from
the product: `manage.py seed_scale N` (the devtools app, installed in development and tests).
"""

import importlib
import importlib.util

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction


def demo_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


class Command(BaseCommand):
    help = "Create the demo practice's pages and settings (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Skip rebuilding the search index afterwards (demo pages are then found by "
            "search only after `manage.py update_index`).",
        )

    def handle(self, *args, **options):
        self.created = []
        modules = list(demo_modules())
        with transaction.atomic():
            for module in modules:
                module.seed(self)
        if self.created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(self.created)} demo item(s):"))
            for label in self.created:
                self.stdout.write(f"  + {label}")
        else:
            self.stdout.write("Demo content already present: nothing to do.")
        if self.created:
            # The Content health report's rows, once every page is in place.
            call_command("refresh_content_health", stdout=self.stdout)
        if not options["no_index"]:
            call_command("update_index", verbosity=0)
        if connection.vendor == "postgresql":
            # Fresh planner statistics for the tables just filled (autovacuum may take a while).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def record(self, label):
        """Seeders call this for each thing they create, for the summary."""
        self.created.append(label)
