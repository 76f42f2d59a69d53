"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds no violations on the pages a visitor
meets, including forms showing their errors."""

import itertools

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from blog.models import BlogPostPage, Comment

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()


def assert_no_violations(page, label):
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"{label}: {len(violations)} axe violation(s)\n{report}"
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
        ".filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))"
    )
    assert levels.count(1) == 1, f"{label}: {levels.count(1)} h1 elements"
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skips, f"{label}: heading levels skip {skips}"


@pytest.mark.parametrize("width", [375, 1280])
def test_public_pages_have_no_axe_violations(page, demo_site, width):
    post = BlogPostPage.objects.get(slug="what-is-psychodynamic-therapy")
    Comment.objects.create(
        post=post, name="Alex", email="alex@example.org", body="Thank you.", status="approved"
    )
    page.set_viewport_size({"width": width, "height": 900})
    for path in [
        "/",
        "/therapies/psychodynamic-therapy/",
        "/conditions/anxiety/",
        "/conditions/",
        "/blog/",
        "/blog/what-is-psychodynamic-therapy/",
        "/team/dr-cassidy-blair/",
        "/team/",
        "/team/?concern=anxiety&mode=video&language=spanish&state=CA",  # the finder's results
        "/team/?mode=video&state=OR",  # and none
        "/search/?q=anxiety",
        "/contact/",
        "/fees/",
        "/no-such-page/",
    ]:
        page.goto(demo_site + path)
        assert_no_violations(page, f"{path} at {width}px")


def test_forms_showing_their_errors_have_no_axe_violations(page, demo_site):
    page.goto(demo_site + "/contact/")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_violations(page, "/contact/ with errors")

    page.goto(demo_site + "/blog/what-is-psychodynamic-therapy/")
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_violations(page, "comment form with errors")


@pytest.mark.parametrize("width", [320, 640])  # 640 px: a 1280 px screen zoomed to 200 %
def test_largest_text_size_still_has_no_violations_and_no_sideways_scroll(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site + "/")
    page.locator("summary", has_text="Menu").click()  # narrow: the text size is in the menu
    page.get_by_role("button", name="A largest text").click()
    for path in [
        "/",
        "/therapies/psychodynamic-therapy/",
        "/contact/",
        "/blog/",
        "/search/?q=anxiety",
    ]:
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        # One pixel of sub-pixel rounding is not a scrollbar anyone can use.
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px, large text"
        assert_no_violations(page, f"{path} at {width}px, largest text")
