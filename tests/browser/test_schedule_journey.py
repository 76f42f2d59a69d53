"""Dr. Blair schedules a post for tomorrow with one control, the status panel's "Set schedule"
dialog ("Publish on"), and once it goes live the post shows tomorrow's date."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPostPage
from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD
from tests.browser.conftest import log_in, open_editor, refused_fields, wait_for_autosave

pytestmark = pytest.mark.browser


def us_date(day):
    return f"{day:%B} {day.day}, {day.year}"


def test_clinician_schedules_a_post_for_tomorrow_and_it_shows_tomorrows_date(
    page, demo_site, page_errors
):
    blair = get_user_model().objects.get(username="cassidy.blair")
    blair.set_password(DEFAULT_PASSWORD)
    blair.save()
    blog = BlogIndexPage.objects.get()
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)

    log_in(page, demo_site, "cassidy.blair", DEFAULT_PASSWORD)
    open_editor(page, f"{demo_site}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    expect(page.locator("#id_date")).to_have_value(today.isoformat())
    expect(page.get_by_text("pick the day under 'Publish on'")).to_be_visible()
    page.locator("#id_title").fill("Winter light and mood")
    page.locator("#id_summary").fill("Short days can pull mood down; small habits help.")
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=re.compile("^Paragraph")).click()
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").last
    editor.click()
    editor.type("A morning walk in daylight helps more than you might think.")
    # Wagtail saves the new post as a draft by itself (autosave): the add form becomes the edit form.
    wait_for_autosave(page)

    # The one control: Status → "Set schedule" → "Publish on".
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.locator("#schedule-publishing-dialog")
    expect(dialog).to_be_visible()
    publish_on = dialog.get_by_label("Publish on")
    publish_on.fill(f"{tomorrow.isoformat()} 09:00")
    # The date picker stays open over the dialog's buttons (where it opens depends on the window),
    # so the button is pressed from the keyboard, as a keyboard user would.
    with page.expect_navigation():
        dialog.get_by_role("button", name="Save schedule").press("Enter")
    assert refused_fields(page) == []
    expect(page.locator(".messages")).to_contain_text("'Winter light and mood' has been updated.")

    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    # Wait for the answer page: until it loads, the "updated" message above is still on screen.
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule to publish").click()
    assert refused_fields(page) == []
    expect(page.locator(".messages")).to_contain_text("scheduled")
    post = BlogPostPage.objects.get(title="Winter light and mood")
    assert not post.live

    # Tomorrow at nine: the clock is moved instead of waited for, and Wagtail's command runs.
    revision = post.revisions.get(approved_go_live_at__isnull=False)
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live
    page.goto(demo_site + post.url)
    shown = page.locator(".post-meta time")
    expect(shown).to_have_text(us_date(tomorrow))
    expect(shown).to_have_attribute("datetime", tomorrow.isoformat())
    assert page_errors == []
