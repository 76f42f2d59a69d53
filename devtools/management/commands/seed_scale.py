"""`manage.py seed_scale N`: the demo practice (seed_demo) and N generated blog posts on top of it,
for load tests (`make bench BENCH_ARGS="--scale 1000"`) and for seeing the blog as a busy
practice's would look. The same N posts on every run: repeating it adds nothing, and a bigger N
only adds the difference (see devtools/scale.py)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from devtools import scale


class Command(BaseCommand):
    help = (
        "Seed the demo, then N generated blog posts with authors, topics, pictures and comments "
        "(repeating it adds nothing; a bigger N adds the difference)."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, metavar="N", help="How many generated posts.")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Skip rebuilding the search index afterwards (generated posts are then found "
            "by search only after `manage.py update_index`).",
        )

    def handle(self, *args, count, no_index, **options):
        if count < 0:
            raise CommandError("seed_scale takes the number of posts wanted, 0 or more.")
        # The demo the posts build on: its blog, clinicians, conditions and therapies.
        call_command("seed_demo", "--no-index", stdout=self.stdout, stderr=self.stderr)
        started = time.perf_counter()
        with transaction.atomic():
            result = scale.seed(count)
        added = f"; {result.added}" if result.added else ""
        summary = (
            f"Scale: {result.present} generated blog posts in place ({result.created} new, "
            f"{result.comments} new comments{added}) in {time.perf_counter() - started:.1f} s"
        )
        if no_index:
            index_note = "search index not rebuilt (--no-index)"
        else:
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            index_note = f"search index rebuilt in {time.perf_counter() - started:.1f} s"
        self.stdout.write(self.style.SUCCESS(f"{summary}; {index_note}."))
        if connection.vendor == "postgresql":
            # Fresh planner statistics for the tables just filled (autovacuum may take a while).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
