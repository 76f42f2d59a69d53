"""The practice's dashboard panels (clinical reviews with 'Mark reviewed today', the notice banner)
and the one-click review itself (practice/review_admin.py), through the admin as editor and
clinician."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from wagtail.models import PageLogEntry

from practice.dashboard import banner_state
from practice.models import PracticeSettings
from tests.factories import ConditionPageFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def long_date(day):
    return f"{day:%B} {day.day}, {day.year}"


def mark_url(page):
    return f"/admin/reports/clinical-reviews/{page.pk}/mark-reviewed/"


@pytest.fixture
def overdue(condition_index, clinician, practice_settings):
    page = ConditionPageFactory(
        parent=condition_index,
        title="Panic attacks",
        slug="panic-attacks",
        reviewed_by=clinician,
        last_reviewed=days(-400),
        next_review_due=days(-35),
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Mark reviewed today ---


def test_report_and_dashboard_offer_mark_reviewed_today(editor_client, overdue):
    report = editor_client.get("/admin/reports/clinical-reviews/").content.decode()
    assert f'action="{mark_url(overdue)}"' in report
    assert "Mark reviewed today" in report and "csrfmiddlewaretoken" in report
    dashboard = editor_client.get("/admin/").content.decode()
    assert f'action="{mark_url(overdue)}"' in dashboard
    assert "Panic attacks</a>: overdue by 35 days" in dashboard


def test_marking_reviewed_records_who_and_when_and_publishes_the_new_date(
    editor_client, editor_user, overdue, clinician, client
):
    response = editor_client.post(mark_url(overdue))
    assert response.status_code == 302
    assert response["Location"] == "/admin/reports/clinical-reviews/"
    assert f"Panic attacks marked reviewed today ({long_date(TODAY)})" in messages_of(response)[0]

    page = overdue.specific_class.objects.get(pk=overdue.pk)
    assert page.last_reviewed == TODAY
    assert page.next_review_due.year == TODAY.year + 1
    assert page.reviewed_by == clinician  # the editor records the named clinician's review
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision.user == editor_user

    entry = PageLogEntry.objects.get(page=overdue, action="practice.mark_reviewed")
    assert entry.user == editor_user
    assert abs(entry.timestamp - timezone.now()) < datetime.timedelta(minutes=1)
    assert entry.data["last_reviewed"] == TODAY.isoformat()
    history = editor_client.get(f"/admin/pages/{overdue.pk}/history/").content.decode()
    assert "Marked clinically reviewed" in history

    editor_client.logout()
    public = client.get("/conditions/panic-attacks/").content.decode()
    assert f">{long_date(TODAY)}</time>" in public
    assert long_date(days(-400)) not in public

    # The page leaves the report's urgent list.
    report = editor_client.get("/admin/reports/clinical-reviews/")
    assert "Panic attacks" not in report.content.decode()


def test_from_the_dashboard_it_returns_to_the_dashboard(editor_client, overdue):
    response = editor_client.post(mark_url(overdue), {"next": "/admin/"})
    assert response["Location"] == "/admin/"
    unsafe = editor_client.post(mark_url(overdue), {"next": "https://elsewhere.example/"})
    assert unsafe["Location"] == "/admin/reports/clinical-reviews/"


def test_a_page_with_a_draft_is_refused_and_the_draft_stays_unpublished(
    editor_client, overdue, client
):
    overdue.summary = "Words nobody has approved yet."
    overdue.save_revision()
    response = editor_client.post(mark_url(overdue))
    assert response.status_code == 302
    assert messages_of(response) == [
        "Panic attacks: This page has unpublished changes: open it and set the review date there."
    ]
    page = overdue.specific_class.objects.get(pk=overdue.pk)
    assert page.last_reviewed == days(-400)
    assert page.has_unpublished_changes
    assert (
        "Words nobody has approved yet."
        not in client.get("/conditions/panic-attacks/").content.decode()
    )
    assert not PageLogEntry.objects.filter(action="practice.mark_reviewed").exists()


def test_a_clinician_is_refused(client, clinician_user, overdue):
    client.force_login(clinician_user)
    response = client.post(mark_url(overdue))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Sorry, you do not have permission" in messages_of(response)[0]
    assert overdue.specific_class.objects.get(pk=overdue.pk).last_reviewed == days(-400)
    assert "Clinical reviews" not in client.get("/admin/").content.decode()


def test_get_is_not_allowed_and_an_unknown_page_is_not_found(editor_client, overdue, home_page):
    assert editor_client.get(mark_url(overdue)).status_code == 405
    assert (
        editor_client.post("/admin/reports/clinical-reviews/999999/mark-reviewed/").status_code
        == 404
    )
    # A page without a clinical review (the home page) is not found either.
    assert editor_client.post(mark_url(home_page)).status_code == 404


def test_without_the_csrf_token_nothing_changes(client, editor_user, overdue):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor_user)
    assert strict.post(mark_url(overdue)).status_code == 403
    assert overdue.specific_class.objects.get(pk=overdue.pk).last_reviewed == days(-400)


# --- The notice banner's state ---


def banner(practice_settings, **fields):
    for name, value in fields.items():
        setattr(practice_settings, name, value)
    practice_settings.save()
    return PracticeSettings.objects.get(pk=practice_settings.pk)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"notice_enabled": False}, "off"),
        ({"notice_starts_on": days(3), "notice_ends_on": days(10)}, "scheduled"),
        ({"notice_starts_on": days(-20), "notice_ends_on": days(-1)}, "ended"),
        ({"notice_starts_on": days(-200), "notice_ends_on": days(5)}, "on"),
        ({"notice_starts_on": days(-90)}, "on"),  # 90 days: not yet stale
        ({"notice_starts_on": days(-91)}, "stale"),
        ({"notice_starts_on": None}, "on"),  # no known start: never called stale
    ],
)
def test_banner_state(practice_settings, fields, state):
    assert banner_state(banner(practice_settings, **fields))[0] == state


def test_editor_sees_the_banner_state_and_a_link_to_change_it(
    editor_client, practice_settings, site
):
    banner(practice_settings, notice_ends_on=days(6))
    html = editor_client.get("/admin/").content.decode()
    assert f"The notice banner is showing until {long_date(days(6))}." in html
    assert "We meet in person, by phone and by video" in html
    assert f'href="/admin/settings/practice/practicesettings/{site.pk}/#tab-messages"' in html

    banner(practice_settings, notice_ends_on=None, notice_starts_on=days(-120))
    html = editor_client.get("/admin/").content.decode()
    assert "Needs a look." in html
    assert f"has shown for 120 days, since {long_date(days(-120))}, with no last day" in html

    banner(practice_settings, notice_enabled=False)
    html = editor_client.get("/admin/").content.decode()
    assert "The notice banner is off." in html
    assert "We meet in person" not in html


def test_clinician_sees_no_banner_or_review_panel(
    client, clinician_user, practice_settings, overdue
):
    client.force_login(clinician_user)
    html = client.get("/admin/").content.decode()
    assert "Your profile" in html  # the clinician's own panel is there
    assert "Notice banner" not in html and "notice banner" not in html
    assert "Mark reviewed today" not in html


def test_the_dashboard_opens_on_a_database_without_any_site(client, editor_user, root_page):
    """The admin answers on any host: with no Site at all (a fresh database before seeding, or
    the host no Site matches) the panels fall back to the defaults instead of a server error."""
    from wagtail.models import Site

    Site.objects.all().delete()
    client.force_login(editor_user)
    response = client.get("/admin/", secure=True)
    assert response.status_code == 200
    assert "Consultation requests" in response.content.decode()
