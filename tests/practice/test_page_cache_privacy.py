"""The full-page cache keeps nothing private: restricted pages, search results and thank-you
states are never stored or served from it, a restriction shows the moment it is saved, query
strings pages do not read add no entries, and the X-Page-Cache header is off in production.

Invalidation runs on transaction commit, so changes below run inside `with committed()`, as
they would commit in a real request (see tests/practice/test_page_cache.py).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

import practice.page_cache
from practice.accept_encoding import accepts_encoding
from practice.page_cache import HEADER, forget_generation
from tests.factories import BlogPostPageFactory, ContactPageFactory
from tests.page_cache_helpers import committed_block, run_pending_invalidations

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD_FIELD = 'name="password"'


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SHARED = False
    settings.PAGE_CACHE_HEADER = True
    cache.clear()
    forget_generation()
    yield
    cache.clear()
    forget_generation()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block as if its transaction committed at the end."""
    return committed_block(django_capture_on_commit_callbacks)


def get(client, url, **extra):
    run_pending_invalidations()
    response = client.get(url, **extra)
    return response, response.content.decode()


@pytest.fixture
def post(blog_index, clinician, practice_settings):
    return BlogPostPageFactory(
        parent=blog_index,
        title="Sleep and worry",
        slug="sleep-and-worry",
        author=clinician,
        body=[("paragraph", "<p>Original words.</p>")],
    )


@pytest.fixture
def stored_keys(monkeypatch):
    """The page-cache keys stored from now on (a spy on the cache the middleware writes to)."""
    keys = []
    real_set = practice.page_cache.cache.set

    def spy(key, *args, **kwargs):
        if key.startswith("pagecache:page:"):
            keys.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(practice.page_cache.cache, "set", spy)
    return keys


def assert_cached(client, url, text):
    """The page is public: stored by one visit, served from the cache to the next."""
    first, html = get(client, url)
    second, again = get(client, url)
    assert (first.status_code, first[HEADER], second[HEADER]) == (200, "miss", "hit"), url
    assert text in html and again == html


# --- Restrictions: never stored, and a change shows at once --------------------------------------


def test_a_password_added_to_a_cached_post_shows_the_password_form_at_once(client, post, committed):
    assert_cached(client, post.url, "Original words.")
    with committed() as callbacks:
        PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert len(callbacks) == 1  # one invalidation, at commit
    for _ in range(2):
        response, html = get(client, post.url)
        assert response.status_code == 200
        assert response[HEADER] == "bypass"  # the password form is not stored either
        assert PASSWORD_FIELD in html
        assert "Original words." not in html


def test_a_groups_restriction_on_the_team_index_stops_serving_a_cached_clinician_page(
    client, clinician, team_index, practice_settings, groups, committed
):
    assert_cached(client, clinician.url, clinician.title)
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=team_index, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get(name="Editors"))
    for _ in range(2):
        response, _ = get(client, clinician.url)
        assert response.status_code == 302  # to the login
        assert response[HEADER] == "bypass"
    assert get(client, team_index.url)[0].status_code == 302


def test_changing_a_restriction_or_its_groups_invalidates_the_cache(
    post, groups, committed, client
):
    restriction = PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.GROUPS
    )
    editors = Group.objects.get(name="Editors")
    with committed() as callbacks:
        restriction.groups.add(editors)
    assert len(callbacks) == 1
    with committed() as callbacks:
        restriction.groups.remove(editors)
    assert len(callbacks) == 1
    with committed() as callbacks:
        restriction.groups.set([editors])
        restriction.groups.clear()
    assert len(callbacks) == 1  # however many changes, once per transaction
    with committed() as callbacks:
        restriction.restriction_type = PageViewRestriction.PASSWORD
        restriction.password = "changed"
        restriction.save()
    assert len(callbacks) == 1


def test_removing_the_restriction_makes_the_page_public_and_cached_again(
    client, post, blog_index, committed
):
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert PASSWORD_FIELD in get(client, post.url)[1]  # the ancestor's restriction covers it
    with committed():
        restriction.delete()
    assert_cached(client, post.url, "Original words.")


@pytest.mark.parametrize("restricted", ["post", "blog_index"])
def test_a_restricted_page_is_never_stored_even_for_a_visitor_it_lets_in(
    client, post, blog_index, restricted, monkeypatch
):
    """Whoever asks: here a restriction that accepts the request, and without the never-cache
    headers Wagtail adds, so only the page cache's own rule stands between it and the cache."""
    import wagtail.wagtail_hooks

    monkeypatch.setattr(PageViewRestriction, "accept_request", lambda self, request: True)
    monkeypatch.setattr(wagtail.wagtail_hooks, "add_never_cache_headers", lambda response: None)
    page = post if restricted == "post" else blog_index
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _ in range(2):
        response, html = get(client, post.url)
        assert (response.status_code, response[HEADER]) == (200, "bypass")
        assert "Original words." in html
        assert "private" not in response.get("Cache-Control", "")


# --- Search and thank-you states ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/search/?q=suicide", "/search/?q=anxiety&page=1", "/search/"])
def test_search_results_are_never_stored_or_served_from_the_cache(client, post, url, stored_keys):
    for _ in range(2):
        response, _ = get(client, url)
        assert (response.status_code, response[HEADER]) == (200, "bypass")
    assert stored_keys == []


def test_the_contact_thank_you_page_is_never_stored(client, home_page, practice_settings):
    contact = ContactPageFactory(parent=home_page)
    assert_cached(client, contact.url, "<form")  # the form itself is an ordinary page
    for _ in range(2):
        response, _ = get(client, contact.url + "thanks/")
        assert (response.status_code, response[HEADER]) == (200, "bypass")


def test_the_comment_received_note_is_never_stored_or_served_from_the_post_entry(
    client, post, stored_keys
):
    assert_cached(client, post.url, "Original words.")
    for _ in range(2):
        response, html = get(client, post.url + "?comment=received")
        assert (response.status_code, response[HEADER]) == (200, "bypass")
        assert "your comment has been received" in html
    assert len(stored_keys) == 1  # the post itself, once
    # The post's entry is untouched: no note in it.
    response, html = get(client, post.url)
    assert response[HEADER] == "hit" and "your comment has been received" not in html


# --- Query strings -------------------------------------------------------------------------------


def test_query_strings_pages_do_not_read_create_no_entries(client, site, stored_keys):
    for n in range(1, 4001):
        response = client.get(f"/robots.txt?n={n}")
        assert response[HEADER] == "bypass"
    assert stored_keys == []
    assert get(client, "/robots.txt")[0][HEADER] == "miss"
    # Once the page itself is stored, a request with a parameter it ignores is served it.
    response, _ = get(client, "/robots.txt?n=4001")
    assert response[HEADER] == "hit"
    assert len(stored_keys) == 1


def test_the_page_parameter_makes_entries_only_where_the_page_reads_it(
    client, site, blog_index, practice_settings, stored_keys
):
    for n in range(1, 101):
        assert client.get(f"/robots.txt?page={n}")[HEADER] == "bypass"
        assert client.get(f"/?page={n}")[HEADER] == "bypass"  # the home page has no pages
    assert stored_keys == []
    assert get(client, blog_index.url + "?page=1")[0][HEADER] == "miss"  # the blog paginates
    assert len(stored_keys) == 1


def test_the_page_parameter_is_its_own_entry_and_others_are_ignored(
    client, blog_index, clinician, practice_settings, stored_keys
):
    for number in range(11):  # ten posts a page: two pages
        BlogPostPageFactory(
            parent=blog_index, title=f"Post {number:02}", slug=f"post-{number}", author=clinician
        )
    first, page_one = get(client, blog_index.url)
    second, page_two = get(client, blog_index.url + "?page=2")
    assert (first[HEADER], second[HEADER]) == ("miss", "miss")
    assert page_one != page_two
    for url in [
        blog_index.url + "?page=2&x=1",
        blog_index.url + "?x=1&page=2",
        blog_index.url + "?utm_source=newsletter&page=2",
    ]:
        response, html = get(client, url)
        assert (response[HEADER], html) == ("hit", page_two), url
    assert len(stored_keys) == 2


# --- Accept-Encoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("*", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("gzip;q=0.001", True),
        ("deflate, *;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0", False),
        ("gzip; q=0.000", False),
        ("gzip;Q=0", False),
        ("identity", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # named beats the wildcard
        ("br, deflate", False),
        ("", False),
        ("gzip;q=nonsense", False),
        ("gzip;q=2", False),
        ("gzipped", False),
    ],
)
def test_accept_encoding_q_values(header, gzip):
    assert accepts_encoding(header) is gzip


@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip;q=0", False),
        ("identity", False),
        ("*;q=0", False),
        ("gzip;q=0.0", False),
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("*", True),
    ],
)
def test_a_client_that_refuses_gzip_gets_the_page_uncompressed(
    client, post, settings, header, gzip, cached
):
    """From the page cache (miss and hit) and from GZipMiddleware (the cache off)."""
    settings.PAGE_CACHE_ENABLED = cached
    for _ in range(2):
        response = client.get(post.url, HTTP_ACCEPT_ENCODING=header)
        assert response.status_code == 200
        assert (response.get("Content-Encoding") == "gzip") is gzip, header
        if not gzip:
            assert b"Original words." in response.content
        assert "Accept-Encoding" in response["Vary"]


# --- The X-Page-Cache header ---------------------------------------------------------------------


def test_without_the_header_setting_the_cache_works_but_says_nothing(client, post, settings):
    settings.PAGE_CACHE_HEADER = False
    first, html = get(client, post.url)
    second, again = get(client, post.url)
    bypass, _ = get(client, "/search/?q=suicide")
    assert not any(r.has_header(HEADER) for r in (first, second, bypass))
    assert again == html


def production_setting(**env):
    environment = {
        key: value for key, value in os.environ.items() if key != "PAGE_CACHE_HEADER"
    } | {
        "DJANGO_SETTINGS_MODULE": "practice.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "www.practice.test",
        **env,
    }
    code = "from django.conf import settings; "
    code += "print(settings.PAGE_CACHE_HEADER)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_header_is_off_under_production_settings_unless_turned_on():
    assert production_setting() == "False"
    assert production_setting(PAGE_CACHE_HEADER="on") == "True"
