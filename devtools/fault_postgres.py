"""`make fault-check` (scripts/db_restart_check.py), PostgreSQL's side: the scratch database,
the local cluster it restarts (pg_ctlcluster), the watch that times the outage as clients see it,
and the look-up of what the site stored."""

import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}


class SetupError(Exception):
    """The check could not start: nothing was measured."""


def log(message):
    print(f"· {message}", flush=True)


# --- PostgreSQL ---------------------------------------------------------------------------------


def libpq_url(url, dbname=None):
    """A DATABASE_URL as libpq accepts it (postgresql://), optionally for another database."""
    parts = urlsplit(url)
    path = f"/{dbname}" if dbname else parts.path
    return urlunsplit(("postgresql", parts.netloc, path, parts.query, ""))


def connect(url, dbname=None, timeout=3):
    conn = psycopg2.connect(libpq_url(url, dbname), connect_timeout=timeout)
    conn.autocommit = True
    return conn


def resolve_database(args):
    """(DATABASE_URL for the site, whether this script creates and drops it)."""
    url = os.environ.get("DATABASE_URL", "")
    if url and urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SetupError(f"DATABASE_URL must point to PostgreSQL, not {urlsplit(url).scheme}://")
    if url and not args.database:
        return url, False
    name = args.database or "h_fault_run"
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise SetupError(f"--database {name!r}: use lower-case letters, digits and underscores.")
    base = urlsplit(url or "postgres://postgres@127.0.0.1:5432/postgres")
    return urlunsplit((base.scheme, base.netloc, f"/{name}", base.query, "")), True


def create_scratch_database(url):
    name = urlsplit(url).path.lstrip("/")
    conn = connect(url, "postgres")
    try:
        with conn.cursor() as cur:
            # A leftover from an interrupted run of this script: the name says it is scratch.
            cur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def drop_scratch_database(url):
    name = urlsplit(url).path.lstrip("/")
    conn = connect(url, "postgres")
    try:
        with conn.cursor() as cur:
            cur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        conn.close()


def find_cluster(url, version):
    """(version, name) of the local cluster listening on the URL's port, for pg_ctlcluster."""
    host = urlsplit(url).hostname or ""
    if host not in LOCAL_HOSTS and not host.startswith("/"):
        raise SetupError(f"DATABASE_URL points to {host}: only a local cluster can be restarted.")
    port = urlsplit(url).port or 5432
    if shutil.which("pg_lsclusters") is None or shutil.which("pg_ctlcluster") is None:
        raise SetupError("pg_lsclusters / pg_ctlcluster not found (Debian's postgresql-common).")
    listing = subprocess.run(  # noqa: S603 - fixed command, no shell
        [shutil.which("pg_lsclusters"), "--no-header"], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        ver, name, cluster_port = line.split()[:3]
        if cluster_port == str(port) and (version is None or ver == version):
            return ver, name
    raise SetupError(f"No local PostgreSQL cluster on port {port} (pg_lsclusters:\n{listing})")


def pg_ctl(cluster, action):
    subprocess.run(  # noqa: S603 - fixed command, no shell
        [shutil.which("pg_ctlcluster"), "--skip-systemctl-redirect", *cluster, action],
        check=True,
        capture_output=True,
        text=True,
    )


class PostgresWatch(threading.Thread):
    """Tries a new connection every 50 ms, so the outage is timed from what clients saw rather
    than from when pg_ctlcluster returned (its stop includes the shutdown checkpoint, its start
    returns a while after the server is ready)."""

    def __init__(self, url):
        super().__init__(name="postgres-watch", daemon=True)
        self.url = url
        self.went_down = None  # first refused connection
        self.came_back = None  # first accepted connection after that
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            try:
                connect(self.url, "postgres", timeout=1).close()
                up = True
            except psycopg2.OperationalError:
                up = False
            now = time.monotonic()
            if not up and self.went_down is None:
                self.went_down = now
            if up and self.went_down is not None:
                self.came_back = now
                return
            self.done.wait(0.05)


@dataclass
class Outage:
    stop_begin: float  # pg_ctlcluster stop called
    down: float  # first connection refused
    stopped: float  # pg_ctlcluster stop returned: the server has exited
    started: float  # pg_ctlcluster start returned
    accepting: float | None  # first connection accepted again (None: never, within 30 s)


def restart_postgres(cluster, url, down_seconds):
    watch = PostgresWatch(url)
    watch.start()
    stop_begin = time.monotonic()
    pg_ctl(cluster, "stop")
    stopped = time.monotonic()
    time.sleep(down_seconds)  # long enough for every visitor to meet the outage
    pg_ctl(cluster, "start")
    started = time.monotonic()
    watch.join(timeout=30)
    watch.done.set()
    return Outage(stop_begin, watch.went_down or stopped, stopped, started, watch.came_back)


def stored_markers(url, run_id):
    """Markers of this run's comments and consultation requests found in the database."""
    pattern = f"hfault-{run_id}-%"
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM blog_comment WHERE name LIKE %s", [pattern])
            comments = {row[0] for row in cur.fetchall()}
            cur.execute(
                "SELECT name FROM practice_consultationrequest WHERE name LIKE %s", [pattern]
            )
            requests_ = {row[0] for row in cur.fetchall()}
    finally:
        conn.close()
    return comments | requests_


def delete_markers(url, run_id):
    """Remove this run's test submissions from a database the script did not create."""
    pattern = f"hfault-{run_id}-%"
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM blog_comment WHERE name LIKE %s", [pattern])
            cur.execute("DELETE FROM practice_consultationrequest WHERE name LIKE %s", [pattern])
    finally:
        conn.close()


def ensure_postgres_running(cluster, url):
    """Whatever happened, leave the shared PostgreSQL running."""
    try:
        connect(url, "postgres", timeout=2).close()
        return
    except psycopg2.OperationalError:
        pass
    subprocess.run(  # noqa: S603 - fixed command, no shell
        [shutil.which("pg_ctlcluster"), "--skip-systemctl-redirect", *cluster, "start"],
        check=False,
    )
