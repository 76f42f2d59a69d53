"""Under the production settings, an editor sets up the second factor at the first sign-in and
signs in with it later; with the password alone the admin stays closed.

The site runs as production runs it: gunicorn with gunicorn.conf.py and practice.settings.
production (STAFF_TWO_FACTOR at its default), collected static files, the test's own PostgreSQL
database, on a free port. Chromium reads the secret the set-up screen shows and computes the
code as an authenticator app would (RFC 6238, django-otp's own TOTP).

TWO_FACTOR_SCREENSHOTS=/some/dir also saves the set-up, recovery-code and code screens at 375
and 1280 px.
"""

import os
import socket
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection
from django_otp.oath import TOTP
from playwright.sync_api import expect

from blog.permissions import EDITORS, ensure_groups
from devtools.servers import collect_static, gunicorn, in_ci, production_env
from practice.demo import ensure_tree_roots

pytestmark = pytest.mark.browser

USERNAME = "riley.editor"
PASSWORD = "a long editor passphrase"
SHOTS = os.environ.get("TWO_FACTOR_SCREENSHOTS", "")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production_site(transactional_db, tmp_path):
    """gunicorn with production settings on the test database, with one editor account."""
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL): the server and the test share the database"
        if in_ci():
            pytest.fail(reason + "; CI must run the second-factor journey.", pytrace=False)
        pytest.skip(reason)
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = production_env(database_url, tmp_path / "static", DB_CONN_MAX_AGE=0)
    env.pop("STAFF_TWO_FACTOR", None)  # the production default, whatever the shell says
    collect_static(env)
    ensure_tree_roots()
    ensure_groups(apps)
    editor = get_user_model().objects.create(
        username=USERNAME,
        # Hashed as production hashes (the test settings use a fast hasher production lacks).
        password=PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt()),
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    with gunicorn(env, free_port()) as base_url:
        yield base_url


def watch(page, seen):
    """Record requests leaving the site and CSP violations; both must stay empty."""

    def on_request(request):
        if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            seen["offsite"].append(request.url)

    def on_console(message):
        if "Content Security Policy" in message.text:
            seen["csp"].append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)


def shot(page, name):
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def sign_in_with_password(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def code_now(key):
    token = TOTP(key)
    token.time = time.time()
    return f"{token.token():06d}", token.t()


def test_editor_sets_up_the_second_factor_and_the_admin_needs_it_at_every_sign_in(
    production_site, browser, page
):
    base_url = production_site
    seen = {"offsite": [], "csp": []}
    watch(page, seen)

    # First sign-in: the password, then the set-up screen, not the dashboard.
    sign_in_with_password(page, base_url)
    expect(page).to_have_url(f"{base_url}/admin/two-factor/set-up/?next=%2Fadmin%2F")
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    expect(
        page.get_by_text("Staff accounts can read who asked the practice for help")
    ).to_be_visible()
    expect(page.locator("svg.two-factor-qr")).to_be_visible()
    shot(page, "set-up")

    secret = page.locator("[data-two-factor-secret]").inner_text()
    key = b32decode(secret.replace(" ", ""))
    code, step_used = code_now(key)
    page.get_by_label("Six-digit code").fill(code)
    page.get_by_role("button", name="Confirm and continue").click()

    expect(page.get_by_role("heading", name="Keep your recovery codes")).to_be_visible()
    codes = page.locator("[data-two-factor-recovery-codes] code")
    expect(codes).to_have_count(10)
    expect(page.get_by_text("This is the only time they are shown")).to_be_visible()
    shot(page, "recovery-codes")
    page.get_by_role("link", name="I have kept them, continue").click()
    expect(page).to_have_url(base_url + "/admin/")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    expect(page.get_by_role("heading", name=USERNAME)).to_be_visible()  # the dashboard

    # A fresh browser: the password alone leaves the admin closed.
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    second = other.new_page()
    watch(second, seen)
    sign_in_with_password(second, base_url)
    verify_url = f"{base_url}/admin/two-factor/code/?next=%2Fadmin%2F"
    expect(second).to_have_url(verify_url)
    expect(second.get_by_role("heading", name="Enter your code")).to_be_visible()
    shot(second, "code")
    second.goto(base_url + "/admin/")
    expect(second).to_have_url(verify_url)
    second.goto(base_url + "/admin/pages/")
    expect(second).to_have_url(f"{base_url}/admin/two-factor/code/?next=%2Fadmin%2Fpages%2F")

    # A wrong code: a clear message, still closed.
    wrong = f"{(int(code_now(key)[0]) + 500_000) % 1_000_000:06d}"
    second.get_by_label("Six-digit code").fill(wrong)
    second.get_by_role("button", name="Verify and continue").click()
    expect(second.get_by_text("That code is not right")).to_be_visible()
    shot(second, "code-wrong")

    # The app's next code (the one used at set-up is spent), as a person would wait for it;
    # at least the two seconds django-otp makes one wait after a wrong code.
    time.sleep(2)
    while code_now(key)[1] <= step_used:
        time.sleep(0.5)
    second.get_by_label("Six-digit code").fill(code_now(key)[0])
    second.get_by_role("button", name="Verify and continue").click()
    expect(second).to_have_url(base_url + "/admin/pages/")
    second.goto(base_url + "/admin/")
    expect(second).to_have_url(base_url + "/admin/")
    expect(second.get_by_role("heading", name=USERNAME)).to_be_visible()
    other.close()

    assert seen["offsite"] == []
    assert seen["csp"] == []
