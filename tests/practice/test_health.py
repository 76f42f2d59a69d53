"""Health check, the database-outage page and structured error logs."""

import json
import logging
import sys

import pytest
from django.db import OperationalError
from django.test import Client

from practice.log_format import JsonFormatter
from practice.models import HomePage

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_with_the_database(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_without_details_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def broken_cursor(self, *args, **kwargs):
        raise OperationalError('connection to server at "10.0.0.5" failed: secret details')

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")


def test_healthz_refuses_posts(client):
    assert client.post("/healthz").status_code == 405


@pytest.fixture
def failing_home(home_page, monkeypatch):
    def fail_with(exception):
        def serve(self, request, *args, **kwargs):
            raise exception

        monkeypatch.setattr(HomePage, "serve", serve)

    return fail_with


def test_a_database_outage_gets_the_calm_503_page(failing_home):
    failing_home(OperationalError("server closed the connection unexpectedly"))
    response = Client(raise_request_exception=False).get("/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "We will be back in a moment" in html
    assert "988" in html  # the crisis line, even now
    assert "server closed the connection" not in html


def test_any_other_failure_gets_the_500_page(failing_home):
    failing_home(RuntimeError("boom"))
    response = Client(raise_request_exception=False).get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in html
    assert "boom" not in html


def test_error_logs_are_one_json_object_without_query_strings_or_bodies(rf):
    request = rf.post("/contact/?email=private@example.org", {"name": "Robin"})
    try:
        raise OperationalError("database gone")
    except OperationalError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/contact/",),
            exc_info=sys.exc_info(),
        )
    record.request = request
    record.status_code = 503
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /contact/"
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/contact/", 503)
    assert "OperationalError: database gone" in entry["exception"]
    assert "\n" not in line
    assert "private@example.org" not in line and "Robin" not in line
