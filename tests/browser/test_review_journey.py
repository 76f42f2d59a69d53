"""An editor marks an overdue page reviewed from the "Clinical reviews due" report in one click,
and the public page shows today's date as its last review."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import UserFactory
from therapy_pages.models import ConditionPage

pytestmark = pytest.mark.browser

PASSWORD = "review-journey-1"


def long_date(day):
    return f"{day:%B} {day.day}, {day.year}"


def test_editor_marks_an_overdue_page_reviewed_and_the_page_shows_today(page, demo_site):
    today = timezone.localdate()
    condition = ConditionPage.objects.live().order_by("path").first()
    condition.last_reviewed = today - datetime.timedelta(days=400)
    condition.next_review_due = today - datetime.timedelta(days=35)
    condition.save_revision().publish()
    editor = UserFactory(username="eddie.editor")
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))

    page.goto(demo_site + condition.url)
    expect(page.locator(".review-line")).not_to_contain_text(long_date(today))

    log_in(page, demo_site, "eddie.editor", PASSWORD)
    page.goto(demo_site + "/admin/reports/clinical-reviews/")
    row = page.locator("tr", has_text=condition.title)
    expect(row).to_contain_text("Overdue by 35 days")
    row.get_by_role("button", name=f"Mark {condition.title} reviewed today").click()

    expect(page.locator(".messages")).to_contain_text(
        f"{condition.title} marked reviewed today ({long_date(today)})"
    )
    expect(page.locator("tr", has_text=condition.title)).to_have_count(0)

    page.goto(demo_site + condition.url)
    review_line = page.locator(".review-line")
    expect(review_line).to_contain_text(f"on {long_date(today)}")
    next_due = condition.specific_class.objects.get(pk=condition.pk).next_review_due
    expect(review_line).to_contain_text(f"Next review due {long_date(next_due)}")
