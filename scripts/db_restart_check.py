"""Check that the site rides out a PostgreSQL restart and loses nothing it said it had kept.

    .venv/bin/python scripts/db_restart_check.py --database h_fault_run

Sets up a database (a scratch one named by --database, created and dropped here; without it the
database of DATABASE_URL, which must be PostgreSQL, is migrated and seeded in place), serves the
site with gunicorn and the production settings on loopback, and sends simulated visitors at it:
they read pages, post blog comments and send consultation requests, each submission carrying a
unique marker. Midway the local PostgreSQL cluster is stopped for a couple of seconds and started
again. Afterwards the site's idle database connections are cut behind its back (as a restart at
a quiet hour would leave them) and a few more visits are made. The check fails (exit 1) when:

- /healthz is not 200 again within --recovery-timeout seconds of PostgreSQL accepting connections,
  or visitors still get 503s after that;
- any answer is a 5xx other than the calm 503 page, or anything else unexpected (a 400 or 403 to a
  well-formed submission, a connection error, a timeout);
- a request right after the idle connections were cut fails at all (even with a 503);
- a submission that got its success answer (the redirect to the thanks page / "received" note) is
  not in the database afterwards;
- gunicorn had to be restarted or replaced a worker (the app must recover by itself).

Exit 2 means the check could not be set up (bad arguments, migrate or seed failed, no server).
It restarts the machine's PostgreSQL cluster, so everything else using it sees a short outage.
Needs root or the postgres user (pg_ctlcluster) and the project's virtualenv (requests, psycopg2).
"""

import argparse
import itertools
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import requests
from psycopg2 import sql

REPO = Path(__file__).resolve().parent.parent
PAGES = ["/", "/therapies/", "/conditions/", "/team/", "/blog/", "/search/?q=anxiety"]
POST_PATH = "/blog/what-causes-anxiety/"
CONTACT_PATH = "/contact/"
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR_RE = re.compile(r'class="form-status form-status--error"[^>]*>\s*(?:<p>)?([^<]{0,200})')
# What a well-behaved site answers during and around an outage; anything else fails the check.
EXPECTED = {"GET": {200, 503}, "POST": {302, 503}}
TAIL_SECONDS = 3  # traffic continues this long past the recovery limit


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


# --- the site -----------------------------------------------------------------------------------


def site_environment(args, url, workdir):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="practice.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        # Each simulated visitor sends its own X-Forwarded-For, so the per-address rate limits
        # see many people rather than one very busy one.
        TRUSTED_PROXY_COUNT="1",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        # No mail server here; the notice is built and kept in memory, as in the tests.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_ACCESS_LOG=str(workdir / "access.log"),
        # No planned worker recycling during the run, so a changed worker PID can only mean a
        # crash or a timeout.
        GUNICORN_MAX_REQUESTS="0",
    )
    return env


def manage(env, *command):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, no shell
        [sys.executable, "manage.py", *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SetupError(f"manage.py {' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def worker_pids(master_pid):
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    except OSError:
        return frozenset()
    return frozenset(int(pid) for pid in children.split())


def start_gunicorn(args, env, workdir):
    with (workdir / "gunicorn.log").open("w") as logfile:  # the child keeps its own copy
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "practice.wsgi"],
            cwd=REPO,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"gunicorn exited with {proc.returncode}; see {workdir}/gunicorn.log")
        try:
            healthy = requests.get(f"{base}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            healthy = False
        if healthy and len(worker_pids(proc.pid)) == args.workers:
            return proc
        time.sleep(0.2)
    proc.kill()
    raise SetupError(f"gunicorn did not answer /healthz within 60 s; see {workdir}/gunicorn.log")


def stop_gunicorn(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=35)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- traffic ------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One HTTP exchange: when it ended, what was asked and what came back."""

    end: float
    method: str
    path: str
    status: int | None  # None: no HTTP answer at all
    note: str = ""


@dataclass
class Submission:
    end: float
    kind: str  # "comment" or "consultation"
    marker: str
    status: int | None
    succeeded: bool


@dataclass
class Traffic:
    """Everything the visitors and the health probe saw, shared between threads."""

    base: str
    run_id: str
    post_path: str
    answers: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    health: list = field(default_factory=list)  # (end, status or None)
    workers_seen: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    counter: itertools.count = field(default_factory=itertools.count)

    def marker(self, kind):
        # Short enough for the comment's name (80 characters) and unique across runs.
        letter = {"comment": "c", "consultation": "r"}[kind]
        return f"hfault-{self.run_id}-{letter}{next(self.counter):05d}"


class Visitor(threading.Thread):
    """One person with their own cookie jar, reading pages and now and then sending a form."""

    def __init__(self, traffic, number):
        super().__init__(name=f"visitor-{number}", daemon=True)
        self.traffic = traffic
        self.number = number
        self.session = requests.Session()
        self.rng = random.Random(f"{traffic.run_id}-{number}")  # noqa: S311 - not for security
        self.sent = 0

    def address(self):
        # A fresh documentation-range address per submission: the rate limits (5 per address)
        # would otherwise refuse a simulated person who sends far more than a real one.
        self.sent += 1
        return f"2001:db8:{int(self.traffic.run_id[:4], 16):x}:{self.number:x}::{self.sent:x}"

    def exchange(self, method, path, **kwargs):
        url = self.traffic.base + path
        note = ""
        try:
            response = self.session.request(
                method, url, allow_redirects=False, timeout=15, **kwargs
            )
            status = response.status_code
            if status not in EXPECTED[method]:
                found = ERROR_RE.search(response.text)
                note = response.headers.get("Location", "") or (
                    found.group(1).strip() if found else ""
                )
        except requests.RequestException as exc:
            response, status, note = None, None, type(exc).__name__
        with self.traffic.lock:
            self.traffic.answers.append(Answer(time.monotonic(), method, path, status, note))
        return response

    def browse(self):
        path = self.rng.choice([*PAGES, self.traffic.post_path, CONTACT_PATH])
        self.exchange("GET", path)

    def submit(self, kind, path, fields, success_location):
        page = self.exchange("GET", path)
        if page is None or page.status_code != 200:
            return  # a person would not get as far as the form
        marker = self.traffic.marker(kind)
        data = fields(marker, page.text)
        token = TOKEN_RE.search(page.text)
        if token:  # the form still carries Django's CSRF token
            data["csrfmiddlewaretoken"] = token.group(1)
        url = self.traffic.base + path
        headers = {
            "Origin": self.traffic.base,
            "Referer": url,
            "X-Forwarded-For": self.address(),
        }
        response = self.exchange("POST", path, data=data, headers=headers)
        status = response.status_code if response is not None else None
        location = response.headers.get("Location", "") if response is not None else ""
        succeeded = status == 302 and success_location(location)
        with self.traffic.lock:
            self.traffic.submissions.append(
                Submission(time.monotonic(), kind, marker, status, succeeded)
            )
        if succeeded:  # the browser follows the redirect to the thanks page / the note
            self.exchange("GET", urlsplit(location)._replace(scheme="", netloc="").geturl())

    def comment(self):
        def fields(marker, html):
            return {
                "name": marker,
                "email": f"{marker}@example.com",
                "body": f"Does the site keep this comment across a database restart? {marker}",
                "website": "",  # the honeypot stays empty
            }

        self.submit(
            "comment", self.traffic.post_path, fields, lambda loc: "comment=received" in loc
        )

    def consult(self):
        def fields(marker, html):
            data = {
                "name": marker,
                "contact_by": "phone",
                "phone": f"310-555-{self.rng.randrange(10000):04d}",
                "email": "",
                "service_mode": self.rng.choice(["in_person", "phone", "video", "any"]),
                "availability": ["weekday_morning", "weekend"],
                "consent": "on",
                "website": "",  # the honeypot stays empty
            }
            if 'name="message"' in html:  # the contact page may offer a message box
                data["message"] = f"Restart check {marker}"
            return data

        self.submit("consultation", CONTACT_PATH, fields, lambda loc: loc.endswith("/thanks/"))

    def run(self):
        actions = [self.browse, self.browse, self.comment, self.consult]
        while not self.traffic.stop.is_set():
            self.rng.choice(actions)()
            self.traffic.stop.wait(self.rng.uniform(0.05, 0.25))


class HealthProbe(threading.Thread):
    """Polls /healthz ten times a second, as a load balancer would, and notes gunicorn's workers."""

    def __init__(self, traffic, master_pid):
        super().__init__(name="health", daemon=True)
        self.traffic = traffic
        self.master_pid = master_pid

    def run(self):
        session = requests.Session()
        while not self.traffic.stop.is_set():
            try:
                status = session.get(f"{self.traffic.base}/healthz", timeout=5).status_code
            except requests.RequestException:
                status = None
            with self.traffic.lock:
                self.traffic.health.append((time.monotonic(), status))
                self.traffic.workers_seen |= worker_pids(self.master_pid)
            self.traffic.stop.wait(0.1)


def preflight(base, post_path):
    """Every page the visitors use answers 200 and the two forms are there before the outage."""
    session = requests.Session()
    for path in [*PAGES, post_path, CONTACT_PATH]:
        response = session.get(base + path, timeout=30)
        if response.status_code != 200:
            raise SetupError(f"GET {path} answered {response.status_code} before any outage.")
    if 'class="comment-form"' not in session.get(base + post_path, timeout=30).text:
        raise SetupError(f"{post_path} shows no comment form (comments closed?). Use --post-path.")
    if 'class="contact-form"' not in session.get(base + CONTACT_PATH, timeout=30).text:
        raise SetupError(f"{CONTACT_PATH} shows no consultation request form.")


# --- the run ------------------------------------------------------------------------------------


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


def phase(t, outage):
    if t < outage.down:
        return "before"
    if outage.accepting is None or t < outage.accepting:
        return "outage"
    return "after"


def status_label(status):
    return "no answer" if status is None else str(status)


class Report:
    """Prints what happened, section by section, and collects what failed."""

    def __init__(self, args, traffic, outage, t0):
        self.args = args
        self.traffic = traffic
        self.outage = outage
        self.t0 = t0
        self.failures = []

    def at(self, t):
        return f"+{t - self.t0:.1f} s"

    def postgres(self):
        o = self.outage
        back = self.at(o.accepting) if o.accepting else "NEVER"
        print(
            f"  PostgreSQL: stop at {self.at(o.stop_begin)}, refusing connections from "
            f"{self.at(o.down)}, exited at {self.at(o.stopped)}, started at {self.at(o.started)}, "
            f"accepting connections at {back}: "
            f"{(o.accepting or o.started) - o.down:.1f} s without a database"
        )
        if o.accepting is None:
            self.failures.append("PostgreSQL did not accept connections within 30 s of starting")

    def health(self):
        """How long /healthz took to say 200 once the database was back."""
        o, limit = self.outage, self.args.recovery_timeout
        probes = self.traffic.health
        refused = sum(1 for t, status in probes if t >= o.down and status == 503)
        recovered = None
        if o.accepting is not None:
            recovered = next((t for t, st in probes if t >= o.accepting and st == 200), None)
        if recovered is None:
            print("  /healthz: NOT 200 again after PostgreSQL came back")
            self.failures.append("/healthz never answered 200 after PostgreSQL came back")
        else:
            delay = recovered - o.accepting
            print(
                f"  /healthz: {refused} probes answered 503 during the outage; 200 again "
                f"{delay:.2f} s after PostgreSQL accepted connections (limit {limit:g} s)"
            )
            if delay > limit:
                self.failures.append(f"/healthz took {delay:.1f} s to recover (limit {limit:g} s)")
        odd = Counter(status_label(st) for _, st in probes if st not in {200, 503})
        if odd:
            self.failures.append(f"/healthz answered other than 200/503: {dict(odd)}")

    def answers(self):
        """Visitors' answers before, during and after the outage; anything unexpected fails."""
        table, unexpected = Counter(), Counter()
        examples = {}
        for a in self.traffic.answers:
            if a.status in EXPECTED[a.method]:
                table[phase(a.end, self.outage), str(a.status)] += 1
            else:
                table[phase(a.end, self.outage), "other"] += 1
                what = f"{a.method} {a.path} -> {status_label(a.status)}"
                unexpected[what] += 1
                examples.setdefault(what, a.note)
        columns = ["before", "outage", "after"]
        print(f"  Visitors' answers ({len(self.traffic.answers)} requests):")
        print(" " * 14 + "".join(f"{c:>9}" for c in columns))
        for label in ["200", "302", "503", "other"]:
            print(f"    {label:<10}" + "".join(f"{table[c, label]:>9}" for c in columns))
        for what, count in unexpected.most_common(8):
            note = f" ({examples[what]})" if examples[what] else ""
            print(f"    unexpected: {count} x {what}{note}")
        if unexpected:
            total = sum(unexpected.values())
            self.failures.append(f"{total} unexpected answers (any 500 is one; listed above)")

        # Visitors, not only /healthz, must be served again soon after the database is back.
        ends = [a.end for a in self.traffic.answers if a.status == 503]
        if ends and self.outage.accepting is not None:
            limit = self.args.recovery_timeout
            print(
                f"  503s to visitors from {self.at(min(ends))} to {self.at(max(ends))}; the last "
                f"{max(ends) - self.outage.accepting:+.2f} s from PostgreSQL accepting connections"
            )
            late = sum(1 for t in ends if t > self.outage.accepting + limit)
            if late:
                self.failures.append(
                    f"{late} visitors still got 503 more than {limit:g} s after PostgreSQL came back"
                )

    def stale(self, cut, answers):
        """After idle connections died, the very next requests must succeed: not even a 503."""
        wrong = Counter(
            f"{a.method} {a.path} -> {status_label(a.status)}"
            for a in answers
            if a.status != {"GET": 200, "POST": 302}[a.method]
        )
        print(
            f"  Idle connections cut: {cut}; the next {len(answers)} requests: "
            + (", ".join(f"{n} x {what}" for what, n in wrong.items()) or "all succeeded")
        )
        if wrong:
            self.failures.append(
                f"{sum(wrong.values())} requests failed after idle database connections were cut: "
                "stale connections were reused (is CONN_HEALTH_CHECKS on?)"
            )

    def submissions(self, stored):
        """Every submission answered as received must be in the database."""
        print("  Submissions:")
        print(
            f"    {'':<14}{'sent':>7}{'succeeded':>11}{'refused 503':>13}{'other':>7}"
            f"{'in database':>13}{'503 but kept':>14}"
        )
        for kind in ["comment", "consultation"]:
            sent = [s for s in self.traffic.submissions if s.kind == kind]
            succeeded = [s for s in sent if s.succeeded]
            refused = [s for s in sent if s.status == 503]
            other = len(sent) - len(succeeded) - len(refused)
            kept = sum(1 for s in sent if s.marker in stored)
            refused_kept = sum(1 for s in refused if s.marker in stored)
            print(
                f"    {kind + 's':<14}{len(sent):>7}{len(succeeded):>11}{len(refused):>13}"
                f"{other:>7}{kept:>13}{refused_kept:>14}"
            )
            missing = [s.marker for s in succeeded if s.marker not in stored]
            if missing:
                self.failures.append(
                    f"{len(missing)} {kind}(s) answered as received are not in the database: "
                    + ", ".join(missing[:5])
                )
            # Proof that the site stores again once the database is back, not only before.
            if not any(phase(s.end, self.outage) == "after" for s in succeeded):
                self.failures.append(f"no {kind} succeeded after PostgreSQL came back")

    def gunicorn(self, problems):
        print("  gunicorn: " + ("; ".join(problems) or "same master and workers throughout"))
        self.failures.extend(problems)

    def verdict(self):
        print()
        if self.failures:
            print("FAILED:")
            for failure in self.failures:
                print(f"  - {failure}")
        else:
            print("PASSED: the site answered 503 while the database was away, recovered by itself")
            print("and kept every submission it confirmed.")
        return self.failures


def stale_connection_round(traffic, url, workers):
    """Cut the site's idle database connections behind Django's back, then visit again.

    During the restart the workers are busy, so each of them meets the outage and drops its
    broken connection. A restart at a quiet hour is different: the workers keep persistent
    connections (CONN_MAX_AGE) that died while idle, and only the health check before first use
    (CONN_HEALTH_CHECKS) stops the next visitor getting an error. Terminating the backends of the
    site's database reproduces that without restarting PostgreSQL again.
    Returns (connections cut, the round's answers).
    """
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'"
            )
            cut = cur.fetchone()[0]
    finally:
        conn.close()
    time.sleep(0.5)  # let the backends exit
    first = len(traffic.answers)
    visitor = Visitor(traffic, 0)
    for _ in range(workers):  # sync workers: a few rounds reach each of them
        visitor.browse()
        visitor.browse()
        visitor.comment()
        visitor.consult()
    # Reported on their own, not mixed into the restart's table.
    answers = traffic.answers[first:]
    del traffic.answers[first:]
    return cut, answers


def check_gunicorn(proc, workers_before, traffic):
    problems = []
    if proc.poll() is not None:
        problems.append(f"gunicorn's master exited with {proc.returncode}")
    workers_after = worker_pids(proc.pid)
    if workers_after != workers_before or traffic.workers_seen - workers_before:
        problems.append(
            f"gunicorn replaced workers: {sorted(workers_before)} at the start, "
            f"{sorted(traffic.workers_seen | workers_after)} seen during the run"
        )
    return problems


def run(args):
    url, scratch = resolve_database(args)
    cluster = find_cluster(url, args.pg_version)
    run_id = secrets.token_hex(4)
    workdir = Path(tempfile.mkdtemp(prefix="h_fault_"))
    proc = None
    failures = None
    try:
        name = urlsplit(url).path.lstrip("/")
        if scratch:
            log(f"creating scratch database {name}")
            create_scratch_database(url)
        else:
            log(f"using {name} from DATABASE_URL (this run's submissions are deleted afterwards)")
        env = site_environment(args, url, workdir)
        log("migrate, seed_demo, collectstatic")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput")
        log(f"starting gunicorn on 127.0.0.1:{args.port}")
        proc = start_gunicorn(args, env, workdir)
        traffic = Traffic(
            base=f"http://127.0.0.1:{args.port}", run_id=run_id, post_path=args.post_path
        )
        preflight(traffic.base, args.post_path)
        workers_before = worker_pids(proc.pid)

        threads = [HealthProbe(traffic, proc.pid)] + [
            Visitor(traffic, n) for n in range(1, args.visitors + 1)
        ]
        t0 = time.monotonic()
        log(
            f"{args.visitors} visitors for about {args.duration:g} s; restart at +{args.restart_at:g} s"
        )
        for thread in threads:
            thread.start()
        time.sleep(args.restart_at)
        log(f"restarting PostgreSQL {'/'.join(cluster)} (down {args.down:g} s)")
        try:
            outage = restart_postgres(cluster, url, args.down)
        finally:
            ensure_postgres_running(cluster, url)
        # Keep visiting until the planned end, and a few seconds past the recovery limit, so the
        # recovered site is seen serving and storing again and a late 503 would be caught.
        back = outage.accepting or time.monotonic()
        end = max(t0 + args.duration, back + args.recovery_timeout + TAIL_SECONDS)
        time.sleep(max(0.0, end - time.monotonic()))
        traffic.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        stale = stale_connection_round(traffic, url, args.workers)
        gunicorn_check = check_gunicorn(proc, workers_before, traffic)
        stored = stored_markers(url, run_id)
        report = Report(args, traffic, outage, t0)
        print(
            f"\nPostgreSQL restart check: {traffic.base}, {args.visitors} visitors, {args.workers} workers"
        )
        report.postgres()
        report.health()
        report.answers()
        report.stale(*stale)
        report.submissions(stored)
        report.gunicorn(gunicorn_check)
        failures = report.verdict()
        if not scratch:
            delete_markers(url, run_id)
        return 1 if failures else 0
    finally:
        if proc is not None:
            stop_gunicorn(proc)
        ensure_postgres_running(cluster, url)
        if scratch:
            try:
                drop_scratch_database(url)
            except psycopg2.Error as exc:
                print(f"Could not drop the scratch database: {exc}", file=sys.stderr)
        if failures is None or failures:
            print(f"Logs kept in {workdir} (gunicorn.log, access.log)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


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


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        help="scratch database to create and drop (default: DATABASE_URL's, else h_fault_run)",
    )
    parser.add_argument("--port", type=int, default=8720, help="gunicorn's port (default 8720)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--visitors", type=int, default=6, help="concurrent visitors (default 6)")
    parser.add_argument(
        "--duration", type=float, default=20, help="seconds of traffic, at least (default 20)"
    )
    parser.add_argument(
        "--restart-at", type=float, default=6, help="seconds into the traffic (default 6)"
    )
    parser.add_argument(
        "--down", type=float, default=2, help="seconds PostgreSQL stays stopped (default 2)"
    )
    parser.add_argument(
        "--recovery-timeout",
        type=float,
        default=10,
        help="seconds the site may take to answer 200 after PostgreSQL is back (default 10)",
    )
    parser.add_argument(
        "--post-path", default=POST_PATH, help=f"blog post to comment on ({POST_PATH})"
    )
    parser.add_argument("--pg-version", help="cluster version for pg_ctlcluster (default: found)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        return run(args)
    except SetupError as exc:
        print(f"Setup failed: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
