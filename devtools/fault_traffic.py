"""`make fault-check` (scripts/db_restart_check.py), the visitors: simulated people reading pages
and sending blog comments and consultation requests, each with a unique marker, and a health probe
polling /healthz as a load balancer would. Everything they see is collected in one `Traffic`."""

import itertools
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

from devtools.fault_postgres import SetupError, connect
from devtools.servers import worker_pids

PAGES = ["/", "/therapies/", "/conditions/", "/team/", "/blog/", "/search/?q=anxiety"]
POST_PATH = "/blog/what-causes-anxiety/"
CONTACT_PATH = "/contact/"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR_RE = re.compile(r'class="form-status form-status--error"[^>]*>\s*(?:<p>)?([^<]{0,200})')
# What a well-behaved site answers during and around an outage; anything else fails the check.
EXPECTED = {"GET": {200, 503}, "POST": {302, 503}}


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
            self.exchange(
                "GET", urlsplit(location)._replace(scheme="", netloc="", fragment="").geturl()
            )

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

        self.submit(
            "consultation",
            CONTACT_PATH,
            fields,
            lambda loc: urlsplit(loc).path.endswith("/thanks/"),
        )

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
