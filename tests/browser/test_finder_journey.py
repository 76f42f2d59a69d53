"""Finding the right clinician on a phone: a visitor narrows the team to what they need, sees
who matches and why, asks that clinician for a consultation, and the editor sees the request
with the clinician and the state. Another visitor, in a state nobody is licensed in, is told so
before sending anything."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from practice.models import ConsultationRequest
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

NAME = "Ana Private"
EDITOR, PASSWORD = "front.desk", "a long editor password 42"
PHONE_WIDTH = {"width": 375, "height": 812}


def test_a_visitor_finds_a_spanish_speaking_clinician_by_video_and_asks_for_her(
    browser, demo_site, page_errors
):
    visitor = browser.new_context(viewport=PHONE_WIDTH).new_page()
    visitor.goto(demo_site + "/team/")
    finder = visitor.get_by_role("form", name="Find the right clinician")
    finder.get_by_label("What you would like help with").select_option(label="Anxiety")
    finder.get_by_label("How you would like to meet").select_option(label="Video")
    finder.get_by_label("Language").select_option(label="Spanish")
    finder.get_by_label("For phone or video: the state you will be in").select_option(
        label="California"
    )
    finder.get_by_role("button", name="Show clinicians").click()

    expect(visitor).to_have_url(re.compile(r"/team/\?.*language=spanish.*#finder-results$"))
    expect(visitor.get_by_role("status")).to_have_text("1 clinician matches: each card says why.")
    card = visitor.locator(".clinician-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Dr. Sofia Navarro")
    expect(card.locator(".clinician-card__reasons")).to_contain_text(
        "Works with anxiety · Video in California · Spanish"
    )
    # Nothing overflows the phone's width.
    assert visitor.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    card.get_by_role("link", name="Request a consultation with Dr. Sofia Navarro").click()
    expect(visitor).to_have_url(demo_site + "/contact/?clinician=dr-sofia-navarro")
    expect(visitor.get_by_label("A clinician you would like to see")).to_have_value(
        str(ConsultationRequest._meta.get_field("clinician").related_model.objects.get(
            slug="dr-sofia-navarro"
        ).pk)
    )  # fmt: skip
    visitor.get_by_label("Your name").fill(NAME)
    visitor.get_by_role("radio", name="Phone", exact=True).check()
    visitor.get_by_label("Phone number").fill("(310) 555-0188")
    visitor.get_by_role("radio", name="By video").check()
    visitor.get_by_label("For phone or video: the state you will be in during sessions").select_option(
        label="California"
    )  # fmt: skip
    expect(visitor.locator("[data-state-notice]")).to_be_hidden()
    visitor.locator("input[name=consent]").check()
    visitor.get_by_role("button", name="Send my request").click()
    expect(visitor).to_have_url(demo_site + "/contact/thanks/#top")
    visitor.context.close()
    assert page_errors == []

    request = ConsultationRequest.objects.get(name=NAME)
    assert (request.clinician.slug, request.session_state) == ("dr-sofia-navarro", "CA")

    user = UserFactory(username=EDITOR)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    editor = browser.new_context().new_page()
    log_in(editor, demo_site, EDITOR, PASSWORD)
    editor.goto(demo_site + "/admin/snippets/practice/consultationrequest/")
    row = editor.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("By video, in California")
    expect(row).to_contain_text("With Dr. Sofia Navarro")


def test_a_visitor_in_a_state_nobody_is_licensed_in_is_told_before_sending(
    browser, demo_site, page_errors
):
    visitor = browser.new_context(viewport=PHONE_WIDTH).new_page()
    visitor.goto(demo_site + "/contact/")
    visitor.get_by_role("radio", name="By video").check()
    notice = visitor.locator("[data-state-notice]")
    expect(notice).to_be_hidden()
    visitor.get_by_label("For phone or video: the state you will be in during sessions").select_option(
        label="Oregon"
    )  # fmt: skip
    # Said at once, before the form is sent, with the crisis line below it.
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(
        "none of our clinicians is licensed to see you by phone or video while you are in Oregon"
    )
    expect(notice.locator(".state-notice__crisis")).to_contain_text("988")
    assert ConsultationRequest.objects.count() == 0
    # Choosing a state the team covers takes the message away.
    visitor.get_by_label("For phone or video: the state you will be in during sessions").select_option(
        label="California"
    )  # fmt: skip
    expect(notice).to_be_hidden()
    assert page_errors == []
    # In the finder, the same state is explained too.
    visitor.goto(demo_site + "/team/?mode=video&state=OR")
    expect(visitor.get_by_role("status")).to_have_text("No clinician matches all of these.")
    expect(visitor.locator(".finder__none")).to_contain_text(
        "None of our clinicians is licensed to see clients in Oregon"
    )
