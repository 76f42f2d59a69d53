"""Stateless app servers: two gunicorn instances share one PostgreSQL and one Redis. A change
published through one is served fresh by the other within a second, although the other had the
old page in the (shared) full-page cache.

Needs PostgreSQL (DATABASE_URL) and Redis on 127.0.0.1:6379; both are there in CI (`.ci/run`),
where this test must run. Elsewhere it is skipped when either is missing.
"""

import re
import time

import pytest
import redis
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection

from blog.models import BlogPostPage
from devtools.servers import (
    collect_static,
    database_url,
    free_port,
    gunicorn,
    in_ci,
    production_env,
)

REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "two instances, one truth"


def require(condition, reason):
    if not condition:
        if in_ci():
            pytest.fail(f"{reason}: CI must run the two-instance test.", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def shared_services(transactional_db, tmp_path):
    require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        require(False, "needs Redis on 127.0.0.1:6379")
    # PAGE_CACHE_HEADER: the X-Page-Cache header this test reads is off in production by default.
    # STAFF_TWO_FACTOR: the publisher signs in with a password only (the second factor has its
    # own journey, tests/browser/test_two_factor_journey.py); with it on, the admin's publish
    # answers with a redirect to the set-up screen and nothing is published.
    env = production_env(
        database_url(connection),
        tmp_path / "static",
        REDIS_URL=REDIS_URL,
        DB_CONN_MAX_AGE=0,
        PAGE_CACHE_HEADER="on",
        STAFF_TWO_FACTOR="false",
    )
    collect_static(env)
    call_command("seed_demo", "--no-index", verbosity=0)
    # Hashed as production hashes (the test settings use a fast hasher production does not know).
    get_user_model().objects.create(
        username="publisher",
        is_staff=True,
        is_superuser=True,
        password=PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt()),
    )
    yield env
    redis.Redis.from_url(REDIS_URL).flushdb()


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(session, base_url):
    form = session.get(base_url + "/admin/login/")
    response = session.post(
        base_url + "/admin/login/",
        {
            "username": "publisher",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(form.text),
        },
        headers={"Referer": base_url + "/admin/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, re.findall(r"(?s)error[^<]*<[^<]*<[^<]*", response.text)


def publish_latest_revision(session, base_url, page):
    """Publish the page's draft through the admin's Publish bulk action, as an editor would."""
    url = f"{base_url}/admin/bulk/wagtailcore/page/publish/?next=/admin/&id={page.pk}"
    confirm = session.get(url)
    assert confirm.status_code == 200
    response = session.post(
        url,
        {"csrfmiddlewaretoken": csrf_token(confirm.text)},
        headers={"Referer": url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_a_change_published_on_one_instance_is_fresh_on_the_other(shared_services):
    post = BlogPostPage.objects.live().first()
    with (
        gunicorn(shared_services, free_port()) as first,
        gunicorn(shared_services, free_port()) as second,
    ):
        reader = requests.Session()
        # Behind the load balancer both instances see the same Host header.
        reader.headers["Host"] = "www.practice.test"
        # The second instance has the post in the shared cache; the first serves it from there.
        assert reader.get(second + post.url).headers["X-Page-Cache"] == "miss"
        assert reader.get(second + post.url).headers["X-Page-Cache"] == "hit"
        assert reader.get(first + post.url).headers["X-Page-Cache"] == "hit"

        # A draft is saved (not yet public), then published through the first instance's admin.
        post.title = "Published through the first instance"
        post.save_revision()
        assert "Published through the first instance" not in reader.get(second + post.url).text
        editor = requests.Session()
        editor.headers["Host"] = "www.practice.test"
        log_in(editor, first)
        publish_latest_revision(editor, first, post)
        published_at = time.monotonic()

        # The second instance serves the new title within a second.
        while True:
            response = reader.get(second + post.url)
            if "Published through the first instance" in response.text:
                break
            assert time.monotonic() - published_at < 1.0, "stale page after one second"
            time.sleep(0.05)
        assert response.headers["X-Page-Cache"] == "miss"
        assert reader.get(second + post.url).headers["X-Page-Cache"] == "hit"


def test_static_files_are_hashed_compressed_and_cached_for_ever(shared_services):
    with gunicorn(shared_services, free_port()) as base_url:
        home = requests.get(base_url + "/", timeout=10)
        css = re.search(
            r'<link rel="stylesheet" href="(/static/css/site\.[0-9a-f]{12}\.css)"', home.text
        )
        assert css, "the stylesheet has a content-hashed name"
        response = requests.get(
            base_url + css.group(1), headers={"Accept-Encoding": "gzip"}, timeout=10
        )
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert home.headers["Content-Encoding"] == "gzip"  # the HTML too
