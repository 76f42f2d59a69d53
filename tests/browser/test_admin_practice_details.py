"""The practice admin changes the phone number in the admin and visitors see it at once."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_admin_edits_phone_number_and_the_site_shows_it(page, demo_site):
    home = demo_site + "/"
    page.goto(home)
    expect(page.locator(".header-phone")).to_have_attribute("href", "tel:3109994996")

    log_in(page, demo_site)
    site = Site.objects.get(is_default_site=True)
    page.goto(f"{demo_site}/admin/settings/practice/practicesettings/{site.pk}/")
    phone = page.get_by_role("textbox", name="Phone")
    expect(phone).to_have_value("(310) 999-4996")
    phone.fill("310-555-0142")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Practice details updated")

    page.goto(home)
    header_phone = page.locator(".header-phone")
    expect(header_phone).to_contain_text("310-555-0142")
    expect(header_phone).to_have_attribute("href", "tel:3105550142")
    expect(page.locator(".site-footer")).to_contain_text("310-555-0142")


def test_admin_sees_a_clear_message_for_a_bad_phone_number(page, demo_site):
    log_in(page, demo_site)
    site = Site.objects.get(is_default_site=True)
    page.goto(f"{demo_site}/admin/settings/practice/practicesettings/{site.pk}/")
    page.get_by_role("textbox", name="Phone").fill("ring me")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a phone number using digits")).to_be_visible()
    page.goto(demo_site + "/")
    expect(page.locator(".header-phone")).to_contain_text("(310) 999-4996")
