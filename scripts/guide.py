"""Take the staff guide's screenshots (docs/img/) from the real admin, so they never go stale.

    .venv/bin/python scripts/guide.py                  # what `make guide` runs: everything below
    .venv/bin/python scripts/guide.py --url http://127.0.0.1:8011   # a demo site already running

Without --url it sets up a throwaway demo: a new SQLite file in a temporary folder (or the
database in DATABASE_URL), `migrate`, `seed_demo`, `ensure_dev_admin`, then `runserver` on
GUIDE_PORT (8099) under the development settings (no second factor, so the demo accounts sign
in with their password), and stops the server at the end. With --url the site must use the
demo accounts (`admin` and `cassidy.blair`, password `practice-dev`) and the database in
DATABASE_URL, where the pages' ids are looked up.

Each picture is one viewport, 1280x800, reduced to 256 colors with Pillow (a few tens of KB).
A visitor's consultation request and a comment are sent through the public forms first, so the
admin's lists have something to show. Uses Debian's Chromium, never a downloaded browser.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "practice-dev"  # noqa: S105  (the demo accounts, development only)
ADMIN, CLINICIAN = "admin", "cassidy.blair"
MAX_BYTES = 150_000


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the demo server did not answer at {url} within {seconds} s")


def page_ids():
    """The ids of the demo pages the screens are opened on (before the browser starts: Django's
    ORM refuses to run inside Playwright's event loop)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from wagtail.models import Page

    def by_slug(slug):
        return Page.objects.get(slug=slug).pk

    post = Page.objects.get(slug="what-is-psychodynamic-therapy")
    return {
        "blog": by_slug("blog"),
        "post": post.pk,
        "post_url": post.url,
        "conditions": by_slug("conditions"),
        "therapies": by_slug("therapies"),
        "therapy": by_slug("psychodynamic-therapy"),
        "team": by_slug("team"),
    }


def save(page, name):
    from PIL import Image

    target = OUT / f"{name}.png"
    page.wait_for_timeout(400)  # let menus, dialogs and transitions settle
    page.screenshot(path=str(target))
    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    small.save(target, optimize=True)
    size = target.stat().st_size
    print(f"{target.relative_to(ROOT)}  {size // 1024} KB")
    if size > MAX_BYTES:
        print(f"  warning: over {MAX_BYTES // 1000} KB")


def show(page, locator):
    """Scroll a part of the screen into view, a little below the admin's sticky header."""
    locator.first.scroll_into_view_if_needed()
    locator.first.evaluate("el => el.scrollIntoView({block: 'start', inline: 'nearest'})")
    page.evaluate("window.scrollBy(0, -110)")


def log_in(context, base, username):
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")
    return page


def visitor_writes(browser, base, ids):
    """A consultation request and a comment, sent as a visitor would."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(base + "/contact/")
    page.get_by_label("Your name").fill("Jordan Rivera")
    page.get_by_label("Phone number").fill("(310) 555-0142")
    page.get_by_role("checkbox", name="Weekday evenings").check()
    page.locator("input[name=consent]").check()
    page.locator(".contact-form [type=submit]").click()
    page.wait_for_load_state()
    page.goto(base + ids["post_url"])
    page.get_by_label("Name").first.fill("Sam Lee")
    page.get_by_label("E-mail (never published)").fill("sam.lee@example.com")
    page.get_by_label("Your comment").fill("Thank you, this helped me understand what to expect.")
    page.get_by_role("button", name="Post comment").or_(
        page.locator("form.comment-form [type=submit]")
    ).first.click()
    page.wait_for_load_state()
    page.close()


def open_footer_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()


def clinician_shots(page, base, ids):
    page.goto(base + "/admin/")
    save(page, "clinician-dashboard")

    page.goto(base + f"/admin/pages/{ids['blog']}/")
    save(page, "clinician-blog-list")

    page.goto(base + f"/admin/pages/add/blog/blogpostpage/{ids['blog']}/")
    page.locator("#id_title").fill("Sleep and anxiety: what helps")
    summary = page.locator("[name=summary]")
    if summary.count():
        summary.fill("Why worry keeps us awake, and four habits that help.")
    save(page, "clinician-new-post")

    edit = base + f"/admin/pages/{ids['post']}/edit/"
    page.goto(edit)
    show(page, page.get_by_text("[@shedler-2010]"))
    save(page, "clinician-citation")

    page.goto(base + "/admin/images/add/")
    save(page, "clinician-image")

    page.goto(edit)
    show(page, page.locator("[data-contentpath='hero_image']"))
    save(page, "clinician-post-picture")

    page.goto(edit)
    show(page, page.locator("[data-content-checks]"))
    save(page, "clinician-checks")

    page.goto(edit)
    page.locator("[data-side-panel-toggle='preview']").first.click()
    page.wait_for_timeout(1500)  # the preview loads in its frame
    save(page, "clinician-preview")

    page.goto(edit)
    page.locator("[data-side-panel-toggle='status']").first.click()
    schedule = page.get_by_role("button", name="Publish on").or_(
        page.get_by_role("button", name="Set schedule")
    )
    schedule.first.click()
    page.wait_for_timeout(500)
    save(page, "clinician-schedule")

    page.goto(edit)
    open_footer_menu(page)
    save(page, "clinician-publish")


def admin_shots(page, base, ids):
    page.goto(base + "/admin/")
    save(page, "admin-dashboard")
    page.locator("[data-side-panel], nav").get_by_role("button", name="Help").first.click()
    save(page, "help-menu")
    page.keyboard.press("Escape")

    page.goto(base + "/admin/snippets/practice/consultationrequest/")
    save(page, "admin-requests")
    page.locator("main table tbody tr a").first.click()
    page.wait_for_load_state()
    save(page, "admin-request")

    page.goto(base + "/admin/snippets/blog/comment/")
    save(page, "admin-comments")

    page.goto(base + "/admin/reports/clinical-reviews/")
    save(page, "admin-reviews")

    page.goto(base + "/admin/reports/content-health/")
    save(page, "admin-content-health")
    page.goto(base + "/admin/settings/content_health/contentstandards/")
    save(page, "admin-content-standards")

    settings = base + "/admin/settings/practice/practicesettings/"
    page.goto(settings)
    save(page, "admin-practice-details")
    page.get_by_role("tab", name="Messages").click()
    show(page, page.get_by_role("heading", name="Notice banner"))
    save(page, "admin-banner")
    page.get_by_role("tab", name="Staff sign-in").click()
    save(page, "admin-second-factor")

    page.goto(base + f"/admin/pages/add/therapy_pages/conditionpage/{ids['conditions']}/")
    save(page, "admin-new-condition")
    page.goto(base + f"/admin/pages/{ids['therapy']}/edit/")
    show(page, page.locator("[data-contentpath='conditions']").or_(page.get_by_text("Anxiety")))
    save(page, "admin-therapy-conditions")

    page.goto(base + f"/admin/pages/add/therapy_pages/therapypage/{ids['therapies']}/")
    save(page, "admin-new-therapy")

    page.goto(base + "/admin/users/new/")
    save(page, "admin-new-account")
    page.locator("#tab-label-roles").click()
    save(page, "admin-account-groups")

    page.goto(base + f"/admin/pages/add/practice/clinicianpage/{ids['team']}/")
    save(page, "admin-new-clinician")
    show(page, page.locator("[data-contentpath='user']"))
    save(page, "admin-clinician-account")


def shoot(base, ids):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        visitor_writes(browser, base, ids)
        for username, shots in ((CLINICIAN, clinician_shots), (ADMIN, admin_shots)):
            context = browser.new_context(viewport=VIEWPORT, locale="en-US")
            context.set_default_timeout(15_000)
            page = log_in(context, base, username)
            shots(page, base, ids)
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a demo site already running (skips the set-up)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GUIDE_PORT", 8099)))
    options = parser.parse_args()
    if options.url:
        shoot(options.url.rstrip("/"), page_ids())
        return
    with tempfile.TemporaryDirectory(prefix="practice-guide-") as folder:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "practice.settings.dev"}
        env.setdefault("DATABASE_URL", f"sqlite:///{folder}/guide.sqlite3")
        env["MEDIA_ROOT"] = env.get("GUIDE_MEDIA_ROOT", f"{folder}/media")
        env["STAFF_TWO_FACTOR"] = "false"
        env["PAGE_CACHE"] = "false"
        base = f"http://127.0.0.1:{options.port}"
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("seed_demo", env=env)
        manage("ensure_dev_admin", "--url", base, env=env)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{options.port}", "--noreload"],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(base)
            os.environ.update(env)
            shoot(base, page_ids())
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
