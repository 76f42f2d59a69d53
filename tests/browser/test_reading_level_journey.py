"""Dr. Blair writes a post with one long sentence, sees its reading grade and that sentence in
the editor's Content checks panel, shortens it, sees the grade fall within the target, and
publishes; a visitor reads the post without any of the checks."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPostPage
from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD
from tests.browser.conftest import log_in, open_editor, publish

pytestmark = pytest.mark.browser

LONG = (
    "Psychodynamic therapy looks at how feelings we are not aware of, often formed in our "
    "earliest relationships, continue to shape the way we behave with other people today, and "
    "by exploring the patterns that keep returning many people gradually develop a considerably "
    "deeper understanding of themselves."
)
SHORT = (
    "Some feelings sit just outside our awareness. Many began in our early relationships. "
    "In therapy you notice the patterns they make. Over time, you understand yourself better."
)


def write(page, text):
    """Replace the paragraph's words, as a writer would: select all, then type."""
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").last
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    expect(editor).to_contain_text(text[:40])
    page.wait_for_timeout(400)  # Draftail saves its state into the form every 250 ms


def save_draft(page):
    # Wait for the saved page itself: the previous save's "created" is still on screen until the
    # browser has loaded it, and on a slow machine the old page's figures were read (seen in CI).
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("created|updated"))


def test_a_clinician_sees_the_grade_shortens_the_sentence_and_publishes(
    page, browser, demo_site, page_errors
):
    blair = get_user_model().objects.get(username="cassidy.blair")
    blair.set_password(DEFAULT_PASSWORD)
    blair.save()
    blog = BlogIndexPage.objects.get()

    log_in(page, demo_site, "cassidy.blair", DEFAULT_PASSWORD)
    open_editor(page, f"{demo_site}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    expect(page.locator("[data-content-checks]")).to_contain_text("Save a draft to see")
    page.locator("#id_title").fill("Feelings outside awareness")
    page.locator("#id_summary").fill("What psychodynamic therapy pays attention to.")
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=re.compile("^Paragraph")).click()
    write(page, LONG)
    save_draft(page)

    checks = page.locator("[data-content-checks]")
    grade = checks.locator("[data-reading-grade]")
    expect(grade).to_contain_text("target 8")
    before = float(grade.get_attribute("data-reading-grade"))
    assert before > 8
    expect(checks).to_contain_text("Above target")
    expect(checks.locator(".content-checks__longest li").first).to_contain_text(
        "by exploring the patterns that keep returning"
    )

    # Shorter sentences: the figure falls within the target.
    write(page, SHORT)
    save_draft(page)
    grade = page.locator("[data-content-checks] [data-reading-grade]")
    after = float(grade.get_attribute("data-reading-grade"))
    assert after <= 8 < before
    expect(page.locator("[data-content-checks]")).to_contain_text("Within target")

    publish(page)
    post = BlogPostPage.objects.get(title="Feelings outside awareness")
    assert post.live

    visitor = browser.new_context().new_page()
    visitor.goto(demo_site + post.url)
    expect(visitor.get_by_text("Many began in our early relationships.")).to_be_visible()
    expect(visitor.locator("[data-content-checks]")).to_have_count(0)
    assert page_errors == []
