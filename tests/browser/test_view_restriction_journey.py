"""An editor gives a cached post a password in the admin's Privacy dialog: the next anonymous
visitor gets the password form at once (not the cached post), the right password opens the post,
and while it is restricted the post is gone from /blog/, both feeds and related posts."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from blog.models import BlogPostPage
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PASSWORD = "blue-door-42"
RELATED = re.compile(r'<section class="section related-posts".*?</section>', re.S)


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import cache

    from practice.page_cache import forget_generation

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True
    cache.clear()
    forget_generation()  # what an earlier test read belongs to a database since emptied
    yield
    cache.clear()
    forget_generation()


def related_post_shown_elsewhere(request, base_url):
    """A live post and another post that lists it under "Related posts"."""
    posts = list(BlogPostPage.objects.live().order_by("path"))
    for other in posts:
        section = RELATED.search(request.get(base_url + other.url).text())
        if section is None:
            continue
        for post in posts:
            if post.pk != other.pk and f'href="{post.url}"' in section.group(0):
                return post, other
    raise AssertionError("The demo has no post listed in another post's related posts")


def listed(request, base_url, post, other):
    """Where the post shows to a visitor without cookies: /blog/, the feeds, related posts."""
    blog = request.get(base_url + "/blog/").text()
    rss = feedparser.parse(request.get(base_url + "/blog/feed/").body())
    atom = feedparser.parse(request.get(base_url + "/blog/feed/atom/").body())
    section = RELATED.search(request.get(base_url + other.url).text())
    return {
        "blog": post.title in blog or f'href="{post.url}"' in blog,
        "rss": any(entry.title == post.title for entry in rss.entries),
        "atom": any(entry.title == post.title for entry in atom.entries),
        "related": section is not None and f'href="{post.url}"' in section.group(0),
    }


def test_a_password_set_in_the_privacy_dialog_closes_a_cached_post_at_once(
    browser, demo_site, page_cache_on
):
    lookups = browser.new_context().request  # anonymous, keeps no cookies between look-ups
    post, other = related_post_shown_elsewhere(lookups, demo_site)
    url = demo_site + post.url
    everywhere = {"blog": True, "rss": True, "atom": True, "related": True}
    assert listed(lookups, demo_site, post, other) == everywhere

    # The post is in the page cache: a second anonymous visit is served from it.
    visitor = browser.new_context().new_page()
    assert visitor.goto(url).headers["x-page-cache"] in ("miss", "hit")
    response = visitor.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    expect(visitor.get_by_role("heading", level=1)).to_have_text(post.title)

    # An editor makes it private with a shared password, in the page editor's Privacy dialog.
    editor = browser.new_context().new_page()
    log_in(editor, demo_site)
    editor.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    editor.get_by_role("button", name="Toggle status").click()
    editor.get_by_role("button", name="Change privacy").click()
    dialog = editor.locator("#set-privacy")
    dialog.get_by_label("Private, accessible with a shared password").check()
    dialog.get_by_label("Shared password", exact=True).fill(PASSWORD)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(editor.get_by_text("Not visible to the public")).to_be_visible()

    # At once, the next anonymous visitor gets the password form, not the cached post.
    response = visitor.goto(url)
    assert response.status == 200
    assert response.headers.get("x-page-cache") != "hit"
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This page needs a password")
    assert post.title not in visitor.content()
    # And it is gone from every listing.
    nowhere = {"blog": False, "rss": False, "atom": False, "related": False}
    assert listed(lookups, demo_site, post, other) == nowhere

    # The right password opens the post.
    visitor.get_by_label("Password").fill(PASSWORD)
    visitor.get_by_role("button", name="Open the page").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(post.title)
    expect(visitor).to_have_url(url)

    # Someone else, without the password, still gets the form: nothing was stored for them.
    stranger = browser.new_context().new_page()
    response = stranger.goto(url)
    assert response.headers.get("x-page-cache") != "hit"
    expect(stranger.get_by_role("heading", level=1)).to_have_text("This page needs a password")
