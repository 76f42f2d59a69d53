"""`make bench` / `make load-test` (scripts/bench.py), preparing: the database (created if
missing, migrated, seeded), static files, and the pages to measure, found in the page tree."""

# Every subprocess here runs a fixed program of this repository with arguments built here; none
# goes through a shell. Every URL opened is the loopback gunicorn the benchmark started.
# ruff: noqa: S603

import json
import os
import re
import runpy
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from devtools.servers import ROOT, fetch

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/practice_bench"
SEARCH_QUERY = "anxiety"


def log(message):
    print(message, file=sys.stderr, flush=True)


class BenchError(Exception):
    """A set-up step failed: the message says which and why."""


# --- Preparing the database and static files ----------------------------------------------------


def python():
    venv_python = ROOT / ".venv" / "bin" / "python"
    return str(venv_python if venv_python.exists() else Path(sys.executable))


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


def fetch_or_fail(url):
    """fetch(), with no answer at all (refused, reset, timed out) as a BenchError."""
    try:
        return fetch(url)
    except OSError as error:
        raise BenchError(f"{url} gave no answer: {error}") from error


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
