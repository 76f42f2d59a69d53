"""A visitor with low vision enlarges the text and it stays enlarged; a long page has a way back up."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_font_size_choice_is_kept_after_reload(page, demo_site, page_errors):
    page.goto(demo_site + "/")
    html = page.locator("html")
    normal = page.get_by_role("button", name="A normal text")
    largest = page.get_by_role("button", name="A largest text")
    expect(normal).to_have_attribute("aria-pressed", "true")
    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    largest.click()
    expect(largest).to_have_attribute("aria-pressed", "true")
    expect(normal).to_have_attribute("aria-pressed", "false")
    expect(html).to_have_attribute("data-font-size", "largest")

    page.reload()
    expect(page.get_by_role("button", name="A largest text")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(html).to_have_attribute("data-font-size", "largest")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size == pytest.approx(base_size * 1.25)

    page.goto(demo_site + "/team/")  # the choice follows the visitor to other pages
    expect(html).to_have_attribute("data-font-size", "largest")
    page.get_by_role("button", name="A normal text").click()
    expect(html).to_have_attribute("data-font-size", "normal")
    assert page_errors == []


def test_font_size_buttons_work_from_the_keyboard(page, demo_site):
    page.goto(demo_site + "/")
    larger = page.get_by_role("button", name="A larger text")
    larger.focus()
    page.keyboard.press("Enter")
    expect(larger).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("data-font-size", "large")


def test_back_to_top_appears_after_scrolling_and_returns_to_the_top(page, demo_site, page_errors):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(demo_site + "/about/")
    to_top = page.get_by_role("link", name=re.compile("Back to top"))
    expect(to_top).to_be_hidden()

    page.mouse.wheel(0, 5000)
    expect(to_top).to_be_visible()
    to_top.focus()
    page.keyboard.press("Enter")
    # Polled with evaluate(): wait_for_function compiles its string in the page, which the
    # site's Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    for _ in range(50):
        if page.evaluate("window.scrollY") == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") == 0
    expect(to_top).to_be_hidden()
    expect(page.locator(".brand")).to_be_focused()
    assert page_errors == []


def test_back_to_top_is_small_on_phones_and_gives_way_while_a_person_types(page, demo_site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + "/contact/")
    to_top = page.get_by_role("link", name=re.compile("Back to top"))
    page.mouse.wheel(0, 1500)
    expect(to_top).to_be_visible()
    box = to_top.bounding_box()
    assert box["width"] <= 48 and box["height"] <= 48, box  # a round button in the corner

    page.get_by_label("Your name").focus()
    expect(to_top).to_be_hidden()
    page.get_by_label("Your name").blur()
    expect(to_top).to_be_visible()


def test_without_javascript_the_page_still_works(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Call (310) 999-4996").first).to_be_visible()
    # The size buttons need JavaScript, so they stay out of the way; the top link is a plain link.
    expect(page.locator("[data-font-size-control]")).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("Back to top"))).to_be_visible()
    page.wait_for_load_state("networkidle")  # let the last requests finish before closing
    context.close()
