"""A visitor finds their way around a long explainer without JavaScript: the "On this page"
list takes them to a section and, on a phone, the link after it brings them back to the list;
on a wide screen the list stays in view beside the text."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

URL = "/therapies/psychodynamic-therapy/"


def in_viewport(locator):
    box = locator.bounding_box()
    height = locator.page.viewport_size["height"]
    return box is not None and box["y"] >= -1 and box["y"] + min(box["height"], 40) <= height


def test_the_list_leads_to_a_section_and_back_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(demo_site + URL)
    contents = page.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="Why psychodynamic therapy works").click()
    heading = page.get_by_role("heading", name="Why psychodynamic therapy works", level=2)
    assert page.url.endswith("#why-psychodynamic-therapy-works")
    assert in_viewport(heading)
    assert not in_viewport(contents)

    back = page.locator(".back-to-contents a").nth(3)  # the one after the evidence section
    back.scroll_into_view_if_needed()
    back.click()
    assert page.url.endswith("#on-this-page")
    assert in_viewport(contents)
    context.close()


def test_on_a_wide_screen_the_list_stays_beside_the_text(page, demo_site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + URL)
    contents = page.get_by_role("navigation", name="On this page")
    text = page.locator(".prose")
    assert contents.bounding_box()["x"] > text.bounding_box()["x"] + text.bounding_box()["width"]
    page.get_by_role("heading", name="Questions people ask", level=2).scroll_into_view_if_needed()
    assert in_viewport(contents)
    expect(page.locator(".back-to-contents").first).to_be_hidden()
