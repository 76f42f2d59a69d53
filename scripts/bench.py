"""Benchmark the site as production serves it, and load-test it.

    .venv/bin/python scripts/bench.py                   # both tables: cold and warm page cache
    .venv/bin/python scripts/bench.py --mode cold       # one table
    .venv/bin/python scripts/bench.py --load            # 64 connections, 60 s over a page mix
    .venv/bin/python scripts/bench.py --load --mode warm  # the load test, page cache on only
    .venv/bin/python scripts/bench.py --help            # durations, connections, --scale, --redis

Production shape: PostgreSQL (DATABASE_URL, default a `practice_bench` database on 127.0.0.1,
created if missing; SQLite only with a warning), production settings, gunicorn with the repo's
gunicorn.conf.py, whitenoise serving collected static files. The script migrates, seeds the demo
(`--scale N` adds N generated posts with devtools' seed_scale), rebuilds the search index and
collects static files into a temporary STATIC_ROOT; then, for each mode, it starts gunicorn on
loopback (PAGE_CACHE=off for the cold run, on for the warm run), discovers the pages from the
database, warms each one up and drives it with wrk (scripts/wrk_report.lua reports the figures).
After each measurement the script waits for the server to finish the requests wrk left behind,
so one page's backlog is not counted against the next. The load test (--load) drives one wrk run
per mode that cycles through the main page types and fails on any error.

Each table compares every page with the static CSS file measured in the same run, so the ratio
stays meaningful on a busy machine where absolute figures are noisy. Results go to stdout as
Markdown, progress to stderr. The exit status is 1 when any request failed (non-2xx/3xx status or
socket error) or the site could not be set up, 2 for bad arguments, 130 on Ctrl-C and 143 on
SIGTERM; gunicorn is stopped in every case.
"""

# Every subprocess here runs a fixed program of this repository or wrk with arguments built by
# this script; none goes through a shell. Every URL opened is the loopback gunicorn started here.
# ruff: noqa: S603, S310

import argparse
import json
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/practice_bench"
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"
WRK_SCRIPT = ROOT / "scripts" / "wrk_report.lua"
SEARCH_QUERY = "anxiety"
# Every request asks for compression as a browser does, so pages and the static file are measured
# as visitors get them (whitenoise's pre-compressed file; the page cache's stored gzip copy).
ACCEPT_ENCODING = "gzip, deflate, br"
PAGE_CACHE_HEADER = "X-Page-Cache"  # set by practice/page_cache.py on every page it considers
HEALTH_TIMEOUT = 90  # seconds for gunicorn to answer /healthz; the shared machine is slow


def log(message):
    print(message, file=sys.stderr, flush=True)


class BenchError(Exception):
    """A set-up step failed: the message says which and why."""


# --- Preparing the database and static files ----------------------------------------------------


def python():
    venv_python = ROOT / ".venv" / "bin" / "python"
    return str(venv_python if venv_python.exists() else Path(sys.executable))


def gunicorn_executable():
    for candidate in (
        ROOT / ".venv" / "bin" / "gunicorn",
        Path(sys.executable).with_name("gunicorn"),
    ):
        if candidate.exists():
            return str(candidate)
    raise BenchError("gunicorn not found: run `make install` first.")


def printable_url(url):
    """The database URL without its password, for the report."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def ensure_postgres_database(url):
    """Create the database named in a postgres:// URL if it does not exist yet."""
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    params = {
        "dbname": "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    # PostgreSQL may be restarting (it is on a shared machine): retry for a little while.
    for attempt in range(10):
        try:
            connection = psycopg2.connect(**params, connect_timeout=5)
            break
        except psycopg2.OperationalError as error:
            if attempt == 9:
                raise BenchError(
                    f"cannot reach PostgreSQL for {printable_url(url)}: {error}"
                ) from error
            time.sleep(2)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                log(f"Creating database {config['NAME']}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    finally:
        connection.close()


def manage(env, *args):
    """Run a manage.py command with the benchmark's environment and return its output; stop with
    that output on failure."""
    started = time.monotonic()
    result = subprocess.run(
        [python(), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(args)} failed (exit {result.returncode}):\n"
            f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    # The first two words say which step it was (the shell's code would fill the screen).
    log(f"  manage.py {' '.join(args[:2])}: {time.monotonic() - started:.1f} s")
    return result.stdout


def prepare(env, args):
    log("Preparing the database and static files")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--no-index")
    if args.scale is not None:
        # Generated posts come from a development tool (the devtools app), which production
        # settings do not install: that one step runs with the development settings.
        dev_env = {**env, "DJANGO_SETTINGS_MODULE": "practice.settings.dev", "DEBUG": "false"}
        manage(dev_env, "seed_scale", str(args.scale), "--no-index")
    manage(env, "update_index")
    manage(env, "collectstatic", "--noinput")


# Runs inside `manage.py shell`: the pages to measure, found in the page tree rather than
# hard-coded, so renamed slugs or a larger seeded site still work. Printed as one JSON object.
# On PostgreSQL it also reports, as the site's own connection sees them, the JIT setting and how
# many tables have no planner statistics: together they make PostgreSQL compile JIT code for
# simple queries on a small, freshly loaded database (seconds per query), which the report flags.
DISCOVER_CODE = """
import json
from django.apps import apps
from django.db import connection
from django.urls import reverse
from wagtail.models import Page

postgres = None
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables"
            " WHERE last_analyze IS NULL AND last_autoanalyze IS NULL"
        )
        postgres = {"jit": jit, "never_analyzed": cursor.fetchone()[0]}

def first(app_label, model_name):
    model = apps.get_model(app_label, model_name)
    page = Page.objects.type(model).live().public().order_by("path").first()
    if page is None:
        return None
    parts = page.specific.get_url_parts()
    return parts[2] if parts else None

print(json.dumps({
    "home": "/",
    "therapy": first("therapy_pages", "TherapyPage"),
    "condition": first("therapy_pages", "ConditionPage"),
    "conditions index": first("therapy_pages", "ConditionIndexPage"),
    "blog index": first("blog", "BlogIndexPage"),
    "blog post": first("blog", "BlogPostPage"),
    "search": reverse("search"),
    "therapies index": first("therapy_pages", "TherapyIndexPage"),
    "clinician": first("practice", "ClinicianPage"),
    "contact": first("practice", "ContactPage"),
    "_postgres": postgres,
}))
"""

# The pages of the benchmark table, in order; the static file is added after them.
BENCH_PAGES = [
    "home",
    "therapy",
    "condition",
    "conditions index",
    "blog index",
    "blog post",
    "search",
]
# The load test's mix: the benchmark's pages and the other main page types visitors reach.
LOAD_PAGES = [*BENCH_PAGES, "therapies index", "clinician", "contact"]


def discover_pages(env):
    """The pages to measure by role, and what PostgreSQL says about JIT (None on SQLite)."""
    output = manage(env, "shell", "--no-imports", "-c", DISCOVER_CODE)
    pages = json.loads(output.strip().splitlines()[-1])
    postgres = pages.pop("_postgres")
    pages["search"] += f"?q={SEARCH_QUERY}"
    missing = [name for name in BENCH_PAGES if not pages.get(name)]
    if missing:
        raise BenchError(f"no live page found for: {', '.join(missing)} (is the demo seeded?)")
    return pages, postgres


class StylesheetFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def stylesheet_path(base_url):
    """The hashed URL of the site's CSS, as the home page links it."""
    status, body, _ = fetch_or_fail(base_url + "/")
    if status != 200:
        raise BenchError(f"the home page answered {status}")
    finder = StylesheetFinder()
    finder.feed(body.decode("utf-8", "replace"))
    for href in finder.hrefs:
        parts = urlsplit(href)
        # Only this site's own files (whitenoise), not a font or CDN stylesheet.
        if parts.netloc in ("", urlsplit(base_url).netloc):
            return parts.path
    raise BenchError(f"no local <link rel=stylesheet> on the home page (found {finder.hrefs})")


# --- gunicorn -----------------------------------------------------------------------------------


def access_log_off_value():
    """What GUNICORN_ACCESS_LOG must be for gunicorn.conf.py to turn access logging off.

    An empty value is best (no log line is even formatted) but only works if the config file
    maps it to None: gunicorn refuses "" as a file name. Otherwise log to /dev/null.
    """
    previous = os.environ.get("GUNICORN_ACCESS_LOG")
    os.environ["GUNICORN_ACCESS_LOG"] = ""
    try:
        accesslog = runpy.run_path(str(ROOT / "gunicorn.conf.py")).get("accesslog")
    except Exception:
        accesslog = ""  # gunicorn will report what is wrong with its config when it starts
    finally:
        if previous is None:
            del os.environ["GUNICORN_ACCESS_LOG"]
        else:
            os.environ["GUNICORN_ACCESS_LOG"] = previous
    return "" if accesslog is None else os.devnull


def port_in_use(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def fetch(url, timeout=30):
    """GET a URL: (status, body, headers). HTTP errors are answers too, not exceptions."""
    request = urllib.request.Request(url, headers={"User-Agent": "practice-bench"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def fetch_or_fail(url):
    """fetch(), with no answer at all (refused, reset, timed out) as a BenchError."""
    try:
        return fetch(url)
    except OSError as error:
        raise BenchError(f"{url} gave no answer: {error}") from error


class Server:
    """gunicorn in its own process group, its output in a temporary file for the failure report."""

    def __init__(self, env, port, output):
        self.env = env
        self.port = port
        self.output = output
        self.base_url = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self):
        if port_in_use(self.port):
            raise BenchError(f"port {self.port} is already in use: pick another with --port")
        self.process = subprocess.Popen(
            [gunicorn_executable(), "-c", "gunicorn.conf.py", "practice.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C in the terminal reaches this script, which then stops
            # gunicorn in order, rather than killing the workers in the middle of a request.
            start_new_session=True,
        )
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with status {self.process.returncode}")
            try:
                if fetch(self.base_url + "/healthz", timeout=5)[0] == 200:
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.5)
        raise BenchError(f"gunicorn did not answer /healthz with 200 within {HEALTH_TIMEOUT} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # SIGTERM is gunicorn's graceful shutdown; its graceful_timeout is 30 s.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def drain(self):
        """Wait for the requests wrk left behind when it stopped: the server still works through
        them (up to one per connection), and they must not count against the next measurement.
        The accept queue is first in, first out, so once /healthz answers they have been taken."""
        try:
            fetch(self.base_url + "/healthz", timeout=120)
        except OSError as error:
            log(f"  warning: /healthz did not answer after the run: {error}")

    def output_tail(self, lines=30, width=400):
        """The last lines gunicorn and Django logged, each cut to its start and end (a logged
        traceback is one long JSON line: its message leads and the exception comes last)."""
        self.output.seek(0)
        text = self.output.read().decode("utf-8", "replace")
        half = width // 2
        return "\n".join(
            line if len(line) <= width else f"{line[:half]} [...] {line[-half:]}"
            for line in text.splitlines()[-lines:]
        )


@contextmanager
def running(env, port):
    """gunicorn for the duration of the block, stopped however the block ends."""
    with tempfile.TemporaryFile() as output:
        server = Server(env, port, output)
        try:
            server.start()
            yield server
        except BaseException:
            if server.process is not None:
                server.stop()
                log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
            raise
        finally:
            server.stop()


# --- wrk ----------------------------------------------------------------------------------------


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: dict
    statuses: dict

    @classmethod
    def from_wrk(cls, data):
        return cls(
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            p50_ms=data["p50_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            non_2xx_3xx=data["status"],
            socket_errors={kind: data[kind] for kind in ("connect", "read", "write", "timeout")},
            statuses=data.get("statuses", {}),
        )

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self):
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    def describe_errors(self):
        if not self.errors:
            return "0"
        parts = [f"non-2xx/3xx {self.non_2xx_3xx}"] if self.non_2xx_3xx else []
        parts += [f"{kind} {count}" for kind, count in self.socket_errors.items() if count]
        return f"{self.errors} ({', '.join(parts)})"


def wrk(server, paths, args, seconds, connections=None, drain=True):
    """Drive one path, or cycle through several, for `seconds`; then let the server drain."""
    url = server.base_url + paths[0] if len(paths) == 1 else server.base_url
    connections = connections or args.connections
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{min(args.threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={args.timeout}s",
        "--latency",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        "-s",
        str(WRK_SCRIPT),
        url,
    ]
    if len(paths) > 1:
        command += ["--", *paths]
    result = subprocess.run(command, capture_output=True, text=True)
    if drain:
        server.drain()
    for line in result.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return Result.from_wrk(json.loads(line.removeprefix("WRK_JSON ")))
    raise BenchError(
        f"wrk gave no result (exit {result.returncode}):\n{result.stdout}{result.stderr}"
    )


def page_cache_state(server, path):
    """What the full-page cache does with this page now: hit, miss, bypass ("-" for files)."""
    return fetch_or_fail(server.base_url + path)[2].get(PAGE_CACHE_HEADER, "-")


def warm_up(server, paths, args):
    """Check each page answers 200, then load them briefly so caches and both workers are warm."""
    for path in paths:
        status, _, _ = fetch_or_fail(server.base_url + path)
        if status != 200:
            raise BenchError(f"{path} answered {status}, not 200")
    if args.warmup > 0:
        # Enough connections to keep every worker busy (each fills its own caches), few enough
        # that the requests left over when wrk stops drain quickly.
        wrk(server, paths, args, args.warmup, connections=min(args.connections, 2 * args.workers))


# --- The two commands ---------------------------------------------------------------------------


def mode_label(mode):
    return "cold (PAGE_CACHE=off)" if mode == "cold" else "warm (PAGE_CACHE=on)"


@dataclass
class Row:
    """One line of the benchmark table."""

    name: str
    path: str
    result: Result
    page_cache: str  # the X-Page-Cache header after the run: hit, miss, bypass, or "-"


def bench_mode(env, mode, pages, args):
    """Measure every page and the static file under one gunicorn; return the table's rows."""
    with running({**env, "PAGE_CACHE": "on" if mode == "warm" else "off"}, args.port) as server:
        targets = [(name, pages[name]) for name in BENCH_PAGES]
        targets.append(("static CSS", stylesheet_path(server.base_url)))
        rows = []
        for name, path in targets:
            warm_up(server, [path], args)
            result = wrk(server, [path], args, args.duration)
            cache_state = page_cache_state(server, path)
            log(
                f"  {mode} {path}: {result.per_second:.1f} requests/s, p50 {result.p50_ms:.0f} ms, "
                f"p99 {result.p99_ms:.0f} ms, {result.describe_errors()} errors"
            )
            rows.append(Row(name, path, result, cache_state))
        if any(row.result.errors for row in rows):
            log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
    return rows


def print_bench_table(mode, rows, args):
    static = rows[-1].result.per_second  # the static file is measured last
    print(f"\n### {mode_label(mode)}, {args.connections} connections, {args.duration} s per URL\n")
    print(
        f"| page | URL | requests/s | p50 ms | p99 ms | errors | vs static | {PAGE_CACHE_HEADER} |"
    )
    print("|---|---|---:|---:|---:|---|---:|---|")
    for row in rows:
        result = row.result
        ratio = result.per_second / static if static else 0.0
        print(
            f"| {row.name} | `{row.path}` | {result.per_second:.1f} | {result.p50_ms:.1f} | "
            f"{result.p99_ms:.1f} | {result.describe_errors()} | {ratio:.3f} | {row.page_cache} |"
        )
    sys.stdout.flush()


def load_mode(env, mode, pages, args):
    paths = [pages[name] for name in LOAD_PAGES if pages.get(name)]
    with running({**env, "PAGE_CACHE": "on" if mode == "warm" else "off"}, args.port) as server:
        warm_up(server, paths, args)
        # What the full-page cache does with each page: one uncached page in the mix sets the p99.
        cache_states = {path: page_cache_state(server, path) for path in paths}
        log(
            f"  {mode}: {args.connections} connections for {args.duration} s over {len(paths)} pages"
        )
        # No drain: gunicorn is stopped next, and a backlog of slow pages could take minutes.
        result = wrk(server, paths, args, args.duration, drain=False)
        print_load_table(mode, cache_states, result, args)
        if result.errors:
            # Django logs every 5xx with its path; timeouts and resets show in the table only.
            log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
    return result


def print_load_table(mode, cache_states, result, args):
    print(
        f"\n### Load test, {mode_label(mode)}: {args.connections} connections, {args.duration} s\n"
    )
    pages = ", ".join(f"`{path}` ({state})" for path, state in cache_states.items())
    print(f"Pages ({PAGE_CACHE_HEADER}): {pages}\n")
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(result.statuses.items()))
    print("| requests | requests/s | p50 ms | p99 ms | non-2xx/3xx | socket errors | statuses |")
    print("|---:|---:|---:|---:|---:|---|---|")
    sockets = ", ".join(f"{kind} {count}" for kind, count in result.socket_errors.items())
    print(
        f"| {result.requests} | {result.per_second:.1f} | {result.p50_ms:.1f} | "
        f"{result.p99_ms:.1f} | {result.non_2xx_3xx} | {sockets} | {statuses} |"
    )
    sys.stdout.flush()


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Benchmark (default) or load-test (--load) the site under gunicorn.",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="Load test: per mode, one wrk run cycling through the main page types "
        "(64 connections, 60 s unless told otherwise).",
    )
    parser.add_argument(
        "--mode",
        choices=["cold", "warm", "both"],
        default="both",
        help="cold: PAGE_CACHE=off, warm: PAGE_CACHE=on, both (the default): one after the other.",
    )
    parser.add_argument("--connections", type=int, help="wrk connections (16; 64 with --load).")
    parser.add_argument("--duration", type=int, help="Seconds per wrk run (10; 60 with --load).")
    parser.add_argument("--warmup", type=int, default=1, help="Seconds of warm-up per URL (1).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument(
        "--timeout",
        type=int,
        default=30,
        help="Seconds after which wrk counts a response as a timeout error (30: gunicorn's worker "
        "timeout, where the server itself gives up). wrk's own default, 2 s, would also leave "
        "every slower response out of the percentiles, hiding queueing under load.",
    )
    parser.add_argument("--port", type=int, default=8700, help="gunicorn's port on 127.0.0.1.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument(
        "--max-requests",
        type=int,
        help="Recycle a gunicorn worker after this many requests (0: never). Default: 0 for the "
        "benchmark, where a worker restarting every few seconds on the static file would skew "
        "the figures; gunicorn.conf.py's value for --load, which must survive recycling.",
    )
    parser.add_argument(
        "--scale", type=int, help="Add N generated blog posts (seed_scale: a larger site)."
    )
    parser.add_argument(
        "--redis", action="store_true", help=f"Use Redis as the cache ({BENCH_REDIS_URL}, flushed)."
    )
    parser.add_argument(
        "--no-setup",
        action="store_true",
        help="Skip migrate, seed_demo and update_index (static files are always collected).",
    )
    args = parser.parse_args(argv)
    args.connections = args.connections or (64 if args.load else 16)
    args.duration = args.duration or (60 if args.load else 10)
    if args.max_requests is None and not args.load:
        args.max_requests = 0
    if min(args.connections, args.duration, args.threads, args.timeout) < 1 or args.warmup < 0:
        parser.error("--connections, --duration, --threads and --timeout must be at least 1")
    return args


def environment(args, static_root):
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "practice.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # The tables report X-Page-Cache, which production settings leave off unless asked.
        "PAGE_CACHE_HEADER": "on",
        "STATIC_ROOT": str(static_root),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        # Writing a log line per request would be measured too.
        "GUNICORN_ACCESS_LOG": access_log_off_value(),
    }
    if args.max_requests is not None:
        env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    if args.redis:
        env["REDIS_URL"] = BENCH_REDIS_URL
    return env


def flush_bench_redis():
    """Empty the benchmark's own Redis database, so each mode starts from the same empty cache."""
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()


def describe_setup(env, args, postgres):
    commit = subprocess.run(
        ["/usr/bin/git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["/usr/bin/git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cache = env.get("REDIS_URL") or "local memory (per worker)"
    recycle = env.get("GUNICORN_MAX_REQUESTS", "gunicorn.conf.py default")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"## {'Load test' if args.load else 'Benchmark'} — {time.strftime('%Y-%m-%d %H:%M')}\n")
    print(f"- commit {commit or '?'}{' with local changes' if dirty else ''}")
    database = printable_url(env["DATABASE_URL"])
    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        database += " (not PostgreSQL: not production's figures)"
    print(f"- database {database}; cache {cache}")
    if postgres and postgres["jit"] == "on" and postgres["never_analyzed"]:
        print(
            f"- **warning**: PostgreSQL JIT is on and {postgres['never_analyzed']} tables have "
            "never been analyzed: the planner overestimates, and some uncached pages spend "
            "seconds compiling JIT code per query (turn JIT off for the site, or ANALYZE)"
        )
    elif postgres:
        print(
            f"- PostgreSQL: jit {postgres['jit']}, {postgres['never_analyzed']} tables unanalyzed"
        )
    if args.scale is not None and not args.no_setup:
        print(f"- demo content seeded with --scale {args.scale}")
    print(
        f"- gunicorn: {args.workers} sync workers, max_requests {recycle}, "
        f"access log {'off' if env['GUNICORN_ACCESS_LOG'] == '' else env['GUNICORN_ACCESS_LOG']}"
    )
    print(
        f"- wrk: {args.threads} threads, timeout {args.timeout} s, Accept-Encoding: {ACCEPT_ENCODING};"
        f" {os.cpu_count()} CPUs, load {load}"
    )
    sys.stdout.flush()


def main(argv=None):
    args = parse_args(argv)
    # Stop gunicorn in order when the script itself is told to stop, as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_root:
        env = environment(args, static_root)
        database_url = env["DATABASE_URL"]
        try:
            # Before minutes of set-up, not after: another server on the port would be measured.
            if port_in_use(args.port):
                raise BenchError(f"port {args.port} is already in use: pick another with --port")
            log(f"Database: {printable_url(database_url)}")
            if database_url.startswith(("postgres://", "postgresql://")):
                ensure_postgres_database(database_url)
            else:
                log(
                    "warning: DATABASE_URL is not PostgreSQL: figures will not be those of "
                    "production (use PostgreSQL for numbers worth comparing)."
                )
            if not args.no_setup:
                prepare(env, args)
            else:
                manage(env, "collectstatic", "--noinput")
            pages, postgres = discover_pages(env)
            describe_setup(env, args, postgres)
            modes = ["cold", "warm"] if args.mode == "both" else [args.mode]
            failed = False
            for mode in modes:
                if args.redis:
                    flush_bench_redis()
                log(f"Running {mode} ({'load test' if args.load else 'benchmark'})")
                if args.load:
                    failed |= load_mode(env, mode, pages, args).errors > 0
                else:
                    rows = bench_mode(env, mode, pages, args)
                    print_bench_table(mode, rows, args)
                    failed |= any(row.result.errors for row in rows)
        except BenchError as error:
            log(f"error: {error}")
            return 1
        except KeyboardInterrupt:
            log("interrupted")
            return 130
    if failed:
        log("FAILED: some requests failed (see the errors column).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
