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
"""

# Every subprocess here runs this repository's Python or wrk with arguments built here, never a
# shell; every URL opened is the loopback gunicorn the benchmark started.
# ruff: noqa: S603

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from devtools.bench_site import BenchError, log, manage, python
from devtools.bench_wrk import (
    PAGE_CACHE_HEADER,
    Result,
    running,
    warm_up,
    wrk_command,
    wrk_result,
)
from devtools.servers import ROOT, fetch

WRK_URLS_SCRIPT = ROOT / "scripts" / "wrk_urls.lua"
WINDOW_SECONDS = 10
URL_COUNT = 200
TARGET_P99_MS = 300.0
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


# --- Windows and the verdict ------------------------------------------------------------------


@dataclass
class Window:
    """One window of the run: its wrk figures, the publish that opened it, the staleness check."""

    number: int
    start_s: float  # since the first window began
    result: Result
    publish_ms: float | None = None
    checked: int = 0  # URLs fetched after the publish (the post and its blog)
    stale: list = field(default_factory=list)  # those of them that did not show the new summary
    publish_error: str = ""
    check_s: float | None = None  # from the publish's answer until both pages had come back
    published_at_s: float = 0.0  # since the window's wrk started

    def misses(self, target_ms=TARGET_P99_MS):
        """Why the window misses the target (empty when it meets it)."""
        reasons = []
        if self.result.p99_ms > target_ms:
            reasons.append(f"p99 {self.result.p99_ms:,.0f} > {target_ms:,.0f} ms")
        if self.result.errors:
            reasons.append(f"{self.result.errors} errors")
        if self.publish_error:
            reasons.append("publish failed")
        if self.stale:
            reasons.append(f"{len(self.stale)} stale")
        return reasons

    def passed(self, target_ms=TARGET_P99_MS):
        return not self.misses(target_ms)


def window_result(data):
    """A window's figures from the JSON line wrk_urls.lua prints (`WRK_JSON` removed)."""
    return Result.from_wrk(data if isinstance(data, dict) else json.loads(data))


def run_passed(windows, target_ms=TARGET_P99_MS):
    return bool(windows) and all(window.passed(target_ms) for window in windows)


def marker(token, number):
    """The text a publish adds to the post's summary: a counter and the run's token, letters and
    digits only, so it shows in the HTML exactly as written."""
    return f"Load test publish {number} of run {token}."


def marked_summary(original, text):
    """The original summary with `text` after it, cut to fit the field's 400 characters."""
    room = SUMMARY_MAX - len(text) - 1
    return f"{original[:room].rstrip()} {text}" if room > 0 else text[:SUMMARY_MAX]


def format_table(windows, args, url_count, gunicorn_label, target_ms=TARGET_P99_MS):
    """The Markdown report: one row per window, then the totals and the verdict."""
    lines = [
        f"\n### Load test with publishing, warm (PAGE_CACHE=on): {args.connections} connections, "
        f"{url_count} URLs, a post published every {args.window} s, {gunicorn_label}\n",
        f"Target: p99 ≤ {target_ms:,.0f} ms in every window, 0 errors, 0 stale answers after a "
        "publish.\n",
        "| window | published at s / took ms | requests | requests/s | p50 ms | p99 ms | errors | stale | "
        "checked after s | statuses | verdict |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---|---|",
    ]
    for window in windows:
        result = window.result
        start = round(window.start_s)
        publish = (
            "failed"
            if window.publish_error
            else f"{window.published_at_s:.1f} / {window.publish_ms or 0:,.0f}"
        )
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(result.statuses.items()))
        misses = window.misses(target_ms)
        verdict = "ok" if not misses else "**miss**: " + "; ".join(misses)
        check = "-" if window.check_s is None else f"{window.check_s:.1f}"
        lines.append(
            f"| {window.number} ({start}–{start + round(result.seconds)} s) | {publish} | "
            f"{result.requests:,} | {result.per_second:,.1f} | {result.p50_ms:,.1f} | "
            f"{result.p99_ms:,.1f} | {result.describe_errors()} | "
            f"{len(window.stale)}/{window.checked} | {check} | {statuses} | {verdict} |"
        )
    requests = sum(window.result.requests for window in windows)
    errors = sum(window.result.errors for window in windows)
    stale = sum(len(window.stale) for window in windows)
    checked = sum(window.checked for window in windows)
    missed = [window.number for window in windows if not window.passed(target_ms)]
    lines.append("")
    lines.append(
        f"Total: {requests:,} requests, {errors} errors; stale after publish: {stale} "
        f"(of {checked} checks)."
    )
    for window in windows:
        for url in window.stale:
            lines.append(f"- stale in window {window.number}: `{url}`")
        if window.publish_error:
            lines.append(f"- publish failed in window {window.number}: {window.publish_error}")
    if missed:
        lines.append(
            f"**FAIL**: {len(missed)} of {len(windows)} windows miss the target "
            f"({', '.join(map(str, missed))})."
        )
    else:
        lines.append(f"**PASS**: every one of {len(windows)} windows meets the target.")
    return "\n".join(lines)


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


# --- The run ----------------------------------------------------------------------------------


def generation_wait(env):
    """Seconds a worker may go on serving the old generation after a publish elsewhere: none with
    Redis (the generation is read on every hit), PAGE_CACHE_GENERATION_SECONDS otherwise, plus a
    little for the fetch to start."""
    if env.get("REDIS_URL"):
        return 0.0
    return float(env.get("PAGE_CACHE_GENERATION_SECONDS") or 0.5) + 0.1


def check_fresh(server, paths, text):
    """The paths whose answer does not show `text` (or that did not answer 200)."""
    stale = []
    for path in paths:
        try:
            status, body, _ = fetch(server.base_url + path, timeout=60)
        except OSError as error:
            log(f"    {path}: no answer ({error})")
            stale.append(path)
            continue
        if status != 200 or text not in body.decode("utf-8", "replace"):
            stale.append(path)
    return stale


def prepare_urls(env, args):
    """The URLs to read and the post to publish, topping the site up with generated posts first
    if it has fewer than --urls URLs."""
    pages, posts, post = discover_urls(env)
    total = len(set(pages) | set(posts))
    needed = scale_posts_needed(total, args.urls)
    if needed:
        log(f"  {total} URLs found, fewer than {args.urls}: seed_scale {needed} (generated posts)")
        # seed_scale lives in the devtools app, which only the development settings install.
        dev_env = {**env, "DJANGO_SETTINGS_MODULE": "practice.settings.dev", "DEBUG": "false"}
        manage(dev_env, "seed_scale", str(needed))
        args.scaled = needed
        pages, posts, post = discover_urls(env)
    urls = choose_urls(pages, posts, args.urls, must=[post["url"], post["blog"]])
    if len(urls) < args.urls:
        log(f"  warning: only {len(urls)} distinct URLs (asked for {args.urls})")
    return urls, post


def keep_answering(server, urls):
    """The URLs that answer 200 (the others are left out of the run, and said so)."""
    kept = []
    for path in urls:
        try:
            status = fetch(server.base_url + path, timeout=60)[0]
        except OSError as error:
            raise BenchError(f"{path} gave no answer: {error}") from error
        if status == 200:
            kept.append(path)
        else:
            log(f"  left out: {path} answered {status}")
    return kept


def publish_load(env, args, gunicorn_args=(), gunicorn_label="gunicorn", before_run=None):
    """The whole run; prints the table and returns whether it met the target. `before_run` is
    called once the URLs are known (and generated posts seeded, if it took that)."""
    urls, post = prepare_urls(env, args)
    if before_run is not None:
        before_run()
    token = secrets.token_hex(3)
    publisher = Publisher(env)
    windows = []
    try:
        with running({**env, "PAGE_CACHE": "on"}, args.port, gunicorn_args) as server:
            urls = keep_answering(server, urls)
            warm_up(server, urls, args)
            state = fetch(server.base_url + post["url"])[2].get(PAGE_CACHE_HEADER, "-")
            log(
                f"  {args.connections} connections, {len(urls)} URLs, {args.windows} windows of "
                f"{args.window} s; publishing {post['url']} (pk {post['pk']}, {state} after the "
                "warm-up)"
            )
            windows = run_windows(server, publisher, post, urls, args, token, generation_wait(env))
            if any(window.result.errors for window in windows):
                log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
    finally:
        # However the run ended (Ctrl-C too), the post gets its own summary back.
        try:
            publisher.restore(post["pk"])
        except (BenchError, OSError, ValueError) as error:
            log(f"  warning: the post's summary was not put back: {error}")
        publisher.close()
    print(format_table(windows, args, len(urls), gunicorn_label))
    sys.stdout.flush()
    return run_passed(windows)


class Check(threading.Thread):
    """The staleness check after a publish, beside the window's wrk run: wait for the generation
    to reach every worker, then fetch the post and its blog (they queue with everyone else)."""

    def __init__(self, server, paths, text, wait):
        super().__init__(daemon=True)
        self.server, self.paths, self.text, self.wait = server, paths, text, wait
        self.stale, self.seconds = list(paths), None

    def run(self):
        started = time.monotonic()
        time.sleep(self.wait)
        self.stale = check_fresh(self.server, self.paths, self.text)
        self.seconds = time.monotonic() - started


def run_windows(server, publisher, post, urls, args, token, wait):
    """The windows back to back, wrk never idle between them: each starts wrk, publishes the post
    (once the previous check is done: a newer summary would make it look stale) and checks it
    beside the load."""
    threads = min(args.threads, args.connections)
    command = wrk_command(
        server,
        urls,
        args,
        args.window,
        script=WRK_URLS_SCRIPT,
        script_args=[str(args.connections), str(threads)],
    )
    windows, checks = [], []
    began = time.monotonic()
    for number in range(1, args.windows + 1):
        started = time.monotonic()
        wrk_process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            if checks:
                checks[-1][1].join()
            published_at = time.monotonic() - started
            text = marker(token, number)
            publish_ms, publish_error, check = None, "", None
            try:
                publish_ms = publisher.publish(post["pk"], text)["ms"]
            except BenchError as error:
                publish_error = str(error)
            if not publish_error:
                check = Check(server, [post["url"], post["blog"]], text, wait)
                check.start()
            stdout, stderr = wrk_process.communicate(timeout=args.window + args.timeout + 60)
        except BaseException:
            wrk_process.kill()
            wrk_process.wait()
            raise
        result = wrk_result(wrk_process.returncode, stdout, stderr)
        window = Window(
            number,
            started - began,
            result,
            publish_ms,
            publish_error=publish_error,
            published_at_s=published_at,
        )
        windows.append(window)
        if check is not None:
            checks.append((window, check))
        log(
            f"  window {number}: published at {published_at:.1f} s in {publish_ms or 0:.0f} ms, "
            f"{result.requests} requests, p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, "
            f"{result.describe_errors()} errors"
        )
    for window, check in checks:
        check.join()
        window.checked, window.stale, window.check_s = len(check.paths), check.stale, check.seconds
        log(
            f"  window {window.number}: stale {len(check.stale)}/{len(check.paths)} after "
            f"{check.seconds or 0:.1f} s"
        )
    return windows


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings.production")
    serve_commands()
    sys.exit(0)
