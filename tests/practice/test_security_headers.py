"""Every response the app sends carries the security headers the README promises, whichever layer
made it: a page, a static file from whitenoise, the 404, 500 and 503 pages (the 503 raised inside
the page-cache middleware, above the CSP and X-Frame-Options middleware), /healthz, robots.txt.

Through the Django test client for the error pages, and through gunicorn with production settings
for hashed static files and the rest.
"""

import json

import pytest
import requests
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from devtools.servers import (
    collect_static,
    database_url,
    free_port,
    gunicorn,
    production_env,
)
from practice import page_cache
from practice.models import HomePage

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"


def assert_security_headers(response, what, https=True):
    """All the promised headers, with the public pages' values (`response` from the test client
    or from requests)."""
    headers = response.headers
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if https:
        expected["Strict-Transport-Security"] = HSTS
    found = {name: headers.get(name) for name in expected}
    assert found == expected, what
    csp = headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in csp, (what, csp)
    assert "unsafe-inline" not in csp, what


# --- Test client: error pages, health check, robots.txt ----------------------------------------


@pytest.fixture
def outage_in_the_page_cache(settings, home_page, monkeypatch):
    """The database goes away while the page-cache middleware asks it for the cache generation
    (no Redis), far above the CSP and X-Frame-Options middleware."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SHARED = False

    def unreachable():
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(page_cache, "current_generation", unreachable)


@pytest.mark.django_db
def test_the_503_page_of_an_outage_inside_the_page_cache_has_every_header(
    outage_in_the_page_cache,
):
    response = Client(raise_request_exception=False).get("/", secure=True)
    assert response.status_code == 503
    assert "We will be back in a moment" in response.content.decode()
    assert_security_headers(response, "503 from the page-cache middleware")


@pytest.mark.django_db
def test_the_500_and_404_pages_have_every_header(home_page, monkeypatch):
    client = Client(raise_request_exception=False)
    assert_security_headers(client.get("/no-such-page/", secure=True), "404")

    def serve(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "serve", serve)
    response = client.get("/", secure=True)
    assert response.status_code == 500
    assert_security_headers(response, "500")


@pytest.mark.django_db
def test_healthz_up_and_down_and_robots_txt_have_every_header(client, home_page, monkeypatch):
    assert_security_headers(client.get("/healthz", secure=True), "/healthz")
    assert_security_headers(client.get("/robots.txt", secure=True), "/robots.txt")
    from django.db.backends.base.base import BaseDatabaseWrapper

    def broken_cursor(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken_cursor)
    response = client.get("/healthz", secure=True)
    assert response.status_code == 503
    assert_security_headers(response, "/healthz while the database is down")


def test_headers_set_further_in_are_kept(admin_client, root_page):
    """The outermost middleware only fills gaps: the admin keeps its own, wider policy."""
    response = admin_client.get("/admin/", secure=True)
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response["Content-Security-Policy"]
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_the_expected_policy_is_the_configured_one():
    assert settings.PERMISSIONS_POLICY == PERMISSIONS_POLICY
    assert settings.MIDDLEWARE[0] == "practice.security.SecurityHeadersMiddleware"


# --- gunicorn with production settings: hashed static files and the rest ----------------------


@pytest.fixture(scope="module")
def production_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn with production settings on a free port, serving collected, hashed static files
    from the (empty) test database; nothing is written to it."""
    static_root = tmp_path_factory.mktemp("static")
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "run the tests on PostgreSQL (DATABASE_URL)"
        url = database_url(connection)
    env = production_env(url, static_root, DB_CONN_MAX_AGE=0)
    collect_static(env)
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    with gunicorn(env, free_port()) as base_url:
        yield base_url, manifest


# Behind the TLS-terminating proxy production expects (SECURE_PROXY_SSL_HEADER).
HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.parametrize("name", ["css/site.css", "js/site.js"])
def test_hashed_static_files_from_whitenoise_have_every_header(production_server, name):
    base_url, manifest = production_server
    hashed = manifest[name]
    assert hashed != name  # a content-hashed name, as production serves
    response = requests.get(f"{base_url}/static/{hashed}", headers=HTTPS, timeout=30)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert_security_headers(response, hashed)
    again = requests.get(
        f"{base_url}/static/{hashed}",
        headers={**HTTPS, "If-None-Match": response.headers["ETag"]},
        timeout=30,
    )
    assert again.status_code == 304
    assert_security_headers(again, f"{hashed} (304)")


@pytest.mark.parametrize("path", ["/healthz", "/robots.txt", "/no-such-page/", "/static/nope.css"])
def test_production_responses_have_every_header(production_server, path):
    base_url, _ = production_server
    response = requests.get(base_url + path, headers=HTTPS, timeout=30)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert_security_headers(response, path)


def test_plain_http_responses_have_every_header_but_hsts(production_server):
    base_url, manifest = production_server
    response = requests.get(f"{base_url}/static/{manifest['css/site.css']}", timeout=30)
    assert_security_headers(response, "static over plain HTTP", https=False)
    assert "Strict-Transport-Security" not in response.headers
