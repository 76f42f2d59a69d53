"""A visitor asks for a consultation; an editor sees it on the dashboard, calls the number from
the list and marks it contacted in one click; the dashboard's count drops to 0."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from practice.models import ConsultationRequest
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

NAME = "Morgan Lee"
EDITOR, PASSWORD = "front.desk", "a long editor password 42"


def send_a_request(page, base_url):
    page.goto(base_url + "/contact/")
    page.get_by_label("Your name").fill(NAME)
    page.get_by_role("radio", name="Phone", exact=True).check()
    page.get_by_label("Phone number").fill("(310) 555-0142")
    page.get_by_role("checkbox", name="Weekday evenings").check()
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page).to_have_url(base_url + "/contact/thanks/#top")


def test_a_request_is_seen_called_and_marked_contacted_in_one_click(browser, demo_site):
    visitor = browser.new_context().new_page()
    send_a_request(visitor, demo_site)
    visitor.context.close()

    user = UserFactory(username=EDITOR)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))

    page = browser.new_context().new_page()
    log_in(page, demo_site, EDITOR, PASSWORD)
    panel = page.locator("#consultation-requests-content, [id^=consultation-requests]").first
    expect(panel).to_contain_text("1 new request · the oldest has waited")
    expect(panel).to_contain_text("we promise a reply within one working day")

    panel.get_by_role("link", name="1 new request").click()
    expect(page).to_have_url(
        re.compile(r"/admin/snippets/practice/consultationrequest/\?status=new")
    )
    row = page.get_by_role("row").filter(has_text=NAME)
    phone = row.get_by_role("link", name="(310) 555-0142")
    expect(phone).to_have_attribute("href", "tel:3105550142")
    expect(row).to_contain_text("Weekday evenings")

    row.get_by_role("button", name=f"Mark contacted: {NAME}").click()
    expect(page.locator(".messages")).to_contain_text("Marked as contacted.")
    assert ConsultationRequest.objects.get(name=NAME).status == "contacted"

    page.goto(demo_site + "/admin/")
    expect(page.locator(".consultation-dashboard")).to_contain_text("0 new requests")
