"""A publish that changes only what a page shows (a display change, practice.page_cache_changes)
leaves fresh every cached page that never showed that page; every other change still makes
every page stale. Whatever the cache serves after a change is what a fresh render shows.

Invalidation runs on transaction commit, so the changes below run inside `with committed()`.
"""

import datetime
import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from blog.models import BlogPostPage
from practice import page_cache_changes
from practice.page_cache import HEADER, forget_generation
from tests.factories import BlogPostPageFactory, StandardPageFactory
from tests.page_cache_helpers import committed_block, run_pending_invalidations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(request, settings):
    """The cache on, its generation in the database (the default) or, for BOTH_STORES tests,
    also in the shared cache (as with Redis)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SHARED = getattr(request, "param", "database") == "shared"
    cache.clear()
    forget_generation()
    yield
    cache.clear()
    forget_generation()


BOTH_STORES = pytest.mark.parametrize("page_cache", ["database", "shared"], indirect=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block as if its transaction committed at the end."""
    return committed_block(django_capture_on_commit_callbacks)


def get(client, url):
    run_pending_invalidations()
    response = client.get(url)
    assert response.status_code == 200, url
    return response[HEADER], response.content.decode()


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.fixture
def post(blog_index, clinician, practice_settings):
    post = BlogPostPageFactory(
        parent=blog_index,
        title="Sleep and worry",
        slug="sleep-and-worry",
        author=clinician,
        summary="How worry keeps us awake.",
        body=[("paragraph", "<p>Original words.</p>")],
    )
    publish(post)  # as the admin publishes: the post now has a live revision
    return post


@pytest.fixture
def about(home_page, practice_settings):
    page = StandardPageFactory(parent=home_page, title="About the practice", slug="about")
    publish(page)
    return page


@BOTH_STORES
def test_a_display_change_leaves_fresh_the_pages_that_never_showed_the_post(
    client, post, blog_index, about, committed
):
    for url in (post.url, blog_index.url, about.url):
        assert get(client, url)[0] == "miss"
        assert get(client, url)[0] == "hit"
    with committed():
        publish(
            post, summary="How worry keeps us up at night.", body=[("paragraph", "<p>New.</p>")]
        )

    state, html = get(client, post.url)
    assert state == "miss"
    assert "How worry keeps us up at night." in html and "New." in html
    state, html = get(client, blog_index.url)
    assert state == "miss"
    assert "How worry keeps us up at night." in html
    assert get(client, about.url)[0] == "hit"  # it never showed the post


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Sleep, worry and rest"},
        {"slug": "sleep-worry"},
        {"date": datetime.date(2026, 1, 5)},
        {"comments_open": False},
        {"show_in_menus": True},
    ],
    ids=lambda change: next(iter(change)),
)
def test_any_other_change_to_the_post_makes_every_page_stale(
    client, post, about, change, committed
):
    get(client, about.url)
    with committed():
        publish(post, **change)
    assert get(client, about.url)[0] == "miss"


def test_a_change_of_topics_makes_every_page_stale(client, post, about, committed):
    get(client, about.url)
    with committed():
        post.tags.add("sleep")
        publish(post)
    assert get(client, about.url)[0] == "miss"


def test_a_page_type_without_display_fields_makes_every_page_stale(client, post, about, committed):
    get(client, post.url)
    with committed():
        publish(about, body=[("paragraph", "<p>New words about us.</p>")])
    assert get(client, post.url)[0] == "miss"


def test_a_first_publish_makes_every_page_stale(client, blog_index, clinician, about, committed):
    get(client, about.url)
    with committed():
        draft = BlogPostPageFactory(parent=blog_index, author=clinician, live=False)
        publish(draft)
    assert get(client, about.url)[0] == "miss"


def test_unpublishing_after_a_display_change_makes_every_page_stale(client, post, about, committed):
    with committed():
        publish(post, summary="Changed once.")
    get(client, about.url)
    with committed():
        post.unpublish()
    assert get(client, about.url)[0] == "miss"


def test_a_display_change_committed_with_another_change_makes_every_page_stale(
    client, post, about, practice_settings, committed
):
    get(client, about.url)
    with committed(), transaction.atomic():
        publish(post, summary="Changed with the settings.")
        practice_settings.tagline = "Therapy in Los Angeles"
        practice_settings.save()
    assert get(client, about.url)[0] == "miss"


def test_a_page_too_many_generations_behind_is_stale(client, post, about, committed, monkeypatch):
    monkeypatch.setattr(page_cache_changes, "MAX_CHANGES", 2)
    get(client, about.url)
    for number in range(2):
        with committed():
            publish(post, summary=f"Change {number}.")
    assert get(client, about.url)[0] == "hit"  # two display changes behind
    with committed():
        publish(post, summary="Change 2.")
    assert get(client, about.url)[0] == "miss"  # three


def demo_urls():
    """The URLs `make load-test PUBLISH=1` reads (devtools.bench_publish), and the post it
    publishes: every live public page, the blog's page numbers, topics, filters and feeds,
    search, the sitemap."""
    from devtools.bench_publish import DISCOVER_CODE

    output = io.StringIO()
    with redirect_stdout(output):
        exec(DISCOVER_CODE, {})  # noqa: S102 - this repository's own code
    found = json.loads(output.getvalue().strip().splitlines()[-1])
    return found["pages"] + found["posts"], BlogPostPage.objects.get(pk=found["post"]["pk"])


def cached_pages_match_fresh_renders(client, settings, urls):
    """{url: X-Page-Cache} for every URL, after checking that each one the cache served is what a
    fresh render shows, byte for byte."""
    states = {}
    for url in urls:
        state, html = get(client, url)
        states[url] = state
        if state == "hit":
            settings.PAGE_CACHE_ENABLED = False
            fresh = client.get(url).content.decode()
            settings.PAGE_CACHE_ENABLED = True
            assert html == fresh, f"{url} was served from the cache but is stale"
    return states


def test_after_a_display_change_every_cached_page_is_what_a_fresh_render_shows(
    client, demo, settings, committed
):
    from practice.models.cache import PageCacheChange

    urls, post = demo_urls()
    with committed():
        publish(post)  # its live revision is its row as it stands (whatever seeded it)
    post.refresh_from_db()
    # Twice: whatever a first render saves that makes every page stale (it is not known to, but
    # CI once saw /about/ stale after the change), the second pass stores every page in the
    # generation the change below follows.
    for _ in range(2):
        for url in urls:
            get(client, url)
    before = post.live_revision_id
    with committed():
        publish(post, summary=f"{post.summary} Rewritten.", body=[("paragraph", "<p>New.</p>")])
    if not PageCacheChange.objects.filter(pages=[post.pk]).exists():
        old = post.revisions.get(pk=before).content
        new = post.revisions.latest("created_at").content
        changed = sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))
        pytest.fail(f"not logged as a display change of {post.pk}; changed keys: {changed}")

    states = cached_pages_match_fresh_renders(client, settings, urls)
    assert states[post.url] == "miss"
    assert states["/blog/"] == "miss"
    # Much of the site never shows the newest post (in the demo half of it: the pages about the
    # practice, older posts, the blog's later pages).
    hits = [url for url, state in states.items() if state == "hit"]
    assert "/about/" in hits, states
    assert len(hits) >= len(urls) / 3, states

    with committed():
        publish(post, title=f"{post.title} (revised)")
    states = cached_pages_match_fresh_renders(client, settings, urls)
    assert "hit" not in states.values()


@pytest.mark.parametrize("page_cache", ["shared"], indirect=True)
def test_with_redis_a_page_found_fresh_after_a_change_is_stored_again_as_of_it(
    client, post, about, committed, monkeypatch
):
    """So that its next hits cost one round trip again, not two; for the time it had left."""
    get(client, about.url)
    with committed():
        publish(post, summary="Changed.")
    looked = []
    real = page_cache_changes._changes
    monkeypatch.setattr(
        page_cache_changes, "_changes", lambda *args: looked.append(args) or real(*args)
    )
    assert get(client, about.url)[0] == "hit"
    assert get(client, about.url)[0] == "hit"
    assert len(looked) == 1


def test_a_summary_rewritten_and_published_in_the_admin_is_a_display_change(
    client, admin_user, post, blog_index, about, committed
):
    """What an editor's own publish sends (the whole edit form, as the browser posts it) leaves
    the pages that never showed the post fresh, and shows the new summary where it is listed."""
    from devtools.admin_form_data import edit_form_data

    anonymous = Client()
    for url in (about.url, blog_index.url):
        get(anonymous, url)
    client.force_login(admin_user)
    data = edit_form_data(post, admin_user)
    data["summary"] = "Why worry keeps us awake, and what helps."
    data["action-publish"] = "action-publish"
    with committed():
        response = client.post(f"/admin/pages/{post.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    state, html = get(anonymous, blog_index.url)
    assert state == "miss"
    assert "Why worry keeps us awake, and what helps." in html
    assert get(anonymous, about.url)[0] == "hit"
