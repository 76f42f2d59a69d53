"""A clinician presses "Save draft" or "Publish" while Wagtail's autosave is still creating her new post,
and no autosave races a save that is on its way.

Wagtail 7.4's first autosave on a new page creates the page; until its answer arrives the form
still posts to the add view, so a save pressed in that moment asked Wagtail to create the post a
second time and was refused ("This slug is already in use"), though the draft existed.
static/js/admin-autosave.js holds such a save until the autosave has answered, then sends it to the
page the autosave created. Here the autosave's answer is held back in the browser for as long as
the test needs, so the moment is met every time, however fast the machine.

The page stays live until a save's answer arrives; an autosave sent in that time raced the save
on the server and could leave the saved page in conflict with its writer's own autosave, so that
Wagtail's "overwrite a newer version?" dialog stopped her next Publish (seen in CI). The script
starts no autosave once a save has gone; the second test holds the save's answer back and types
meanwhile.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPostPage
from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD
from tests.browser.conftest import log_in, open_editor, publish, refused_fields, wait_for_autosave

pytestmark = pytest.mark.browser


class HeldAnswers(list):
    """The held (route, response) pairs; `release()` sends them to the page, and the answers
    of autosaves that start after it go straight through (an autosave begun while the test
    releases, on a slow machine, would otherwise be held for ever and the save wait on it)."""

    released = False

    def release(self):
        self.released = True
        for route, response in self:
            route.fulfill(response=response)


def hold_autosave_answers(page):
    """Let autosave requests reach the server but keep their answers from the page until
    released (`HeldAnswers.release`)."""
    held = HeldAnswers()

    def handle(route, request):
        autosave = request.method == "POST" and "application/json" in request.headers.get(
            "accept", ""
        )
        if autosave and not held.released:
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r"/admin/pages/"), handle)
    return held


def wait_until(page, condition, timeout_ms=15_000):
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("timed out")


def log_in_as_blair(page, demo_site):
    blair = get_user_model().objects.get(username="cassidy.blair")
    blair.set_password(DEFAULT_PASSWORD)
    blair.save()
    log_in(page, demo_site, "cassidy.blair", DEFAULT_PASSWORD)


def write_a_new_post(page, demo_site, title, summary, text):
    """Open a new post's editor and write its title, summary and one paragraph; the paragraph's
    editor is returned, with the cursor in it."""
    blog = BlogIndexPage.objects.get()
    open_editor(page, f"{demo_site}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill(summary)
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=re.compile("^Paragraph")).click()
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").last
    editor.click()
    editor.type(text)
    return editor


@pytest.mark.parametrize(
    ("button", "outcome"), [("Save draft", "updated"), ("Publish", "published")]
)
def test_a_save_pressed_while_autosave_creates_the_post_saves_that_post(
    page, demo_site, page_errors, button, outcome
):
    log_in_as_blair(page, demo_site)
    held = hold_autosave_answers(page)
    write_a_new_post(
        page,
        demo_site,
        "Naming what you feel",
        "Putting a feeling into words can make it easier to hold.",
        "Saying 'I feel tense' is already a step back from the tension.",
    )

    # The autosave has created the post on the server; its answer has not reached the page yet.
    wait_until(page, lambda: held)
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saving"
    )
    assert BlogPostPage.objects.filter(title="Naming what you feel").count() == 1
    assert "/pages/add/" in page.url

    # She presses "Save draft" (or "Publish") now; it waits for the autosave instead of racing it.
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    if button == "Publish":
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=button).click()
    page.wait_for_timeout(1_000)
    assert loads == [], "the save was sent before the autosave had answered"
    with page.expect_navigation():
        held.release()

    post = BlogPostPage.objects.get(title="Naming what you feel")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{post.pk}/edit/"))
    expect(page.locator(".messages")).not_to_be_empty()
    assert refused_fields(page) == []
    expect(page.locator(".messages")).to_contain_text(f"'Naming what you feel' has been {outcome}")
    assert BlogPostPage.objects.filter(title__startswith="Naming").count() == 1
    post.refresh_from_db()
    assert post.live is (button == "Publish")
    assert page_errors == []


def test_no_autosave_is_sent_while_a_save_is_on_its_way(page, demo_site, page_errors):
    log_in_as_blair(page, demo_site)
    editor = write_a_new_post(
        page,
        demo_site,
        "Small steps",
        "Change often starts with something you can do today.",
        "One walk around the block counts.",
    )
    wait_for_autosave(page)

    # Every POST the editor sends, in order; the save's own request is held until released.
    sent, held = [], []

    def handle(route, request):
        if request.method != "POST":
            route.continue_()
            return
        autosave = "application/json" in request.headers.get("accept", "")
        sent.append("autosave" if autosave else "save")
        if autosave or sent.count("save") > 1:
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r"/admin/pages/\d+/edit/"), handle)
    # She saves with the keyboard (Ctrl+S, as the editor offers), her cursor still in the text.
    editor.click()
    page.keyboard.press("ControlOrMeta+s")
    wait_until(page, lambda: held)
    # While the save is on its way she goes on typing; Wagtail would autosave that change.
    page.keyboard.type(" So does one phone call.")
    page.wait_for_timeout(2_500)  # Draftail's 250 ms sync and autosave's 500 ms pause, and more
    assert sent == ["save"], f"sent while the save was on its way: {sent}"

    with page.expect_navigation():
        held[0].continue_()
    expect(page.locator(".messages")).to_contain_text("'Small steps' has been updated")
    # The saved page is not in conflict with her own autosave: Publish goes straight through.
    publish(page)
    post = BlogPostPage.objects.get(title="Small steps")
    assert post.live
    assert "One walk around the block counts." in str(post.body)
    assert page_errors == []
