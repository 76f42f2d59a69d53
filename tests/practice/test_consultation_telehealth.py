"""Telehealth where licensed: the consultation request asks which state the person will be in
for phone or video, may name a clinician, and says kindly, before anything is sent, when nobody
on the team is licensed there. Requests record the clinician and the state, and the follow-up
list filters by them."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from practice.models import ConsultationRequest, PracticeSettings
from practice.page_cache import HEADER, forget_generation
from tests.factories import ClinicianPageFactory, ContactPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def contact(home_page, practice_settings):
    practice_settings.crisis_text = "<p>In a crisis, call or text 988.</p>"
    practice_settings.save()
    return ContactPageFactory(parent=home_page)


@pytest.fixture
def team(team_index):
    return {
        "blair": ClinicianPageFactory(
            parent=team_index, title="Dr. Cassidy Blair", slug="dr-cassidy-blair",
            licensed_states=["CA"], offers_video=True,
        ),
        "webb": ClinicianPageFactory(
            parent=team_index, title="Marcus Webb", slug="marcus-webb",
            licensed_states=["CA", "NY"], offers_in_person=False, offers_phone=True,
        ),
    }  # fmt: skip


def data(**changes):
    return {
        "name": "Sam Private",
        "contact_by": "phone",
        "phone": "310-555-0177",
        "email": "",
        "service_mode": "video",
        "session_state": "CA",
        "clinician": "",
        "consent": "on",
        "website": "",
    } | changes


def test_a_profile_link_names_the_clinician_on_the_form(client, contact, team):
    profile = client.get(team["webb"].url).content.decode()
    assert 'href="/contact/?clinician=marcus-webb"' in profile
    assert "Request a consultation with Marcus Webb" in profile
    html = client.get("/contact/?clinician=marcus-webb").content.decode()
    assert f'<option value="{team["webb"].pk}" selected>Marcus Webb</option>' in html
    # A slug that is nobody's selects nobody, and says nothing about it.
    html = client.get("/contact/?clinician=someone-else").content.decode()
    assert "selected>Marcus Webb" not in html and "selected>Dr. Cassidy Blair" not in html


def test_the_request_records_the_clinician_and_the_state(client, contact, team):
    response = client.post(
        "/contact/", data(clinician=team["webb"].pk, session_state="NY", service_mode="phone")
    )
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert (request.clinician, request.session_state) == (team["webb"], "NY")


def test_the_state_may_be_left_out(client, contact, team):
    assert client.post("/contact/", data(session_state="")).status_code == 302
    assert ConsultationRequest.objects.get().session_state == ""


def test_a_state_nobody_is_licensed_in_is_told_before_anything_is_sent(client, contact, team):
    response = client.post("/contact/", data(session_state="OR"))
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "none of our clinicians is licensed to see you by phone or video while you are in "
        "Oregon" in html
    )
    assert "In a crisis, call or text 988." in html  # the crisis line below it
    assert 'value="Sam Private"' in html  # nothing typed is lost
    assert not ConsultationRequest.objects.exists()
    # The page tells the script which states the team covers, to say it as soon as one is chosen.
    assert 'data-licensed-states="CA NY"' in html


def test_a_chosen_clinician_not_licensed_there_is_said_with_who_is(client, contact, team):
    response = client.post(
        "/contact/", data(clinician=team["blair"].pk, session_state="NY", service_mode="phone")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dr. Cassidy Blair is not licensed to see you in New York; Marcus Webb can." in html
    assert not ConsultationRequest.objects.exists()


def test_psypact_states_count_for_a_psychologist_with_apit(client, contact, team):
    blair = team["blair"]
    blair.licensed_states, blair.psypact_authority = ["CA", "AZ"], True
    blair.save()
    assert client.post("/contact/", data(session_state="TX")).status_code == 302
    # The practice keeps the PSYPACT list: a state taken off it no longer counts.
    settings = PracticeSettings.for_site(blair.get_site())
    settings.psypact_states = [code for code in settings.psypact_states if code != "TX"]
    settings.save()
    cache.clear()
    assert client.post("/contact/", data(session_state="TX", name="Another")).status_code == 400


def test_only_public_clinicians_can_be_chosen(client, contact, team, team_index):
    ClinicianPageFactory(parent=team_index, title="Jordan Lee", licensed_states=["CA"])
    webb = team["webb"]
    PageViewRestriction.objects.create(page=webb, restriction_type="password", password="x")
    html = client.get("/contact/").content.decode()
    assert "Marcus Webb" not in html
    response = client.post("/contact/", data(clinician=webb.pk))
    assert response.status_code == 400
    assert "Choose a clinician from the list" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_a_named_clinician_page_is_never_served_from_or_stored_in_the_cache(
    client, contact, team, settings
):
    settings.PAGE_CACHE_ENABLED, settings.PAGE_CACHE_SHARED = True, False
    cache.clear()
    forget_generation()
    client.get("/contact/")
    client.get("/contact/")
    response = client.get("/contact/?clinician=marcus-webb")
    assert response[HEADER] == "bypass"
    assert "selected>Marcus Webb" in response.content.decode()
    cache.clear()
    forget_generation()


def test_the_follow_up_list_shows_and_filters_by_clinician_and_state(
    client, admin_user, contact, team
):
    ConsultationRequest.objects.create(
        name="Asked for Webb", clinician=team["webb"], session_state="NY", fingerprint="a"
    )
    ConsultationRequest.objects.create(name="Anyone in CA", session_state="CA", fingerprint="b")
    client.force_login(admin_user)
    url = "/admin/snippets/practice/consultationrequest/"
    html = client.get(url).content.decode()
    assert "With Marcus Webb" in html and "in New York" in html
    filtered = client.get(url, {"clinician": team["webb"].pk}).content.decode()
    assert "Asked for Webb" in filtered and "Anyone in CA" not in filtered
    filtered = client.get(url, {"session_state": "CA"}).content.decode()
    assert "Anyone in CA" in filtered and "Asked for Webb" not in filtered


def test_the_blank_form_is_kept_per_process_and_follows_the_team_and_the_practice(
    client, contact, team, practice_settings
):
    from practice.contact import ConsultationRequestForm, form_options
    from practice.forms import _kept_forms

    _kept_forms.clear()
    html = client.get("/contact/").content.decode()
    assert ">Marcus Webb</option>" in html and 'data-licensed-states="CA NY"' in html
    assert len(_kept_forms) == 1
    client.get("/contact/")
    assert len(_kept_forms) == 1  # the same fields: kept, not rendered again
    # What the fields are made from changes: they are rendered again, never the old markup.
    team["webb"].title = "Dr. Marcus Webb"
    team["webb"].licensed_states = ["CA", "NY", "TX"]
    team["webb"].save_revision().publish()
    practice_settings.crisis_text = "<p>Call 988 any time.</p>"
    practice_settings.save()
    html = client.get("/contact/").content.decode()
    assert ">Dr. Marcus Webb</option>" in html and ">Marcus Webb</option>" not in html
    assert 'data-licensed-states="CA NY TX"' in html and "Call 988 any time." in html
    contact.consent_text = "You may keep my details until you call."
    contact.save_revision().publish()
    assert (
        "You may keep my details until you call.</label>"
        in client.get("/contact/").content.decode()
    )
    assert len(_kept_forms) == 3
    # The kept markup is what rendering the same form gives.
    page = type(contact).objects.get(pk=contact.pk)
    request = client.get("/contact/").wsgi_request
    form = ConsultationRequestForm(page=page, **form_options(page, request))
    assert form.fields_html() == "".join(str(field.as_field_group()) for field in form)
    # A named clinician (initial) and a filled form are rendered every time.
    named = client.get("/contact/?clinician=marcus-webb").content.decode()
    assert f'<option value="{team["webb"].pk}" selected>Dr. Marcus Webb</option>' in named
    assert len(_kept_forms) == 3
