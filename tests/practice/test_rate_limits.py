"""Rate limits of the public forms hold for the whole site, not per worker, and no amount of other
traffic resets them.

The counters live in a store every worker shares and the page cache cannot touch: the database
(practice.RateLimitCounter) without Redis, Redis under its own key prefix with REDIS_URL. Each
test runs on both. The real proof is at the end: gunicorn with production settings and two
workers, 16 comments from one address, then 5,000 requests to other URLs, then more comments.
"""

import re
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import redis
import requests
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from blog.comments import RATE_LIMIT
from blog.models import Comment
from devtools.servers import (
    collect_static,
    database_url,
    free_port,
    gunicorn,
    production_env,
)
from practice import http as practice_http
from practice.http import count_attempt, rate_limited
from practice.models import RateLimitCounter
from tests.factories import BlogPostPageFactory

# Redis database 11 and a prefix of this run's own: other tests and helpers use other numbers.
REDIS_URL = "redis://127.0.0.1:6379/11"


def delete_redis_keys(prefix):
    client = redis.Redis.from_url(REDIS_URL)
    names = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if names:
        client.delete(*names)


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """The counters' store for one test: the database, or Redis under a fresh prefix."""
    if request.param == "database":
        settings.RATE_LIMIT_REDIS_URL = ""
        yield "database"
        return
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    settings.RATE_LIMIT_REDIS_URL = REDIS_URL
    settings.RATE_LIMIT_KEY_PREFIX = prefix
    yield "redis"
    delete_redis_keys(prefix)


def visitor(address="198.51.100.7"):
    return RequestFactory().post("/blog/a-post/", REMOTE_ADDR=address)


def stored_keys(store):
    if store == "database":
        return [row.key for row in RateLimitCounter.objects.all()]
    client = redis.Redis.from_url(REDIS_URL)
    pattern = f"{django_settings.RATE_LIMIT_KEY_PREFIX}*"
    return [name.decode() for name in client.scan_iter(match=pattern)]


def test_the_attempt_past_the_limit_is_refused_per_address_and_per_scope(store, db):
    results = [rate_limited("comment", visitor(), 5, 600) for _ in range(7)]
    assert results == [False] * 5 + [True] * 2
    assert rate_limited("comment", visitor("198.51.100.8"), 5, 600) is False
    assert rate_limited("consultation", visitor(), 5, 600) is False


def test_counters_keep_no_address_in_the_clear(store, db):
    rate_limited("comment", visitor("203.0.113.77"), 5, 600)
    keys = stored_keys(store)
    assert len(keys) == 1
    assert "203.0.113.77" not in keys[0] and "comment:" in keys[0]


def test_a_new_window_starts_once_the_old_one_has_expired(store, db):
    assert rate_limited("comment", visitor(), 1, 1) is False
    assert rate_limited("comment", visitor(), 1, 1) is True
    time.sleep(1.1)
    assert rate_limited("comment", visitor(), 1, 1) is False
    assert rate_limited("comment", visitor(), 1, 1) is True


def test_filling_the_page_cache_does_not_lift_a_limit(store, db):
    for _ in range(5):
        rate_limited("comment", visitor(), 5, 600)
    for n in range(5000):
        cache.set(f"/robots.txt?n={n}", b"x" * 100)
    cache.clear()
    assert rate_limited("comment", visitor(), 5, 600) is True


def test_expired_database_counters_are_deleted_on_a_later_write(db, settings, monkeypatch):
    settings.RATE_LIMIT_REDIS_URL = ""
    past = timezone.now() - timedelta(seconds=1)
    RateLimitCounter.objects.bulk_create(
        RateLimitCounter(key=f"comment:old{n}", count=3, expires_at=past) for n in range(50)
    )
    monkeypatch.setattr(practice_http, "RATE_LIMIT_PURGE_ONE_IN", 1)  # purge on this write
    count_attempt("comment:new", 600)
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["comment:new"]


def test_concurrent_attempts_from_many_threads_lose_no_count(store, transactional_db):
    assert connection.vendor == "postgresql", "run the tests on PostgreSQL (DATABASE_URL)"
    threads, attempts = 8, 25
    start = threading.Barrier(threads)
    counts, lock = [], threading.Lock()

    def attempt_many():
        try:
            start.wait()
            mine = [count_attempt("comment:busy", 600) for _ in range(attempts)]
            with lock:
                counts.extend(mine)
        finally:
            connection.close()  # this thread's own connection

    workers = [threading.Thread(target=attempt_many) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # Every attempt got its own number: none was counted twice, none lost.
    assert sorted(counts) == list(range(1, threads * attempts + 1))


# --- Through gunicorn with production settings and two workers ---------------------------------

ACCESS_LOG_FORMAT = "%(p)s %(m)s %(s)s %(U)s"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collect_static(production_env("postgres://unused@127.0.0.1/unused", root))
    return root


@pytest.fixture
def post(transactional_db, blog_index, clinician, practice_settings):
    assert connection.vendor == "postgresql", "run the tests on PostgreSQL (DATABASE_URL)"
    return BlogPostPageFactory(parent=blog_index, title="On waiting lists", slug="waiting-lists")


@pytest.fixture(params=["database", "redis"])
def two_workers(request, post, static_root, tmp_path):
    """gunicorn with two sync workers on a free port, and the file its access log goes to
    (one line per request, starting with the worker's process id)."""
    extra = {}
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    if request.param == "redis":
        extra = {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    log = tmp_path / "access.log"
    env = production_env(
        database_url(connection),
        static_root,
        WEB_CONCURRENCY=2,
        GUNICORN_ACCESS_LOG=log,
        DB_CONN_MAX_AGE=0,
        **extra,
    )
    port = free_port()
    with gunicorn(env, port, args=["--access-logformat", ACCESS_LOG_FORMAT]):
        yield port, log
    if request.param == "redis":
        delete_redis_keys(prefix)


def get_status(port, path):
    """GET `path` on a connection of its own (sync workers close it after each answer anyway),
    as plainly as HTTP allows: 2-3 times cheaper for the client than http.client."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return int(b"".join(chunks).split(b" ", 2)[1])


def comment(port, path, n):
    """POST one comment from this machine's address; the status it is answered with."""
    response = requests.post(
        f"http://127.0.0.1:{port}{path}",
        {"name": "Sam", "email": "sam@example.org", "website": "", "body": f"Comment {n}"},
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code


def workers_that_answered(log, method):
    lines = log.read_text().splitlines()
    return {line.split()[0] for line in lines if line.split()[1] == method}


def test_the_limit_holds_across_two_workers_and_after_5000_other_requests(two_workers, post):
    port, log = two_workers
    path = post.url
    with ThreadPoolExecutor(max_workers=4) as pool:
        # 16 comments from one address, four at a time so both workers take some.
        statuses = list(pool.map(lambda n: comment(port, path, n), range(16)))
        assert sorted(statuses) == [302] * RATE_LIMIT + [429] * (16 - RATE_LIMIT)

        # 5,000 requests to distinct URLs: enough to evict 2,000-entry local caches twice over.
        # (A 404 page costs 50-100 times what robots.txt does, hence only a few.)
        paths = [f"/robots.txt?n={n}" for n in range(4950)]
        paths += [f"/no-such-page-{n}/" for n in range(50)]
        started = time.monotonic()
        answered = list(pool.map(lambda p: get_status(port, p), paths))
        elapsed = time.monotonic() - started
        assert answered == [200] * 4950 + [404] * 50
        print(f"5,000 GETs through two workers: {elapsed:.1f} s")

        later = list(pool.map(lambda n: comment(port, path, n), range(16, 24)))
    assert later == [429] * 8
    assert Comment.objects.count() == RATE_LIMIT
    assert len(workers_that_answered(log, "POST")) == 2, "both workers must have taken comments"
    assert re.search(r"^<\d+> GET 200 /robots.txt", log.read_text(), re.MULTILINE)
