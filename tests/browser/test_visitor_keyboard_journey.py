"""A visitor using only the keyboard searches, reads, and asks for a consultation; an editor
sees the request; the practice's notification e-mail names nobody."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from practice.models import PracticeSettings
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

NAME, PHONE = "Robin Quiet", "310-555-0188"


def tab_to(page, description, test, limit=80):
    """Press Tab until the focused element passes `test` (a JS function of the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    raise AssertionError(f"Could not reach {description} with the Tab key")


def link_named(text):
    return f"el => el.tagName === 'A' && el.textContent.trim() === {text!r}"


def test_keyboard_visitor_searches_reads_and_requests_a_consultation(page, demo_site, browser):
    settings = PracticeSettings.objects.get()
    settings.email = "frontdesk@example.org"
    settings.save()
    page.goto(demo_site + "/")

    # The first Tab reaches the skip link, then the search box.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    tab_to(page, "the search box", "el => el.id === 'site-search-q'")
    page.keyboard.type("anxiety")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("anxiety")

    tab_to(page, "the Anxiety result", link_named("Anxiety"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/conditions/anxiety/")

    tab_to(page, "the therapy link", link_named("Psychodynamic therapy"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/therapies/psychodynamic-therapy/")

    tab_to(page, "the consultation link", link_named("Request a consultation"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/contact/")

    # Fill the form with the phone number missing.
    tab_to(page, "the name field", "el => el.name === 'name'")
    page.keyboard.type(NAME)
    tab_to(page, "the consent box", "el => el.name === 'consent'")
    page.keyboard.press("Space")
    tab_to(page, "the send button", "el => el.type === 'submit' && el.closest('.contact-form')")
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Enter your phone number")
    phone = page.get_by_label("Phone number")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Your name")).to_have_value(NAME)

    # Follow the error's link to the field, correct it and send again.
    tab_to(
        page,
        "the error link",
        "el => el.tagName === 'A' && el.getAttribute('href') === '#id_phone'",
    )
    page.keyboard.press("Enter")
    expect(phone).to_be_focused()
    page.keyboard.type(PHONE)
    tab_to(page, "the send button", "el => el.type === 'submit' && el.closest('.contact-form')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/contact/thanks/#top")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, we have your request")

    # An editor finds it in the admin.
    editor = browser.new_context().new_page()
    log_in(editor, demo_site)
    editor.goto(demo_site + "/admin/snippets/practice/consultationrequest/")
    expect(editor.get_by_role("row").filter(has_text=NAME)).to_be_visible()

    # The notification names nobody.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["frontdesk@example.org"]
    text = message.subject + message.body
    for detail in [NAME, "Robin", PHONE, "3105550188"]:
        assert detail not in text
    assert "/admin/snippets/practice/consultationrequest/" in message.body
