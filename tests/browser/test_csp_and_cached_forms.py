"""In a real browser: the public pages work under the strict Content-Security-Policy, and the forms
on pages served from the full-page cache work for a first-time visitor with no cookies."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import BlogPostPage, Comment
from practice.models import ConsultationRequest

pytestmark = pytest.mark.browser

PUBLIC_PATHS = [
    "/",
    "/about/",
    "/team/",
    "/therapies/psychodynamic-therapy/",
    "/conditions/",
    "/conditions/anxiety/",
    "/blog/",
    "/contact/",
    "/search/?q=anxiety",
]


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import cache

    from practice.page_cache import forget_generation

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    forget_generation()  # what an earlier test read belongs to a database since emptied
    yield
    cache.clear()
    forget_generation()


def watch_csp(page):
    """Chromium reports each blocked script, style or image as a console error."""
    violations = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    return violations


def test_public_pages_work_with_no_csp_violation(page, demo_site):
    violations = watch_csp(page)
    post = BlogPostPage.objects.live().first()
    for path in [*PUBLIC_PATHS, post.url]:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        # The site's own script ran: it shows the reading aids it hides without JavaScript.
        expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"), timeout=5_000)
    # And it does its job under the policy: the larger text size applies.
    page.locator("button[data-font-size=large]").first.click()
    expect(page.locator("html")).to_have_attribute("data-font-size", "large")
    assert violations == []


def test_first_time_visitor_comments_on_a_cached_post(browser, demo_site, page_cache_on):
    post = BlogPostPage.objects.live().filter(comments_open=True).first()
    url = demo_site + post.url
    assert browser.new_context().new_page().goto(url).headers["x-page-cache"] == "miss"

    context = browser.new_context()  # a new visitor: no cookies at all
    visitor = context.new_page()
    violations = watch_csp(visitor)
    response = visitor.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert response.headers["content-encoding"] == "gzip"  # the stored copy, as it was stored
    assert context.cookies() == []
    visitor.get_by_label("Name").fill("Robin")
    visitor.get_by_label("E-mail (never published)").fill("robin@example.org")
    visitor.get_by_label("Your comment").fill("Reading this on a bad day helped.")
    visitor.get_by_role("button", name="Send comment").click()
    expect(visitor.get_by_text("your comment has been received", exact=False)).to_be_visible()
    assert Comment.objects.filter(post=post, body="Reading this on a bad day helped.").exists()
    assert violations == []


def test_first_time_visitor_requests_a_consultation_from_a_cached_page(
    browser, demo_site, page_cache_on
):
    url = demo_site + "/contact/"
    browser.new_context().new_page().goto(url)
    context = browser.new_context()
    visitor = context.new_page()
    assert visitor.goto(url).headers["x-page-cache"] == "hit"
    assert context.cookies() == []
    visitor.get_by_label("Your name").fill("Robin Ash")
    visitor.get_by_label("Phone number").fill("310 555 0188")
    visitor.locator("input[name=consent]").check()
    visitor.locator(".contact-form [type=submit]").click()
    expect(visitor).to_have_url(demo_site + "/contact/thanks/#top")
    assert ConsultationRequest.objects.filter(name="Robin Ash").exists()
