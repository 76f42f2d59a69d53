"""A new gunicorn worker renders one public page of each type before its first request
(practice/warm_up.py), and never fails to start because of it."""

import runpy
from pathlib import Path

import pytest
from django.core.wsgi import get_wsgi_application
from wagtail.models import Page, PageViewRestriction

from practice import warm_up as warm_up_module
from practice.warm_up import warm_up, warm_up_paths

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_connection_kept():
    """As Django's test client does: a request must not close the test's connection (its
    transaction holds the demo)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


ROOT = Path(__file__).resolve().parents[2]


def test_one_public_page_of_each_type_is_rendered_home_first(demo):
    statuses = warm_up(get_wsgi_application())
    assert next(iter(statuses)) == "/"
    assert set(statuses.values()) == {200}, statuses
    public = Page.objects.live().public().filter(depth__gt=1)
    types = set(public.values_list("content_type", flat=True))
    assert len(statuses) == len(types) >= 10


def test_a_restricted_page_is_never_asked_for(demo):
    about = Page.objects.get(url_path="/home/about/")
    PageViewRestriction.objects.create(page=about, restriction_type="login")
    paths = warm_up_paths()
    assert "/about/" not in paths
    assert "/" in paths


def test_a_failure_is_logged_and_the_worker_starts(demo, monkeypatch):
    def broken():
        raise RuntimeError("database away")

    logged = []
    monkeypatch.setattr(warm_up_module, "warm_up_paths", broken)
    monkeypatch.setattr(warm_up_module.logger, "exception", logged.append)
    assert warm_up(get_wsgi_application()) == {}
    assert logged == ["Warm-up failed; the worker starts cold"]


def test_it_can_be_turned_off(demo, monkeypatch):
    monkeypatch.setenv("GUNICORN_WARM_UP", "off")
    assert warm_up(get_wsgi_application()) == {}


def test_gunicorn_warms_each_new_worker_with_its_application(monkeypatch):
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    called = []
    monkeypatch.setattr(warm_up_module, "warm_up", called.append)

    class Worker:
        wsgi = object()

    config["post_worker_init"](Worker())
    assert called == [Worker.wsgi]
