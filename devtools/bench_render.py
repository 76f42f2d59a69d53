"""`make bench`'s render table: how long each page type takes to render in-process, and its
queries, with the full-page cache off, so a slower template or an extra query shows in one run.

    DATABASE_URL=... .venv/bin/python -m devtools.bench_render [--requests 60] [--json]

It runs in its own process with the environment `scripts/bench.py` gives gunicorn (production
settings, PAGE_CACHE=off, the benchmark's database, already migrated and seeded), so it measures
the code as production runs it: the cached template loader, no debug toolbar, the same middleware.
Each page is requested through Django's test client (the whole middleware stack, routing,
templates and gzip, without a socket), warmed up first, then timed `--requests` times; the table
gives the median and the 95th percentile in milliseconds and the queries of one more request
(counted apart, since counting makes queries slower). The editor's rows time the Wagtail admin as
a logged-in editor: the page edit view, and the live preview (the form POSTed, as the admin's
script sends it on every change, then the preview iframe's GET).
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from contextlib import redirect_stdout
from dataclasses import asdict, dataclass

SEED_POST_SLUG = "what-is-psychodynamic-therapy"  # the demo's seed post (blog/demo.py)
SEED_THERAPY_SLUG = "psychodynamic-therapy"
SEARCH_QUERY = "anxiety"


@dataclass
class RenderRow:
    name: str
    path: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def public_pages():
    """(name, path) of one live public page of every page type, in the order of the table: the
    seed post and the psychodynamic therapy page where the demo has them, the first by tree order
    otherwise; then a blog topic, search and a page number of the blog."""
    from wagtail.models import Page

    from blog.models import BlogIndexPage, BlogPostPage
    from practice.models import (
        ClinicianPage,
        ContactPage,
        FeesPage,
        HomePage,
        StandardPage,
        TeamIndexPage,
    )
    from therapy_pages.models import (
        ConditionIndexPage,
        ConditionPage,
        TherapyIndexPage,
        TherapyPage,
    )

    def first(model, slug=None):
        pages = Page.objects.type(model).live().public().order_by("path")
        page = (slug and pages.filter(slug=slug).first()) or pages.first()
        return page.specific.get_url_parts()[2] if page else None

    found = [
        ("home", first(HomePage)),
        ("standard (about)", first(StandardPage)),
        ("therapies index", first(TherapyIndexPage)),
        ("therapy", first(TherapyPage, SEED_THERAPY_SLUG)),
        ("conditions index", first(ConditionIndexPage)),
        ("condition", first(ConditionPage)),
        ("team", first(TeamIndexPage)),
        ("clinician", first(ClinicianPage)),
        ("fees", first(FeesPage)),
        ("contact", first(ContactPage)),
        ("blog index", first(BlogIndexPage)),
        ("blog post (seed)", first(BlogPostPage, SEED_POST_SLUG)),
    ]
    blog = dict(found).get("blog index")
    post = BlogPostPage.objects.live().filter(slug=SEED_POST_SLUG).first()
    tag = post.tags.order_by("slug").first() if post else None
    if blog and tag:
        found.append(("blog topic", f"{blog}topic/{tag.slug}/"))
    from django.urls import reverse

    found.append(("search", f"{reverse('search')}?q={SEARCH_QUERY}"))
    return [(name, path) for name, path in found if path]


def editor_pages():
    """The pages whose admin edit view and preview are timed: the seed post and the therapy."""
    from blog.models import BlogPostPage
    from therapy_pages.models import TherapyPage

    pages = [
        ("seed post", BlogPostPage.objects.filter(slug=SEED_POST_SLUG).first()),
        ("therapy", TherapyPage.objects.filter(slug=SEED_THERAPY_SLUG).first()),
    ]
    return [(name, page) for name, page in pages if page is not None]


def editor():
    """A superuser to time the admin with (the practice admin): made once, marked as a
    benchmark account, with no usable password (the test client logs it in directly)."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="bench-editor",
        defaults={"is_staff": True, "is_superuser": True, "email": "bench@practice.invalid"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def timed(call, requests, warmup):
    """(median ms, p95 ms, last response) of `call()` after `warmup` untimed calls."""
    response = None
    for _ in range(warmup):
        response = call()
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        response = call()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations), percentile(durations, 0.95), response


def count_queries(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def measure(name, path, call, requests, warmup):
    median, p95, response = timed(call, requests, warmup)
    return RenderRow(name, path, median, p95, count_queries(call), response.status_code)


def page_rows(client, requests, warmup):
    headers = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    return [
        measure(name, path, lambda path=path: client.get(path, **headers), requests, warmup)
        for name, path in public_pages()
    ]


def editor_rows(client, requests, warmup):
    from django.urls import reverse

    from devtools.admin_form_data import edit_form_data

    user = editor()
    client.force_login(user)
    rows = []
    for name, page in editor_pages():
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        rows.append(
            measure(f"edit view: {name}", edit_url, lambda url=edit_url: client.get(url), 5, 1)
        )
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        data = edit_form_data(page, user)

        def preview(preview_url=preview_url, data=data):
            posted = client.post(preview_url, data)
            if posted.status_code != 200 or not posted.json().get("is_valid"):
                raise RuntimeError(f"the preview of {preview_url} refused the form: {posted}")
            return client.get(preview_url, {"mode": ""})

        rows.append(measure(f"preview: {name}", preview_url, preview, max(5, requests // 4), 1))
    client.logout()
    return rows


def run(requests, warmup):
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    if getattr(settings, "PAGE_CACHE_ENABLED", True):
        raise SystemExit("the render table measures renders: run it with PAGE_CACHE=off")
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
    client = Client(HTTP_HOST=host)
    with redirect_stdout(io.StringIO()):  # nothing the site prints may mix with the table
        rows = page_rows(client, requests, warmup) + editor_rows(client, requests, warmup)
    return rows


def print_table(rows):
    print("\n### In-process renders (page cache off, Django test client, production settings)\n")
    print("| page | URL | median ms | p95 ms | queries | status |")
    print("|---|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row.name} | `{row.path}` | {row.median_ms:.1f} | {row.p95_ms:.1f} | "
            f"{row.queries} | {row.status} |"
        )
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="Timed requests per page (60).")
    parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first (5).")
    parser.add_argument("--json", action="store_true", help="One JSON line instead of a table.")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings.production")
    # The benchmark's editor is logged in by the test client, without a second factor: the
    # edit view and preview are timed, not the two-factor check in front of them.
    os.environ["STAFF_TWO_FACTOR"] = "false"
    rows = run(args.requests, args.warmup)
    if args.json:
        print(json.dumps([asdict(row) for row in rows]))
    else:
        print_table(rows)
    return 1 if any(row.status != 200 for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
