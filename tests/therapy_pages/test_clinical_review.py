"""Clinical review: who checked a page and when, and a report of pages due for review."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice.reports import pages_due_for_review
from tests.factories import ConditionPageFactory, TherapyPageFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_next_review_defaults_to_a_year_after_the_last(condition_index, clinician):
    page = ConditionPageFactory(
        parent=condition_index, reviewed_by=clinician, last_reviewed=datetime.date(2026, 3, 1)
    )
    assert page.next_review_due == datetime.date(2027, 3, 1)
    leap = ConditionPageFactory(
        parent=condition_index, reviewed_by=clinician, last_reviewed=datetime.date(2024, 2, 29)
    )
    assert leap.next_review_due == datetime.date(2025, 2, 28)


def test_review_due_before_last_review_is_refused(condition_index, clinician):
    page = ConditionPageFactory.build(
        reviewed_by=clinician, last_reviewed=days(-10), next_review_due=days(-20)
    )
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "must come after the last review" in excinfo.value.message_dict["next_review_due"][0]


def test_a_review_needs_a_reviewer_and_cannot_be_in_the_future(clinician):
    page = ConditionPageFactory.build(last_reviewed=days(5))
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "cannot be in the future" in excinfo.value.message_dict["last_reviewed"][0]
    assert "which clinician" in excinfo.value.message_dict["reviewed_by"][0]


def test_report_lists_overdue_and_soon_due_pages_but_not_current_ones(
    condition_index, therapy_index, clinician
):
    overdue = ConditionPageFactory(
        parent=condition_index,
        title="Overdue",
        reviewed_by=clinician,
        last_reviewed=days(-400),
        next_review_due=days(-35),
    )
    soon = TherapyPageFactory(
        parent=therapy_index,
        title="Soon",
        reviewed_by=clinician,
        last_reviewed=days(-340),
        next_review_due=days(20),
    )
    current = ConditionPageFactory(
        parent=condition_index,
        title="Current",
        reviewed_by=clinician,
        last_reviewed=days(-10),
    )
    never = ConditionPageFactory(parent=condition_index, title="Never")
    due = pages_due_for_review()
    titles = [page.title for page in due]
    assert titles == ["Never", "Overdue", "Soon"]
    assert current.title not in titles
    statuses = {page.title: page.review_status for page in due}
    assert statuses == {
        "Never": "Never reviewed",
        "Overdue": "Overdue by 35 days",
        "Soon": "Due in 20 days",
    }
    assert overdue.pk and soon.pk and never.pk


def test_report_screen_shows_pages_with_reviewer_and_dates(
    admin_client, condition_index, clinician
):
    ConditionPageFactory(
        parent=condition_index,
        title="Panic attacks",
        reviewed_by=clinician,
        last_reviewed=datetime.date(2025, 1, 10),
        next_review_due=datetime.date(2026, 1, 10),
    )
    ConditionPageFactory(
        parent=condition_index, title="Grief", reviewed_by=clinician, last_reviewed=days(-3)
    )
    response = admin_client.get("/admin/reports/clinical-reviews/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Clinical reviews due" in html
    assert "Panic attacks" in html and "Dr. Cassidy Blair, Psy.D." in html
    assert "Jan 10, 2025" in html and "Jan 10, 2026" in html
    assert "Grief" not in html


def test_dashboard_panel_counts_pages_due(admin_client, condition_index, clinician):
    ConditionPageFactory(parent=condition_index, reviewed_by=clinician, last_reviewed=days(-500))
    ConditionPageFactory(parent=condition_index, reviewed_by=clinician, last_reviewed=days(-3))
    html = admin_client.get("/admin/").content.decode()
    assert "1 page</strong> needs a clinical review" in html
    assert 'href="/admin/reports/clinical-reviews/"' in html


def test_report_and_panel_are_only_for_staff_with_the_permission(client, condition_index):
    staff = UserFactory(username="receptionist")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get("/admin/reports/clinical-reviews/").status_code in (302, 403)
    assert "clinical review" not in client.get("/admin/").content.decode()
    staff.user_permissions.add(Permission.objects.get(codename="view_clinical_reviews"))
    assert client.get("/admin/reports/clinical-reviews/").status_code == 200


def test_page_shows_no_review_line_until_reviewed(client, condition_index, practice_settings):
    page = ConditionPageFactory(parent=condition_index, title="Grief", slug="grief")
    assert 'class="review-line"' not in client.get(page.url).content.decode()
