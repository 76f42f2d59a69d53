"""A clinician's availability stays true: a changed answer is dated today, the dashboard lists
the answers older than the practice's limit, and one click confirms one (published at once,
logged); the clinician may confirm only their own."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from practice.models import ClinicianPage
from tests.factories import ClinicianPageFactory, clinician_finder_fields

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def profile_form(page, **changes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "credentials": page.credentials,
            "role": page.role,
            "licensed_name": page.licensed_name,
            "license_status": page.license_status,
            "license_type": page.license_type,
            "license_number": page.license_number,
            "supervisor": "",
            "supervisor_name": "",
            "supervisor_license": "",
            "photo": "",
            "summary": page.summary,
            "bio": rich_text(""),
            "condition_links": inline_formset([]),
            "therapy_links": inline_formset([]),
            "user": page.user_id or "",
            **clinician_finder_fields(page),
        }
        | changes
    )


@pytest.fixture
def stale(team_index, practice_settings):
    return ClinicianPageFactory(
        parent=team_index,
        title="Dr. Priya Raman",
        accepting_new_clients="yes",
        availability_confirmed_on=days_ago(45),
        licensed_states=["CA"],
    )


def test_a_changed_answer_is_dated_today(client, editor_user, stale):
    client.force_login(editor_user)
    response = client.post(
        f"/admin/pages/{stale.pk}/edit/",
        profile_form(stale, accepting_new_clients="waitlist") | {"action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ClinicianPage.objects.get(pk=stale.pk)
    assert (page.accepting_new_clients, page.availability_confirmed_on) == (
        "waitlist",
        timezone.localdate(),
    )


def test_a_future_confirmation_date_is_refused_with_a_message(client, editor_user, stale):
    client.force_login(editor_user)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"/admin/pages/{stale.pk}/edit/", profile_form(stale, availability_confirmed_on=tomorrow)
    )
    assert "This day is in the future" in response.content.decode()


def test_the_dashboard_lists_stale_availability_and_one_click_confirms_it(
    client, editor_user, stale, clinician
):
    clinician.availability_confirmed_on = days_ago(3)
    clinician.save_revision().publish()
    client.force_login(editor_user)
    html = client.get("/admin/").content.decode()
    assert "Availability to confirm" in html
    assert "Dr. Priya Raman" in html and "last confirmed" in html
    assert clinician.title not in html.split("Availability to confirm")[1].split("</section>")[0]
    response = client.post(
        f"/admin/availability/{stale.pk}/confirm/", {"accepting_new_clients": "yes"}
    )
    assert response.status_code == 302
    page = ClinicianPage.objects.get(pk=stale.pk)
    assert page.availability_confirmed_on == timezone.localdate() and page.live
    assert not page.has_unpublished_changes
    assert PageLogEntry.objects.filter(
        page=stale, action="practice.confirm_availability", user=editor_user
    ).exists()
    assert "Accepting new clients" in client.get(stale.url).content.decode()
    html = client.get("/admin/").content.decode()
    assert "Every clinician&#x27;s availability was confirmed" in html or (
        "Every clinician's availability was confirmed" in html
    )


def test_a_profile_with_a_draft_is_not_confirmed_over_it(client, editor_user, stale):
    stale.summary = "A draft nobody approved."
    stale.save_revision()
    client.force_login(editor_user)
    client.post(f"/admin/availability/{stale.pk}/confirm/", {"accepting_new_clients": "yes"})
    assert ClinicianPage.objects.get(pk=stale.pk).availability_confirmed_on == days_ago(45)


def test_a_clinician_confirms_their_own_and_no_one_elses(client, clinician_user, clinician, stale):
    clinician.availability_confirmed_on = days_ago(60)
    clinician.save_revision().publish()
    client.force_login(clinician_user)
    html = client.get("/admin/").content.decode()
    panel = html.split("Availability to confirm")[1].split("</section>")[0]
    assert clinician.title in panel and "Dr. Priya Raman" not in panel
    # Refused: Wagtail's admin answers with its "no permission" message on the dashboard.
    response = client.post(
        f"/admin/availability/{stale.pk}/confirm/", {"accepting_new_clients": "no"}, follow=True
    )
    assert "do not have permission" in response.content.decode()
    assert ClinicianPage.objects.get(pk=stale.pk).accepting_new_clients == "yes"
    client.post(f"/admin/availability/{clinician.pk}/confirm/", {"accepting_new_clients": "no"})
    assert ClinicianPage.objects.get(pk=clinician.pk).availability_confirmed_on == (
        timezone.localdate()
    )
