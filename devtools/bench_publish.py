"""`make load-test PUBLISH=1` (scripts/bench.py --load --publish): many readers while editors
publish, with the full-page cache on as in production.

64 connections read 200 different URLs of the site (every live public page, the blog's page
numbers, topics, condition and author filters, its feeds, search, the sitemap), found in the
database; a demo with fewer is topped up with generated posts (`seed_scale`) first. The run is cut
into windows of 10 s, one wrk run each (scripts/wrk_urls.lua spreads the URLs over the
connections); at the start of each window a post gets a new revision (its summary carries a
counter) published through Wagtail's `revision.publish()`, so the site's page_published signal
bumps the page cache's generation and every page is cold again. The publishing runs in a separate,
long-lived Django process with the production environment (`python -m devtools.bench_publish`,
reading one JSON command a line), as an editor's request would run in another worker.

Right after each publish the post and its blog index are fetched from the server and must show the
new summary: without Redis each worker rereads the generation at most every
PAGE_CACHE_GENERATION_SECONDS (half a second), so the check waits that long first; with Redis it
looks at once. The check runs beside the window's load and goes through the server like any
visitor, so while pages queue for seconds it takes seconds; the windows follow each other without
a pause, and the next publish waits for the check (a newer summary would make it look stale), so
the table gives when in its window each publish went out and how long each check took. Each window gets p50 / p99 and its errors (non-2xx/3xx answers and socket errors);
a window passes with p99 <= 300 ms and no error, the run with every window passing and no stale
answer. The post's summary is put back (published once more) when the run ends.

This module holds the URL list, the summary's marker and the publishing process;
devtools.bench_load runs the windows, devtools.bench_windows judges them and writes the table.
"""

# The one subprocess here runs this repository's Python with arguments built here, never a shell.
# ruff: noqa: S603

import json
import os
import subprocess
import sys
import time

from devtools.bench_site import BenchError, manage, python
from devtools.servers import ROOT

URL_COUNT = 200
SEARCH_QUERY = "anxiety"
SUMMARY_MAX = 400  # BlogPostPage.summary's max_length
PUBLISH_TIMEOUT = 120  # seconds for one publish to be answered (the machine is busy)


# --- Which URLs ------------------------------------------------------------------------------

# Runs inside `manage.py shell` (production settings): every URL a visitor can read, as one JSON
# object. `pages` are the live public pages and the blog's routes (page numbers, topics,
# condition and author filters, feeds), `posts` the public posts (newest first), `post` the post
# the run publishes: the newest, so it is on the first page of its blog as well.
DISCOVER_CODE = """
import json, math
from django.urls import reverse
from wagtail.models import Page
from blog.models import BlogIndexPage, BlogPostPage
from blog.models.index import POSTS_PER_PAGE
from practice.models import ClinicianPage
from therapy_pages.models import ConditionPage

def url(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None

pages, posts, post = [], [], None
public = Page.objects.live().public().filter(depth__gt=1).order_by("path")
for page in public.specific(defer=True):
    path = url(page)
    if not path:
        continue
    (posts if isinstance(page, BlogPostPage) else pages).append(path)
for blog in BlogIndexPage.objects.live().public().order_by("path"):
    base = url(blog)
    if not base:
        continue
    listed = blog.get_posts()
    count = listed.count()
    pages += [f"{base}?page={n}" for n in range(2, math.ceil(count / POSTS_PER_PAGE) + 1)]
    pages += [f"{base}topic/{topic['slug']}/" for topic in blog.get_topics(listed)]
    ids = listed.order_by().values("pk")
    conditions = ConditionPage.objects.live().public().filter(blog_posts__in=ids).distinct()
    slugs = conditions.order_by("slug").values_list("slug", flat=True)
    pages += [f"{base}condition/{slug}/" for slug in slugs]
    authors = ClinicianPage.objects.live().public().filter(
        pk__in=listed.order_by().values("author_id")
    )
    slugs = authors.order_by("slug").values_list("slug", flat=True)
    pages += [f"{base}author/{slug}/" for slug in slugs]
    pages += [f"{base}feed/", f"{base}feed/atom/"]
    newest = listed.first()
    if post is None and newest is not None and url(newest):
        post = {"pk": newest.pk, "url": url(newest), "blog": base}
pages += [reverse("search") + "?q=" + SEARCH_QUERY, reverse("sitemap"), reverse("robots_txt")]
print(json.dumps({"pages": pages, "posts": posts, "post": post}))
""".replace("SEARCH_QUERY", repr(SEARCH_QUERY))


def discover_urls(env):
    """(pages, posts, the post to publish) as DISCOVER_CODE finds them."""
    output = manage(env, "shell", "--no-imports", "-c", DISCOVER_CODE)
    found = json.loads(output.strip().splitlines()[-1])
    if not found["post"]:
        raise BenchError("no live public blog post to publish (is the demo seeded?)")
    return found["pages"], found["posts"], found["post"]


def choose_urls(pages, posts, count, must=()):
    """`count` distinct URLs (fewer if there are not that many): every URL of `must`, then the
    pages, then posts spread evenly over the list (the newest, the oldest and those between), in
    that order; all of them when there are no more than `count`."""
    chosen = list(dict.fromkeys([*must, *pages]))[:count]
    seen = set(chosen)
    rest = [post for post in dict.fromkeys(posts) if post not in seen]
    room = count - len(chosen)
    if room >= len(rest):
        return chosen + rest
    if room <= 0:
        return chosen
    # Evenly spaced indexes, from the first post to the last.
    step = (len(rest) - 1) / (room - 1) if room > 1 else 0
    return chosen + [rest[round(i * step)] for i in range(room)]


def scale_posts_needed(found, wanted):
    """How many generated posts `seed_scale` should hold for the site to have `wanted` URLs, or 0
    if it has them: each post is one URL more (and more page numbers), so `wanted` posts always
    suffice whatever the demo has (seed_scale N counts the generated posts, not the new ones)."""
    return 0 if found >= wanted else wanted


# --- The summary's marker ------------------------------------------------------------------


def marker(token, number):
    """The text a publish adds to the post's summary: a counter and the run's token, letters and
    digits only, so it shows in the HTML exactly as written."""
    return f"Load test publish {number} of run {token}."


def marked_summary(original, text):
    """The original summary with `text` after it, cut to fit the field's 400 characters."""
    room = SUMMARY_MAX - len(text) - 1
    return f"{original[:room].rstrip()} {text}" if room > 0 else text[:SUMMARY_MAX]


# --- The publishing process -------------------------------------------------------------------


class Publisher:
    """`python -m devtools.bench_publish` with the production environment: one Django process that
    publishes revisions when told (one JSON line in, one out)."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [python(), "-m", "devtools.bench_publish"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # Django's warnings and tracebacks go to the terminal
            text=True,
            bufsize=1,
        )
        self.ask({"command": "ping"})

    def ask(self, command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise BenchError(f"the publishing process exited (status {self.process.poll()})")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise BenchError(f"publishing failed: {answer.get('error')}")
        return answer

    def publish(self, pk, text):
        return self.ask({"command": "publish", "pk": pk, "text": text})

    def restore(self, pk):
        return self.ask({"command": "restore", "pk": pk})

    def close(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def serve_commands(stdin=sys.stdin, stdout=sys.stdout, originals=None):
    """The publishing process: Django set up once, then a command per line until stdin closes.

    publish {pk, text}: a new revision of post pk whose summary is its original one (as found the
    first time) followed by `text`, published as Wagtail publishes (signals included); restore {pk}:
    the original summary published again (if a publish changed it); ping: nothing. `originals`
    (post pk to its summary before the first publish) is kept across calls if given.
    """
    import django

    django.setup()
    from django.db import close_old_connections

    from blog.models import BlogPostPage

    originals = {} if originals is None else originals
    for line in stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        started = time.perf_counter()
        try:
            close_old_connections()  # a long wait between commands may outlive the connection
            name = command["command"]
            if name == "restore" and command["pk"] not in originals:
                answer = {"ok": True}  # never published: nothing to put back
            elif name in ("publish", "restore"):
                post = BlogPostPage.objects.get(pk=command["pk"])
                original = originals.setdefault(post.pk, post.summary)
                post.summary = (
                    marked_summary(original, command["text"]) if name == "publish" else original
                )
                revision = post.save_revision()
                revision.publish()
                answer = {"ok": True, "revision": revision.pk, "summary": post.summary}
            elif name == "ping":
                answer = {"ok": True}
            else:
                answer = {"ok": False, "error": f"unknown command {name!r}"}
        except Exception as error:  # reported to the benchmark, which fails the run
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        answer["ms"] = (time.perf_counter() - started) * 1000
        stdout.write(json.dumps(answer) + "\n")
        stdout.flush()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings.production")
    serve_commands()
    sys.exit(0)
