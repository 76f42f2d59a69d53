"""An editor adds a condition (refused until a clinician has signed it off), links it from a
therapy, and a visitor finds it both ways."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, open_editor, publish, wait_for_autosave
from therapy_pages.models import ConditionIndexPage, ConditionPage, TherapyPage

pytestmark = pytest.mark.browser


def test_editor_adds_a_condition_links_it_from_a_therapy_and_visitors_see_both_ways(
    page, browser, demo_site
):
    log_in(page, demo_site)
    conditions = ConditionIndexPage.objects.get()
    therapy = TherapyPage.objects.get(slug="psychodynamic-therapy")

    # Create and publish the condition page.
    open_editor(page, f"{demo_site}/admin/pages/add/therapy_pages/conditionpage/{conditions.pk}/")
    page.locator("#id_title").fill("Grief and loss")
    page.locator("#id_summary").fill("The pain that follows losing someone or something important.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name=re.compile("^Common signs")).click()
    page.locator("input[name='body-0-value-items-0-value']").fill("Waves of sadness or numbness")

    # Without a clinician's sign-off it is refused, with a message on the field. (Autosave has
    # kept it as a draft by then: refused is "not live".)
    wait_for_autosave(page)
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-contentpath='reviewed_by']")).to_contain_text(
        "Choose the clinician who reviewed this page before publishing."
    )
    assert not ConditionPage.objects.filter(slug="grief-and-loss", live=True).exists()

    # Dr. Blair reviewed it today: now it publishes.
    page.locator("[data-contentpath='reviewed_by']").get_by_role(
        "button", name=re.compile("Choose")
    ).click()
    page.get_by_role("dialog").get_by_role("link", name="Dr. Cassidy Blair").click()
    page.locator("#id_last_reviewed").fill(timezone.localdate().isoformat())
    page.get_by_role("heading", level=2).first.click()  # close the date picker
    publish(page)

    # Link it from the therapy and publish that.
    page.goto(f"{demo_site}/admin/pages/{therapy.pk}/edit/")
    page.get_by_role("checkbox", name="Grief and loss").check()
    publish(page)

    # A visitor (no admin session) finds it everywhere.
    visitor = browser.new_context().new_page()
    visitor.goto(demo_site + "/therapies/psychodynamic-therapy/")
    visitor.get_by_role("link", name="Grief and loss").click()
    expect(visitor).to_have_url(demo_site + "/conditions/grief-and-loss/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Grief and loss")
    expect(visitor.get_by_text("Waves of sadness or numbness")).to_be_visible()
    therapies = visitor.locator("section.related").filter(has_text="Therapies that can help")
    expect(therapies.get_by_role("link", name="Psychodynamic therapy")).to_be_visible()

    visitor.goto(demo_site + "/conditions/")
    expect(visitor.get_by_role("link", name="G", exact=True)).to_be_visible()
    visitor.get_by_role("link", name="Grief and loss").click()
    expect(visitor).to_have_url(demo_site + "/conditions/grief-and-loss/")
