"""An editor approves a waiting comment from the Comments list in one click, and a visitor who
had the post from the page cache sees the comment at once."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blog.models import BlogPostPage, Comment
from blog.permissions import ensure_groups
from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

WORDS = "The part about breathing slowly helped me on the bus."


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import cache

    from practice.page_cache import forget_generation

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    forget_generation()
    yield
    cache.clear()
    forget_generation()


def test_editor_approves_a_waiting_comment_in_one_click(browser, demo_site, page_cache_on):
    ensure_groups(apps)
    editor = UserFactory(username="eddie.editor")
    editor.set_password(DEFAULT_PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    post = BlogPostPage.objects.live().filter(comments_open=True).first()
    Comment.objects.create(post=post, name="Sam", email="sam@example.org", body=WORDS)

    # A visitor reads the post (now in the page cache): the comment is still waiting.
    visitor = browser.new_context().new_page()
    visitor.goto(demo_site + post.url)
    assert visitor.goto(demo_site + post.url).headers["x-page-cache"] == "hit"
    expect(visitor.get_by_text(WORDS)).to_have_count(0)

    # The editor opens Comments: it shows the comments waiting, and Approve is on the row.
    page = browser.new_context().new_page()
    log_in(page, demo_site, "eddie.editor", DEFAULT_PASSWORD)
    # The sidebar's link (the dashboard's Comments panel has a "Comments" anchor link too).
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Comments").click()
    expect(page.get_by_role("link", name="Waiting (1)")).to_have_attribute("aria-current", "page")
    row = page.get_by_role("row").filter(has_text=WORDS)
    expect(row.get_by_role("link", name=post.title)).to_have_attribute("href", post.url)
    row.get_by_role("button", name="Approve the comment by Sam").click()

    # One click: back on the same list, with a message, and the comment no longer waiting.
    expect(page.locator(".messages")).to_contain_text(
        f"Comment by Sam approved: it shows on '{post.title}'."
    )
    assert page.url.split("?")[0] == demo_site + "/admin/snippets/blog/comment/"
    expect(page.get_by_role("row").filter(has_text=WORDS)).to_have_count(0)
    expect(page.get_by_role("link", name="Approved (1)")).to_be_visible()

    # The visitor reloads the post: the comment shows at once.
    response = visitor.goto(demo_site + post.url)
    assert response.headers["x-page-cache"] == "miss"
    expect(visitor.locator(".comment").filter(has_text=WORDS)).to_be_visible()
    assert "sam@example.org" not in visitor.content()
