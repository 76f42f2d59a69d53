"""The full-page cache: anonymous visitors get stored pages, nobody else ever does, and every
change an editor can make shows at once.

Invalidation runs on transaction commit, so the actions below run inside
`with committed()`, as they would commit in a real request.
"""

import pytest
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from wagtail.models import Page

from blog.models import Comment
from practice.models import PracticeSettings
from practice.page_cache import HEADER, forget_generation
from tests.factories import BlogPostPageFactory, CommentFactory, PopulationFactory
from tests.page_cache_helpers import committed_block, run_pending_invalidations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(request, settings):
    """The cache on, with the generation counter in the database (local-memory cache, the
    default); tests marked with BOTH_STORES also run with it in the shared cache (as with Redis)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SHARED = getattr(request, "param", "database") == "shared"
    cache.clear()
    forget_generation()  # what an earlier test read was rolled back with its transaction
    yield
    cache.clear()
    forget_generation()


BOTH_STORES = pytest.mark.parametrize("page_cache", ["database", "shared"], indirect=True)


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
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block as if its transaction committed at the end."""
    return committed_block(django_capture_on_commit_callbacks)


def get(client, url, **extra):
    run_pending_invalidations()
    response = client.get(url, **extra)
    return response, response.content.decode()


def publish_new_title(page, title):
    page.title = title
    page.save_revision().publish()


@BOTH_STORES
def test_second_anonymous_visit_is_served_from_the_cache(client, post):
    first, html = get(client, post.url)
    second, cached_html = get(client, post.url)
    assert (first.status_code, first[HEADER]) == (200, "miss")
    assert (second.status_code, second[HEADER]) == (200, "hit")
    assert cached_html == html
    # Security headers come with a stored page too.
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


@BOTH_STORES
def test_a_hit_costs_at_most_one_query(client, post, django_assert_max_num_queries):
    get(client, post.url)
    with django_assert_max_num_queries(1):
        response, _ = get(client, post.url)
    assert response[HEADER] == "hit"


def test_a_page_is_compressed_once_when_stored_not_on_every_visit(client, post, monkeypatch):
    import gzip

    import django.middleware.gzip

    import practice.page_cache

    def no_compression(*args, **kwargs):
        raise AssertionError("a page the cache handles was compressed by GZipMiddleware")

    compressed = []

    def compress_once(content):
        compressed.append(len(content))
        return gzip.compress(content)

    monkeypatch.setattr(django.middleware.gzip, "compress_string", no_compression)
    monkeypatch.setattr(practice.page_cache, "compress_string", compress_once)
    first = client.get(post.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    hit = client.get(post.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (first[HEADER], first["Content-Encoding"]) == ("miss", "gzip")
    assert (hit[HEADER], hit["Content-Encoding"]) == ("hit", "gzip")
    assert len(compressed) == 1
    assert hit.content == first.content  # the first visitor got the stored bytes too
    assert int(hit["Content-Length"]) == len(hit.content)
    assert "Accept-Encoding" in hit["Vary"]
    html = gzip.decompress(hit.content)
    assert b"Original words." in html

    # A client that does not accept gzip gets the same page uncompressed from the same entry.
    plain = client.get(post.url)
    assert plain[HEADER] == "hit"
    assert not plain.has_header("Content-Encoding")
    assert plain.content == html
    assert "Accept-Encoding" in plain["Vary"]


def test_without_redis_a_worker_rereads_the_generation_at_most_every_interval(
    client, post, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_GENERATION_SECONDS = 60
    get(client, post.url)
    get(client, post.url)
    with django_assert_num_queries(0):
        response, _ = get(client, post.url)
    assert response[HEADER] == "hit"


def test_a_change_committed_by_another_worker_shows_within_the_interval(
    client, post, settings, monkeypatch
):
    """Another process's change reaches this one only through the database's counter, which
    this process rereads every PAGE_CACHE_GENERATION_SECONDS (half a second by default)."""
    import practice.page_cache
    from practice.models import PageCacheGeneration

    clock = [1000.0]
    monkeypatch.setattr(practice.page_cache.time, "monotonic", lambda: clock[0])
    settings.PAGE_CACHE_GENERATION_SECONDS = 0.5
    get(client, post.url)
    assert get(client, post.url)[0][HEADER] == "hit"

    # What another worker's publish leaves behind, with none of this process's signals.
    Page.objects.filter(pk=post.pk).update(title="Sleep, worry and rest")
    if not PageCacheGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        PageCacheGeneration.objects.create(pk=1, value=1)

    clock[0] += 0.4
    response, html = get(client, post.url)
    assert (response[HEADER], "Sleep, worry and rest" in html) == ("hit", False)
    clock[0] += 0.2
    response, html = get(client, post.url)
    assert (response[HEADER], "Sleep, worry and rest" in html) == ("miss", True)


def test_query_strings_are_separate_entries(client, blog_index, post):
    get(client, blog_index.url)
    response, _ = get(client, blog_index.url + "?page=1")
    assert response[HEADER] == "miss"


def test_logged_in_editors_never_get_or_fill_the_cache(client, admin_user, post):
    get(client, post.url)  # stored for anonymous visitors
    client.force_login(admin_user)
    for _ in range(2):
        response, _ = get(client, post.url)
        assert response[HEADER] == "bypass"
    # An editor's page view did not replace the anonymous entry with anything of theirs.
    anonymous = Client()
    assert anonymous.get(post.url)[HEADER] == "hit"


def test_previews_and_drafts_are_never_cached(client, admin_user, post):
    post.title = "Draft title nobody may see"
    post.save_revision()
    client.force_login(admin_user)
    preview = client.get(f"/admin/pages/{post.pk}/view_draft/")
    assert preview.status_code == 200
    assert "Draft title nobody may see" in preview.content.decode()
    assert preview[HEADER] == "bypass"
    # The anonymous visitor sees the live page, before and after the preview.
    anonymous = Client()
    for _ in range(2):
        html = get(anonymous, post.url)[1]
        assert "Draft title nobody may see" not in html
        assert "Sleep and worry" in html


def test_posts_are_never_cached(client, post):
    response = client.post(post.url, {"name": "", "body": ""})
    assert response[HEADER] == "bypass"
    assert get(client, post.url)[0][HEADER] == "miss"


def test_responses_that_set_cookies_are_not_stored(client, post, monkeypatch):
    from blog.models import BlogPostPage

    original = BlogPostPage.serve

    def serve_with_cookie(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(BlogPostPage, "serve", serve_with_cookie)
    assert get(client, post.url)[0][HEADER] == "bypass"
    assert Client().get(post.url)[HEADER] == "bypass"


def test_not_found_pages_are_not_stored(client, home_page):
    for _ in range(2):
        response, _ = get(client, "/no-such-page/")
        assert (response.status_code, response[HEADER]) == (404, "bypass")


# --- Invalidation: each event an editor can cause ------------------------------------------------


@BOTH_STORES
def test_publishing_shows_at_once(client, post, committed):
    get(client, post.url)
    with committed():
        publish_new_title(post, "Sleep, worry and rest")
    response, html = get(client, post.url)
    assert response[HEADER] == "miss"
    assert "Sleep, worry and rest" in html


def test_publishing_one_page_refreshes_the_listings_that_show_it(
    client, blog_index, post, committed
):
    assert "Sleep and worry" in get(client, blog_index.url)[1]
    with committed():
        publish_new_title(post, "Rest for the worried mind")
    html = get(client, blog_index.url)[1]
    assert "Rest for the worried mind" in html


def test_publishing_through_the_admin_shows_at_once(client, admin_user, post, committed):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    anonymous = Client()
    get(anonymous, post.url)
    client.force_login(admin_user)
    data = nested_form_data(
        {
            "title": "Sleep and worry, revised",
            "slug": post.slug,
            "author": post.author_id,
            "date": "2026-11-20",
            "summary": post.summary,
            "hero_image": "",
            "body": streamfield([("paragraph", rich_text("<p>New words.</p>"))]),
            "tags": "",
            "pinned_related": inline_formset([]),
            "comments_open": "on",
            "action-publish": "action-publish",
        }
    )
    with committed():
        response = client.post(f"/admin/pages/{post.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    response, html = get(anonymous, post.url)
    assert response[HEADER] == "miss"
    assert "Sleep and worry, revised" in html


def test_unpublishing_removes_the_page(client, post, committed):
    get(client, post.url)
    with committed():
        post.unpublish()
    assert client.get(post.url).status_code == 404


def test_deleting_removes_the_page(client, post, committed):
    url = post.url
    get(client, url)
    with committed():
        post.delete()
    assert client.get(url).status_code == 404


def test_moving_a_page_refreshes_its_old_and_new_places(client, home_page, committed):
    from tests.factories import StandardPageFactory

    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    fees = StandardPageFactory(parent=home_page, title="Fees", slug="fees")
    get(client, "/fees/")
    with committed():
        fees.move(about, pos="last-child")
    # The old address now redirects (Wagtail made the redirect) instead of serving the stored page.
    old = client.get("/fees/")
    assert (old.status_code, old["Location"]) == (301, "/about/fees/")
    response, html = get(client, "/about/fees/")
    assert (response.status_code, response[HEADER]) == (200, "miss")
    assert "Fees" in html


@BOTH_STORES
def test_changing_practice_settings_shows_everywhere(client, post, practice_settings, committed):
    assert "310-999-4996" in get(client, post.url)[1]
    with committed():
        settings_ = PracticeSettings.objects.get(pk=practice_settings.pk)
        settings_.phone = "310-555-0199"
        settings_.save()
    response, html = get(client, post.url)
    assert response[HEADER] == "miss"
    assert "310-555-0199" in html


def test_approving_a_comment_shows_it(client, post, committed):
    comment = CommentFactory(post=post, body="Waiting for a moderator", status="pending")
    assert "Waiting for a moderator" not in get(client, post.url)[1]
    with committed():
        comment.status = Comment.Status.APPROVED
        comment.save()
    assert "Waiting for a moderator" in get(client, post.url)[1]


@BOTH_STORES
def test_approving_comments_in_bulk_shows_them(client, admin_user, post, committed):
    comment = CommentFactory(post=post, body="Approved in bulk", status="pending")
    anonymous = Client()
    assert "Approved in bulk" not in get(anonymous, post.url)[1]
    client.force_login(admin_user)
    url = f"/admin/bulk/blog/comment/approve/?next=/admin/&id={comment.pk}"
    with committed():
        response = client.post(url)
    assert response.status_code == 302
    assert "Approved in bulk" in get(anonymous, post.url)[1]


def test_a_visitors_pending_comment_does_not_empty_the_cache(client, post, committed):
    get(client, post.url)
    visitor = Client(enforce_csrf_checks=True)
    with committed():
        visitor.post(
            post.url, {"name": "Sam", "email": "sam@example.org", "body": "Thanks!", "website": ""}
        )
    assert get(client, post.url)[0][HEADER] == "hit"


def test_editing_a_population_refreshes_therapy_pages(client, therapy_index, committed):
    from tests.factories import TherapyPageFactory

    population = PopulationFactory(name="Adolescents")
    therapy = TherapyPageFactory(parent=therapy_index, title="Family therapy")
    therapy.populations.add(population)
    therapy.save_revision().publish()
    assert "Adolescents" in get(client, therapy.url)[1]
    with committed():
        population.name = "Teenagers"
        population.save()
    assert "Teenagers" in get(client, therapy.url)[1]


@pytest.mark.parametrize("snippet", ["language", "office"])
def test_editing_a_language_or_an_office_refreshes_the_profiles(
    client, clinician, practice_settings, committed, snippet
):
    from practice.models import Language, OfficeLocation

    language = Language.objects.create(name="Tagalog", code="tl")
    office = OfficeLocation.objects.create(name="Silver Lake office", street_address="1 Main St")
    clinician.languages.set([language])
    clinician.offers_in_person = True
    clinician.office = office
    clinician.save_revision().publish()
    html = get(client, clinician.url)[1]
    assert "Tagalog" in html and "Silver Lake office" in html
    with committed():
        if snippet == "language":
            language.name = "Filipino"
            language.save()
        else:
            office.name = "Echo Park office"
            office.save()
    html = get(client, clinician.url)[1]
    assert ("Filipino" if snippet == "language" else "Echo Park office") in html


# --- Forms on cached pages -----------------------------------------------------------------------


def test_a_first_time_visitor_can_comment_on_a_cached_page(client, post):
    get(client, post.url)  # someone else's visit filled the cache
    visitor = Client(enforce_csrf_checks=True)  # no cookies at all, CSRF enforced as in production
    page = visitor.get(post.url)
    assert page[HEADER] == "hit"
    assert not page.cookies
    response = visitor.post(
        post.url,
        {"name": "Sam", "email": "sam@example.org", "body": "Thank you.", "website": ""},
        HTTP_ORIGIN="http://localhost",
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    assert Comment.objects.filter(post=post, body="Thank you.", status="pending").exists()


def test_a_comment_posted_from_another_site_is_refused(client, post):
    response = Client(enforce_csrf_checks=True).post(
        post.url,
        {"name": "Sam", "email": "sam@example.org", "body": "Forged.", "website": ""},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert "can only be sent from our own website" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_management_command_makes_every_page_stale(client, post, committed):
    from io import StringIO

    from django.core.management import call_command

    get(client, post.url)
    with committed():
        call_command("invalidate_page_cache", stdout=StringIO())
    assert get(client, post.url)[0][HEADER] == "miss"


@BOTH_STORES
def test_many_changes_in_one_transaction_bump_the_generation_once(post, committed):
    from django.db import transaction

    from practice.page_cache import current_generation, invalidate

    run_pending_invalidations()
    before = current_generation()
    with committed() as callbacks, transaction.atomic():
        for number in range(50):
            invalidate(f"change {number}")
    assert len(callbacks) == 1
    assert current_generation() == before + 1
