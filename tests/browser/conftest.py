"""Playwright journeys in Debian's Chromium against Django's live server.

Chromium is never downloaded: it must be /usr/bin/chromium. Under CI (CI=true) a missing
Chromium fails the run; on a developer's machine without it the journeys are skipped.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# How long a journey waits for what the server sends back. An admin save makes a revision, runs
# the content checks and renders the edit view again, and on a 2-core machine that also runs the
# other half of the suite (pytest-xdist) it takes several times as long as it does alone: CI saw
# saves held behind an autosave (static/js/admin-autosave.js) pass Playwright's 5 s and 30 s
# defaults. A wait ends as soon as what it waits for is there; only a failure takes the whole time.
EXPECT_TIMEOUT_MS = 15_000
ACTION_TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def patient_waits(request):
    """The waits above, for every journey that drives a page."""
    if "page" not in request.fixturenames:
        yield
        return
    from playwright.sync_api import expect

    page = request.getfixturevalue("page")
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`."
        )
        if in_ci():
            pytest.fail(message + " CI must run the browser tests.", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The demo practice on the live server, with an admin account.

    Live-server tests are transactional and the database is emptied after each one, so the tree
    is built here rather than relied on from migrations. On PostgreSQL the demo is seeded once per
    test process and copied back for each later test (tests/demo_snapshot.py).
    """
    from django.contrib.auth import get_user_model

    from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD, DEFAULT_USERNAME
    from tests.demo_snapshot import seed_demo_state

    seed_demo_state()
    get_user_model().objects.create_superuser(DEFAULT_USERNAME, "", DEFAULT_PASSWORD)
    return live_server.url


@pytest.fixture
def page_errors(page):
    """JavaScript errors raised on the page; journeys assert there are none."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def log_in(page, base_url, username=None, password=None):
    """Sign in to the Wagtail admin through its login form."""
    from playwright.sync_api import expect

    from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD, DEFAULT_USERNAME

    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username or DEFAULT_USERNAME)
    page.get_by_label("Password").fill(password or DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base_url + "/admin/")


def publish(page):
    """Use the page editor's Publish action (it sits in the menu beside 'Save draft')."""
    from playwright.sync_api import expect

    if "/pages/add/" in page.url:
        wait_for_autosave(page)
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    # Wait for the answer page itself: a previous save's "updated" is still on screen until the
    # browser has loaded it, and on a slow machine that old message was read (seen in CI).
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    messages = page.locator(".messages")
    expect(messages).not_to_be_empty()
    refused = refused_fields(page)
    if refused:
        raise AssertionError(f"Publishing was refused: {refused}")
    expect(messages).to_contain_text("published")


def refused_fields(page):
    """The page editor's field errors after a save, as "content path: message" (e.g.
    "slug: This slug is already in use"); empty when Wagtail accepted the form."""
    if "validation errors" not in page.locator(".messages").inner_text():
        return []
    return page.locator(".error-message").evaluate_all(
        """nodes => nodes.map(node => {
            const paths = [];
            for (let el = node.closest("[data-contentpath]"); el;
                 el = el.parentElement?.closest("[data-contentpath]")) {
                paths.unshift(el.dataset.contentpath);
            }
            return paths.join("/") + ": " + node.innerText.trim();
        })"""
    ) or ["(the form was refused with no field error)"]


def open_editor(page, url):
    """Open a page editor and wait, as a person would, until Wagtail watches its form for edits.

    Wagtail takes the form as it stands two seconds after loading as the unchanged state: what a
    test types sooner is not an edit to it, and autosave (below) would never run. Waiting makes
    every journey meet the editor a person meets.
    """
    from playwright.sync_api import expect

    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => {"
        " document.documentElement.dataset.watchesEdits = 'true'; });"
    )
    page.goto(url)
    expect(page.locator("html[data-watches-edits]")).to_have_count(1)


def wait_for_autosave(page):
    """Wait until Wagtail's autosave has created the new page, as an editor sees it: the address
    is the edit view's and the indicator says "Saved".

    Wagtail 7.4 saves a draft by itself about a second after the last change; on a new page that
    first save creates the page (a draft) and turns the add form into the edit form. A save
    pressed while it is on its way used to post to the add view a second time and be refused
    ("This slug is already in use"), as CI saw in the schedule journey; static/js/admin-autosave.js
    now holds such a save (test_save_during_autosave.py). Journeys still wait, so each step meets
    the form a person meets once the draft exists.
    """
    import re

    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
