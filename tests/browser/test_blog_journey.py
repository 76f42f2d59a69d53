"""Dr. Blair writes, previews and publishes a post; a visitor comments; an editor approves."""

import re
from pathlib import Path

import feedparser
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import BlogIndexPage
from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD
from tests.browser.conftest import log_in, open_editor, publish

pytestmark = pytest.mark.browser

IMAGE = Path(__file__).parent / "files" / "consulting-room.png"
VISITOR_EMAIL = "visitor.private@example.org"


def insert_block(page, name):
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=re.compile(f"^{name}")).click()


def test_clinician_publishes_a_post_visitor_comments_editor_approves(page, browser, demo_site):
    blair = get_user_model().objects.get(username="cassidy.blair")
    blair.set_password(DEFAULT_PASSWORD)
    blair.save()
    blog = BlogIndexPage.objects.get()

    # Dr. Blair signs in and uploads a picture, with its alt text.
    log_in(page, demo_site, "cassidy.blair", DEFAULT_PASSWORD)
    page.goto(demo_site + "/admin/images/add/")
    page.locator("input[type=file][name=file]").set_input_files(IMAGE)
    page.locator("#id_title").fill("Consulting room")
    page.locator("#id_description").fill("Two armchairs in a calm consulting room")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messages")).to_contain_text("added")

    # She writes a post: a heading, the image and a cited source.
    open_editor(page, f"{demo_site}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    expect(page.locator("#id_author")).to_have_value(str(blair.clinician_page.pk))
    page.locator("#id_title").fill("Sleep and low mood")
    page.locator("#id_summary").fill("Why sleep and mood pull each other down, and what helps.")
    # Wagtail fills the slug from the title as she leaves it (on the Promote tab).
    expect(page.locator("#id_slug")).to_have_value("sleep-and-low-mood")
    insert_block(page, "Heading")
    page.locator("input[name='body-0-value-text']").fill("Why sleep matters")
    insert_block(page, "Image")
    page.locator("[data-contentpath='body']").get_by_role("button", name="Choose an image").click()
    page.get_by_role("link", name=re.compile("Consulting room")).first.click()
    expect(page.locator("[data-contentpath='body'] [data-chooser-title]").first).to_contain_text(
        "Consulting room"
    )
    insert_block(page, "Evidence")
    page.locator("input[name='body-2-value-heading']").fill("What the research says")
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").last
    editor.click()
    editor.type("Talking therapies help with low mood [@shedler-2010].")
    page.locator("input[name='body-2-value-citations-0-value-key']").fill("shedler-2010")
    page.locator("input[name='body-2-value-citations-0-value-authors']").fill("Shedler, J.")
    page.locator("input[name='body-2-value-citations-0-value-title']").fill(
        "The efficacy of psychodynamic psychotherapy"
    )
    page.locator("input[name='body-2-value-citations-0-value-doi']").fill("10.1037/a0018378")

    # She previews it, then publishes.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name="Why sleep matters")).to_be_visible(timeout=15_000)
    expect(preview.locator(".references")).to_contain_text("Shedler, J.")
    page.get_by_role("button", name="Toggle preview").click()  # close it: no more preview updates
    publish(page)

    # It is first on /blog/ and in the RSS feed.
    visitor = browser.new_context().new_page()
    visitor.goto(demo_site + "/blog/")
    expect(visitor.locator(".post-card__link").first).to_have_text("Sleep and low mood")
    feed = feedparser.parse(visitor.request.get(demo_site + "/blog/feed/").body())
    assert feed.entries[0].title == "Sleep and low mood"
    assert feed.entries[0].link == demo_site + "/blog/sleep-and-low-mood/"

    # A visitor reads it and comments.
    visitor.locator(".post-card__link").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Sleep and low mood")
    expect(
        visitor.get_by_role("img", name="Two armchairs in a calm consulting room")
    ).to_be_visible()
    expect(visitor.locator("sup.cite a")).to_have_text("[1]")
    visitor.get_by_label("Name").fill("Alex")
    visitor.get_by_label("E-mail (never published)").fill(VISITOR_EMAIL)
    visitor.get_by_label("Your comment").fill("Thank you, the part about routines helped.")
    visitor.get_by_role("button", name="Send comment").click()
    expect(visitor.get_by_role("status")).to_contain_text("your comment has been received")
    expect(visitor.get_by_text("the part about routines helped")).to_have_count(0)

    # An editor approves it in the admin.
    editor_page = browser.new_context().new_page()
    log_in(editor_page, demo_site)
    editor_page.goto(demo_site + "/admin/snippets/blog/comment/?status=pending")
    row = editor_page.get_by_role("row").filter(has_text="the part about routines helped")
    row.get_by_role("checkbox").check()
    editor_page.get_by_role("link", name="Approve the selected comments").click()
    editor_page.get_by_role("button", name="Approve").click()
    expect(editor_page.locator(".messages")).to_contain_text("1 comment marked approved")

    # Now it shows, and the e-mail address is nowhere in the page.
    visitor.goto(demo_site + "/blog/sleep-and-low-mood/")
    expect(visitor.locator(".comment")).to_contain_text("the part about routines helped")
    assert VISITOR_EMAIL not in visitor.content()
