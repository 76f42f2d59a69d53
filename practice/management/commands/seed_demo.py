"""Load the demo practice: each app seeds its own pages from its `demo` module.

`practice` is the ground floor and must not import the apps above it, so this command finds
`<app>.demo` modules by name, in INSTALLED_APPS order, and calls their `seed(command)`. Every
seeder creates what is missing and leaves what exists alone, so running it again changes nothing.

`--scale N` then asks every demo module with a `scale(count, command)` function (the blog's) for N
generated items on top of the demo: the same N items on every run, so repeating it adds nothing
and a bigger N only adds the difference.
"""

import importlib
import importlib.util
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
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
            help="Skip rebuilding the search index afterwards (generated posts are then found "
            "by search only after `manage.py update_index`).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also make N generated blog posts (with authors, topics, pictures and comments) "
            "for load tests. Repeating it adds nothing; a bigger N adds the difference.",
        )

    def handle(self, *args, **options):
        if options["scale"] < 0:
            raise CommandError("--scale takes the number of posts wanted, 0 or more.")
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
        summaries = self.scale(modules, options["scale"]) if options["scale"] else []
        if options["no_index"]:
            index_note = "search index not rebuilt (--no-index)"
        else:
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            index_note = f"search index rebuilt in {time.perf_counter() - started:.1f} s"
        for summary in summaries:
            self.stdout.write(self.style.SUCCESS(f"{summary}; {index_note}."))
        if connection.vendor == "postgresql":
            # Fresh planner statistics for the tables just filled (autovacuum may take a while).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def scale(self, modules, count):
        """Generated content, each app's in a transaction of its own after the demo it builds
        on. Returns a one-line summary per app, with the time it took."""
        scalers = [module for module in modules if hasattr(module, "scale")]
        if not scalers:
            raise CommandError("No installed app can generate content for --scale.")
        summaries = []
        for module in scalers:
            started = time.perf_counter()
            with transaction.atomic():
                summary = module.scale(count, self)
            summaries.append(f"{summary} in {time.perf_counter() - started:.1f} s")
        return summaries

    def record(self, label):
        """Seeders call this for each thing they create, for the summary."""
        self.created.append(label)
