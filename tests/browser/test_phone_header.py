"""An anxious visitor on a 375 x 740 phone: the first screen is the practice's welcome, not the
site's chrome. The header is one row (brand, Call, Menu); the menu opens and closes from the
keyboard and without JavaScript; "In crisis?" is one tap from every page; the notice banner can
be put away for the visit."""

import re

import pytest
from playwright.sync_api import expect

from practice.models import PracticeSettings
from tests.browser.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
WIDE = {"width": 1280, "height": 800}
SIZES = [("normal", "A normal text"), ("large", "A larger text"), ("largest", "A largest text")]


def box(locator):
    result = locator.bounding_box()
    assert result is not None, f"{locator} has no box"
    return result


def assert_in_first_screen(page, locator, what):
    """Wholly inside the first viewport, the page not scrolled."""
    assert page.evaluate("window.scrollY") == 0
    b = box(locator)
    height = page.viewport_size["height"]
    assert b["y"] >= 0 and b["y"] + b["height"] <= height, (
        f"{what} spans y={b['y']:.0f}-{b['y'] + b['height']:.0f}, the screen ends at {height}"
    )


def menu_toggle(page):
    return page.locator("summary.site-menu__toggle")


def header_row(page):
    """The header's height and whether brand, Call and Menu share one row."""
    header = box(page.locator(".site-header"))
    parts = [page.locator(".brand"), page.locator(".header-phone"), menu_toggle(page)]
    middles = [box(part)["y"] + box(part)["height"] / 2 for part in parts]
    one_row = max(middles) - min(middles) <= 2
    return round(header["height"]), one_row


def choose_text_size(page, name):
    """Through the control in the menu, as a visitor does, then close the menu again."""
    menu_toggle(page).click()
    page.get_by_role("button", name=name).click()
    menu_toggle(page).click()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_heading_and_request_button_are_in_the_first_screen_of_a_phone(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    assert_in_first_screen(page, page.get_by_role("heading", level=1), "the main heading")
    request = page.locator(".hero").get_by_role("link", name="Request a consultation")
    assert_in_first_screen(page, request, "'Request a consultation'")
    # The menu's content waits behind its button.
    expect(menu_toggle(page)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search this site")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    practice = PracticeSettings.objects.get()
    call = page.get_by_role("banner").get_by_role("link", name=f"Call {practice.phone}")
    expect(call).to_have_attribute("href", practice.phone_href)
    expect(call).to_have_text(re.compile(r"^\s*Call\b"))


def test_heading_is_in_the_first_screen_at_every_text_size(page, demo_site, page_errors):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    for size, name in SIZES:
        choose_text_size(page, name)
        expect(page.locator("html")).to_have_attribute("data-font-size", size)
        page.reload()
        assert_in_first_screen(page, page.get_by_role("heading", level=1), f"h1 at {size} text")
    assert page_errors == []


def test_header_keeps_one_row_with_a_long_phone_number_and_the_largest_text(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    height, one_row = header_row(page)
    assert one_row

    practice = PracticeSettings.objects.get()
    demo_phone = practice.phone
    practice.phone = "(310) 555-0142"
    practice.save()
    page.reload()
    call = page.get_by_role("banner").get_by_role("link", name="Call (310) 555-0142")
    expect(call).to_have_attribute("href", "tel:3105550142")
    assert header_row(page) == (height, True)

    choose_text_size(page, "A largest text")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-font-size", "largest")
    assert header_row(page) == (height, True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    # On a wide screen the long number shows in full and the header keeps its rows too.
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="A normal text").click()
    wide_height = box(page.locator(".site-header"))["height"]
    practice.phone = demo_phone
    practice.save()
    page.reload()
    assert box(page.locator(".site-header"))["height"] == wide_height


def test_menu_opens_and_closes_from_the_keyboard(page, demo_site, page_errors):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    toggle = menu_toggle(page)
    nav = page.get_by_role("navigation", name="Main")
    for _ in range(10):
        page.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    expect(toggle).to_be_focused()

    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search this site")).to_be_visible()
    page.keyboard.press("Enter")
    expect(nav).to_be_hidden()

    page.keyboard.press("Space")
    expect(nav).to_be_visible()
    page.keyboard.press("Space")
    expect(nav).to_be_hidden()

    # Open, Tab into the menu, Escape: it closes and focus returns to its button.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="In crisis?")).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()

    # The menu pushes the page down rather than covering it: the heading follows the menu.
    page.keyboard.press("Enter")
    nav_bottom = box(nav)["y"] + box(nav)["height"]
    assert box(page.get_by_role("heading", level=1))["y"] > nav_bottom
    nav.get_by_role("link", name="Therapies", exact=True).click()
    expect(page).to_have_url(demo_site + "/therapies/")
    assert page_errors == []


def test_menu_works_without_javascript_on_a_phone_and_a_wide_screen(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(demo_site + "/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    menu_toggle(page).click()
    expect(nav).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search this site")).to_be_visible()
    menu_toggle(page).click()
    expect(nav).to_be_hidden()
    menu_toggle(page).click()
    nav.get_by_role("link", name="Blog").click()
    expect(page).to_have_url(demo_site + "/blog/")

    # Wide: the whole header is there at once, no menu button to press.
    page.set_viewport_size(WIDE)
    page.goto(demo_site + "/")
    expect(menu_toggle(page)).to_be_hidden()
    expect(nav).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search this site")).to_be_visible()
    expect(page.get_by_role("link", name="In crisis?")).to_be_visible()
    page.get_by_role("searchbox", name="Search this site").fill("anxiety")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=anxiety"))
    page.wait_for_load_state("networkidle")
    context.close()


def test_wide_screen_shows_the_full_header_with_javascript_too(page, demo_site):
    page.set_viewport_size(WIDE)
    page.goto(demo_site + "/")
    expect(menu_toggle(page)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="A largest text")).to_be_visible()
    phone = PracticeSettings.objects.get().phone
    expect(page.get_by_role("banner").get_by_role("link", name=f"Call {phone}")).to_be_visible()
    # Narrowing the window folds it back into the menu, closed.
    page.set_viewport_size(PHONE)
    expect(menu_toggle(page)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_with_the_largest_text_the_full_header_waits_for_a_wider_screen(page, demo_site):
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(demo_site + "/")
    expect(menu_toggle(page)).to_be_hidden()
    largest = page.get_by_role("button", name="A largest text")
    largest.click()
    # The header folds into its one row; the menu stays open around the button just pressed.
    expect(menu_toggle(page)).to_be_visible()
    expect(largest).to_be_focused()
    expect(largest).to_have_attribute("aria-pressed", "true")
    menu_toggle(page).click()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert header_row(page)[1]
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu_toggle(page)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_in_crisis_link_goes_to_the_crisis_text(page, demo_site, viewport):
    page.set_viewport_size(viewport)
    page.goto(demo_site + "/therapies/psychodynamic-therapy/")
    if viewport == PHONE:
        menu_toggle(page).click()
    crisis = page.get_by_role("link", name="In crisis?")
    expect(crisis).to_be_visible()
    crisis.click()
    section = page.locator("section.crisis")
    expect(page.get_by_role("heading", name="In a crisis?")).to_be_in_viewport()
    expect(section).to_contain_text("988")
    expect(section).to_be_in_viewport()
    if viewport == PHONE:
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_no_crisis_link_where_the_practice_has_no_crisis_text(page, demo_site):
    practice = PracticeSettings.objects.get()
    practice.crisis_text = ""
    practice.save()
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    menu_toggle(page).click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("link", name="In crisis?")).to_have_count(0)


def test_notice_can_be_dismissed_for_the_visit_and_a_new_notice_shows_again(browser, demo_site):
    practice = PracticeSettings.objects.get()
    practice.notice_text = (  # one short sentence, as the admin's help asks
        "We meet in person, by phone and by video, 7 days a week, evenings and weekends included."
    )
    practice.save()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(demo_site + "/")
    notice = page.get_by_role("complementary", name="Notice")
    expect(notice).to_be_visible()
    notice_box = box(notice)
    assert notice_box["height"] <= 60, "the banner takes more than two small lines on a phone"
    heading_y = box(page.get_by_role("heading", level=1))["y"]

    page.get_by_role("button", name="Hide this notice").click()
    expect(notice).to_be_hidden()
    expect(page.locator(".brand")).to_be_focused()
    assert box(page.get_by_role("heading", level=1))["y"] < heading_y

    page.goto(demo_site + "/team/")  # the rest of the visit: gone on every page
    expect(page.locator(".notice")).to_be_hidden()
    page.reload()
    expect(page.locator(".notice")).to_be_hidden()
    assert context.cookies() == []  # remembered without a cookie

    practice.notice_text = "From January 5 we also offer Saturday morning sessions."
    practice.save()
    page.reload()
    expect(page.get_by_role("complementary", name="Notice")).to_contain_text("Saturday morning")

    fresh = browser.new_context(viewport=PHONE).new_page()  # a new visit sees it
    fresh.goto(demo_site + "/")
    expect(fresh.get_by_role("complementary", name="Notice")).to_be_visible()
    fresh.context.close()
    context.close()
    assert page_errors == []


def test_without_javascript_the_notice_shows_and_offers_no_dead_button(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(demo_site + "/")
    expect(page.get_by_role("complementary", name="Notice")).to_be_visible()
    expect(page.locator("[data-notice-dismiss]")).to_be_hidden()
    page.wait_for_load_state("networkidle")
    context.close()


@pytest.mark.parametrize("size", ["normal", "largest"])
def test_open_menu_has_no_axe_violations(page, demo_site, size):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    if size == "largest":
        choose_text_size(page, "A largest text")
    for path in ["/", "/therapies/", "/blog/"]:
        page.goto(demo_site + path)
        menu_toggle(page).click()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        assert_no_violations(page, f"{path} with the menu open, {size} text")
