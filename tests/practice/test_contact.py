"""The consultation request: asks only what is needed to call back, keeps nothing it should not,
tells the practice without telling anyone who wrote, and never loses a person's details."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from practice.models import ConsultationRequest
from tests.factories import ContactPageFactory

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Jordan Private", "310-555-0177", "jordan.private@example.org"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def contact(home_page, practice_settings):
    return ContactPageFactory(parent=home_page)


def data(**changes):
    return {
        "name": NAME,
        "contact_by": "phone",
        "phone": PHONE,
        "email": "",
        "service_mode": "video",
        "availability": ["weekday_evening", "weekend"],
        "consent": "on",
        "website": "",
    } | changes


def test_form_asks_only_what_is_needed_and_warns_it_is_not_for_emergencies(client, contact):
    html = client.get("/contact/").content.decode()
    assert "This form is not for emergencies" in html and 'href="tel:988"' in html
    for name in ["name", "contact_by", "phone", "email", "service_mode", "availability", "consent"]:
        assert f'name="{name}"' in html
    assert 'name="message"' not in html


def described_by(html, element_id):
    """The aria-describedby of the input (or fieldset) that names element_id, or None."""
    match = re.search(rf'aria-describedby="([^"]*\b{element_id}\b[^"]*)"', html)
    return match and match.group(1).split()


def test_admin_can_offer_a_short_message_with_a_health_warning(client, contact):
    contact.allow_message = True
    contact.save_revision().publish()
    html = client.get("/contact/").content.decode()
    assert 'name="message"' in html
    warning = re.search(r'<p class="field__warning" id="id_message_warning">([^<]*)</p>', html)
    assert warning.group(1).startswith("Please do not include details about your health here.")
    assert described_by(html, "id_message_warning") == ["id_message_warning"]
    assert "(optional)" in html.split('for="id_message">')[1].split("</label>")[0]
    assert html.count("(optional)", html.index('for="id_message"')) == 1


def test_the_practice_words_on_the_form_are_edited_on_the_contact_page(client, contact):
    contact.allow_message = True
    contact.emergency_heading = "Not for urgent help"
    contact.health_details_warning = "Keep health details for our first call."
    contact.consent_text = "You may keep my details until you have called me back."
    contact.save_revision().publish()
    html = client.get("/contact/").content.decode()
    assert (
        '<h2 class="emergency-note__heading" id="emergency-heading">Not for urgent help</h2>'
        in html
    )
    assert 'id="id_message_warning">Keep health details for our first call.</p>' in html
    assert "You may keep my details until you have called me back.</label>" in html
    for default in ["not for emergencies", "details about your health", "I agree that the"]:
        assert default not in html
    # The wording a person agreed to is what the error summary names.
    response = client.post("/contact/", data(consent=""))
    assert "You may keep my details until you have called me back.: Please tick" in (
        response.content.decode()
    )


def test_a_request_is_stored_and_the_person_sees_a_confirmation(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", data())
    assert response.status_code == 302 and response["Location"] == "/contact/thanks/"
    request = ConsultationRequest.objects.get()
    assert (request.name, request.phone, request.service_mode) == (NAME, PHONE, "video")
    assert request.availability == ["weekday_evening", "weekend"] and request.consent
    html = client.get("/contact/thanks/").content.decode()
    assert "Thank you, we have your request" in html


def test_notification_email_holds_no_personal_details(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", data(contact_by="email", email=EMAIL))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hello@example.com"]
    assert "/admin/snippets/practice/consultationrequest/" in message.body
    for detail in [NAME, "Jordan", PHONE, EMAIL, "video", "evening"]:
        assert detail not in message.subject + message.body


def test_a_double_submit_creates_one_request(client, contact):
    first = client.post("/contact/", data())
    second = client.post("/contact/", data())
    assert first.status_code == second.status_code == 302
    assert ConsultationRequest.objects.count() == 1
    client.post("/contact/", data(name="Someone Else"))
    assert ConsultationRequest.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Please tick this box so that we may contact you."),
        ({"name": ""}, "Please tell us your name."),
        ({"phone": ""}, "Give a phone number, or choose to be e-mailed."),
        ({"contact_by": "email"}, "Give an e-mail address, or choose to be called."),
        ({"phone": "call me"}, "Enter a phone number using digits"),
        ({"email": "nope", "contact_by": "email"}, "Enter a valid email address."),
        ({"name": "x" * 101}, "Please keep your name under 100 characters."),
        ({"service_mode": "teleport"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_lost(
    client, contact, changes, message
):
    response = client.post("/contact/", data(**changes))
    html = response.content.decode()
    assert response.status_code == 400
    # The error sits next to its field, tied to the input (or radio group) that is marked invalid.
    error = re.search(
        rf'<p class="field__error" id="(id_\w+)_error">[^<]*{re.escape(message)}', html
    )
    field_id = error.group(1)
    assert f"{field_id}_error" in described_by(html, f"{field_id}_error")
    assert 'aria-invalid="true"' in html
    # The summary at the top lists it, linking to the field.
    summary = html.split('role="alert"')[1].split("</div>")[0]
    assert message in summary and f'href="#{field_id}' in summary
    if "name" not in changes:
        assert f'value="{NAME}"' in html
    assert not ConsultationRequest.objects.exists()


def test_honeypot_is_hidden_and_refused_with_a_message_a_person_can_act_on(client, contact):
    hidden = client.get("/contact/").content.decode()
    assert '<div class="field field--trap" aria-hidden="true">' in hidden
    assert hidden.index('name="consent"') < hidden.index('name="website"')
    response = client.post("/contact/", data(website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    # Once it caught something it shows as an ordinary field, with its error, so it can be cleared.
    assert "field--trap" not in html
    assert 'id="id_website_error">This field must stay empty' in html
    assert f'value="{NAME}"' in html
    assert not ConsultationRequest.objects.exists()


def test_rate_limit_answers_429_and_keeps_the_details(client, contact):
    for n in range(5):
        assert client.post("/contact/", data(name=f"Person {n}")).status_code == 302
    response = client.post("/contact/", data(name="Sixth Person"))
    assert response.status_code == 429
    assert 'value="Sixth Person"' in response.content.decode()
    assert ConsultationRequest.objects.count() == 5


def test_garbage_posts_never_give_a_500(client, contact):
    for payload in [{}, {"availability": "nonsense"}, {"name": "\x00"}, {"contact_by": ["a", "b"]}]:
        assert client.post("/contact/", payload).status_code == 400


def make_request(days_old, name):
    request = ConsultationRequest(name=name, phone=PHONE, consent=True)
    request.fingerprint = f"{name}-{days_old}"
    request.created = timezone.now() - datetime.timedelta(days=days_old)
    request.save()
    return request


def test_retention_command_deletes_only_old_requests(settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    make_request(91, "Old")
    make_request(89, "Recent")
    make_request(0, "Today")
    call_command("purge_consultation_requests", "--dry-run", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ConsultationRequest.objects.count() == 3
    call_command("purge_consultation_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(ConsultationRequest.objects.values_list("name", flat=True)) == ["Recent", "Today"]
    call_command("purge_consultation_requests", "--days", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(ConsultationRequest.objects.values_list("name", flat=True)) == ["Today"]


def test_editors_read_requests_and_clinicians_cannot(client, editor_user, clinician_user, contact):
    request = make_request(1, "Visible To Editors")
    client.force_login(editor_user)
    assert (
        "Visible To Editors"
        in client.get("/admin/snippets/practice/consultationrequest/").content.decode()
    )
    assert (
        client.get(
            f"/admin/snippets/practice/consultationrequest/inspect/{request.pk}/"
        ).status_code
        == 200
    )
    client.force_login(clinician_user)
    response = client.get("/admin/snippets/practice/consultationrequest/")
    assert response.status_code in (302, 403)
    assert "Visible To Editors" not in response.content.decode()
