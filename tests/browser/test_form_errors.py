"""On a 375 x 740 phone, a consultation request or a comment that comes back with problems opens
at its error summary, focused, in plain words that say what to do, with everything the person
typed still in the form; with or without JavaScript. The buttons follow the text-size control."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import Comment
from practice.models import ConsultationRequest

pytestmark = pytest.mark.browser

PHONE_SIZE = {"width": 375, "height": 740}
NAME = "Jordan Rivera"
EMAIL_MESSAGE = "Check the e-mail address: it needs a part after the @, like name@example.com"
CONSENT_MESSAGE = "Check the box so we can contact you"
POST = "/blog/what-is-psychodynamic-therapy/"


def fill_request_with_a_domainless_email_and_no_consent(page):
    page.get_by_label("Your name").fill(NAME)
    page.get_by_role("radio", name="E-mail").check()
    page.get_by_label("E-mail address").fill("jordan@")
    page.get_by_role("radio", name="By video").check()
    page.get_by_role("checkbox", name="Weekday evenings").check()
    page.get_by_role("checkbox", name="Weekends").check()
    page.get_by_role("button", name="Send my request").click()


def assert_opens_at_a_focused_summary(page):
    summary = page.locator("#form-errors")
    expect(summary).to_be_in_viewport(ratio=1)
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.url.endswith("#form-errors")
    return summary


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_failed_request_opens_at_its_focused_summary_and_keeps_every_answer(
    browser, demo_site, javascript
):
    page = browser.new_context(viewport=PHONE_SIZE, java_script_enabled=javascript).new_page()
    page.goto(demo_site + "/contact/")
    fill_request_with_a_domainless_email_and_no_consent(page)

    summary = assert_opens_at_a_focused_summary(page)
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("link")).to_have_text([EMAIL_MESSAGE, CONSENT_MESSAGE])
    # An address was given: nobody is told to give one.
    expect(page.locator("main")).not_to_contain_text("Enter your e-mail address")
    expect(page.locator("main")).not_to_contain_text("Give an e-mail address")
    expect(page.locator("#id_email_error")).to_have_text(EMAIL_MESSAGE)
    expect(page.locator("#id_consent_error")).to_have_text(CONSENT_MESSAGE)
    # The field in error no longer says "(optional)"; the untouched phone number still does.
    expect(page.locator("label[for=id_email]")).to_have_text("E-mail address")
    expect(page.locator("label[for=id_phone]")).to_contain_text("(optional)")

    # Everything typed or chosen is still there.
    expect(page.get_by_label("Your name")).to_have_value(NAME)
    expect(page.get_by_label("E-mail address")).to_have_value("jordan@")
    expect(page.get_by_role("radio", name="E-mail")).to_be_checked()
    expect(page.get_by_role("radio", name="By video")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Weekday evenings")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Weekends")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Weekday mornings")).not_to_be_checked()

    # The first link leads to the address; corrected, the request goes through.
    summary.get_by_role("link", name=EMAIL_MESSAGE).click()
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.get_by_label("E-mail address").fill("jordan@example.com")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page).to_have_url(demo_site + "/contact/thanks/#top")
    assert ConsultationRequest.objects.filter(name=NAME, email="jordan@example.com").exists()


def test_a_comment_without_words_opens_at_its_focused_summary_and_keeps_the_rest(page, demo_site):
    page.set_viewport_size(PHONE_SIZE)
    page.goto(demo_site + POST)
    form = page.locator(".comment-form")
    form.get_by_label("Name").fill("Sam")
    form.get_by_label("E-mail (never published)").fill("sam@example.com")
    form.get_by_role("button", name="Send comment").click()

    summary = assert_opens_at_a_focused_summary(page)
    expect(summary).to_contain_text("Your comment has not been sent yet.")
    expect(summary.get_by_role("link")).to_have_text(["Write your comment before sending"])
    expect(form.get_by_label("Name")).to_have_value("Sam")
    expect(form.get_by_label("E-mail (never published)")).to_have_value("sam@example.com")

    summary.get_by_role("link").click()
    expect(form.get_by_label("Your comment")).to_be_focused()
    page.keyboard.type("Thank you for writing this.")
    form.get_by_role("button", name="Send comment").click()
    expect(page).to_have_url(re.compile(r"\?comment=received#comments$"))
    assert Comment.objects.filter(name="Sam", body="Thank you for writing this.").exists()


def test_buttons_use_the_site_font_and_follow_the_text_size(page, demo_site):
    page.set_viewport_size(PHONE_SIZE)
    page.goto(demo_site + "/contact/")
    sizes = {}
    for size in ["normal", "largest"]:
        page.evaluate(f"localStorage.setItem('practice:font-size', '{size}')")
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-font-size", size)
        button, body = (
            page.locator(selector).evaluate(
                "el => [getComputedStyle(el).fontFamily, getComputedStyle(el).fontSize]"
            )
            for selector in ["button.button[type=submit]", "body"]
        )
        assert button == body, f"{size}: the button's font {button} is not the page's {body}"
        sizes[size] = float(button[1].removesuffix("px"))
    assert sizes["largest"] > sizes["normal"] * 1.2
