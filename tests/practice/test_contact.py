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
    # The consent error is short: the box's own label holds the page's wording.
    html = client.post("/contact/", data(consent="")).content.decode()
    assert 'id="id_consent_error">Check the box so we can contact you</p>' in html
    assert "You may keep my details until you have called me back.</label>" in html


def test_a_request_is_stored_and_the_person_sees_a_confirmation(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", data())
    # Its own fragment: a redirect without one would keep the form's #form-errors.
    assert response.status_code == 302 and response["Location"] == "/contact/thanks/#top"
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
        ({"consent": ""}, "Check the box so we can contact you"),
        ({"name": ""}, "Enter your name"),
        ({"phone": ""}, "Enter your phone number, or choose to be e-mailed"),
        ({"contact_by": "email"}, "Enter your e-mail address, or choose to be called"),
        ({"phone": "call me"}, "Check the phone number: use digits, like (310) 555-0142"),
        (
            {"email": "jordan@", "contact_by": "email"},
            "Check the e-mail address: it needs a part after the @, like name@example.com",
        ),
        (
            {"email": "jordan", "contact_by": "email"},
            "Check the e-mail address: it needs a part after the @, like name@example.com",
        ),
        (
            {"email": "@example.org", "contact_by": "email"},
            "Check the e-mail address: it needs a name before the @, like name@example.com",
        ),
        (
            {"email": "jordan@example", "contact_by": "email"},
            "Check the e-mail address: the part after the @ needs a dot, like example.com",
        ),
        ({"name": "x" * 101}, "Shorten your name to 100 characters or fewer"),
        ({"service_mode": "teleport"}, "Choose how you would like to meet, or “No preference”"),
        ({"contact_by": "pigeon"}, "Choose how we should reach you: by phone or by e-mail"),
        ({"availability": ["midnight"]}, "Choose from the times listed"),
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
        rf'<p class="field__error" id="(id_\w+)_error">{re.escape(message)}</p>', html
    )
    field_id = error.group(1)
    assert f"{field_id}_error" in described_by(html, f"{field_id}_error")
    assert 'aria-invalid="true"' in html
    # The summary at the top lists it, on its own (each message says what to do), linking to the
    # field; nothing else is listed.
    summary = html.split('role="alert"')[1].split("</div>")[0]
    assert re.findall(r'<li><a href="#(id_\w+)">([^<]*)</a></li>', summary) == [
        (error_link_target(field_id, html), message)
    ]
    assert "Your request has not been sent yet. Please check these, then send it again:" in summary
    if "name" not in changes:
        assert f'value="{NAME}"' in html
    assert not ConsultationRequest.objects.exists()


def error_link_target(field_id, html):
    """A text input is its own target; a radio or checkbox group's link goes to its first box."""
    return f"{field_id}_0" if f'id="{field_id}_0"' in html else field_id


def test_a_given_but_mistyped_address_is_not_also_called_missing(client, contact):
    html = client.post("/contact/", data(contact_by="email", email="jordan@")).content.decode()
    assert "Enter your e-mail address" not in html and "Give an e-mail address" not in html
    assert html.count("it needs a part after the @") == 2  # next to the field and in the summary


def test_a_failed_request_opens_at_its_error_summary(client, contact):
    form = '<form class="contact-form" method="post" action="/contact/#form-errors" novalidate>'
    assert form in client.get("/contact/").content.decode()
    html = client.post("/contact/", data(name="")).content.decode()
    assert form in html
    # The fragment's target: focusable, so the browser moves the focus to it as it opens there.
    assert (
        '<div class="form-status form-status--error" role="alert" tabindex="-1" id="form-errors">'
        in (html)
    )
    assert html.index('id="form-errors"') < html.index('name="name"')
    assert "<title>Not sent yet: " in html


def test_everything_typed_is_kept_after_an_error(client, contact):
    contact.allow_message = True
    contact.save_revision().publish()
    html = client.post(
        "/contact/",
        data(
            contact_by="email",
            email="jordan@",
            service_mode="in_person",
            availability=["weekday_morning", "weekend"],
            message="Mornings before nine are best.",
            consent="",
        ),
    ).content.decode()
    assert f'value="{NAME}"' in html and f'value="{PHONE}"' in html
    assert 'type="email" name="email" value="jordan@"' in html
    assert re.search(r'<input type="radio" name="contact_by" value="email"[^>]*checked', html)
    assert re.search(r'<input type="radio" name="service_mode" value="in_person"[^>]*checked', html)
    for value in ["weekday_morning", "weekend"]:
        assert re.search(
            rf'<input type="checkbox" name="availability" value="{value}"[^>]*checked', html
        )
    for value in ["weekday_afternoon", "weekday_evening"]:
        assert not re.search(rf'value="{value}"[^>]*checked', html)
    assert ">\nMornings before nine are best.</textarea>" in html
    # And a box that was checked stays checked when something else is wrong.
    kept = client.post("/contact/", data(name="")).content.decode()
    assert re.search(r'<input type="checkbox" name="consent"[^>]*checked', kept)


def test_optional_is_not_said_of_a_field_in_error(client, contact):
    optional = client.get("/contact/").content.decode()
    assert 'for="id_phone">Phone number <span class="field__optional">(optional)</span>' in optional
    html = client.post("/contact/", data(phone="")).content.decode()
    assert 'for="id_phone">Phone number</label>' in html
    assert 'for="id_email">E-mail address <span class="field__optional">(optional)</span>' in html
    bad_times = client.post("/contact/", data(availability=["midnight"])).content.decode()
    assert "<legend>Good times to call</legend>" in bad_times


def test_the_form_speaks_american_english_and_shows_us_formats(client, contact):
    html = client.get("/contact/").content.decode()
    assert "Needed if you would like a call, e.g. (310) 555-0142." in html
    assert "Check any that work for you." in html
    for british in ["Tick", "tick "]:
        assert british not in html


def test_honeypot_is_hidden_and_refused_with_a_message_a_person_can_act_on(client, contact):
    hidden = client.get("/contact/").content.decode()
    assert '<div class="field field--trap" aria-hidden="true">' in hidden
    assert hidden.index('name="consent"') < hidden.index('name="website"')
    response = client.post("/contact/", data(website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    # Once it caught something it shows as an ordinary field, with its error, so it can be cleared.
    assert "field--trap" not in html
    assert 'id="id_website_error">Clear the box labeled “Leave this field empty”' in html
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


def test_a_form_with_errors_is_never_stored_in_the_page_cache(client, contact, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_HEADER = True
    client.get("/contact/")  # stored
    failed = client.post("/contact/", data(email="jordan@", contact_by="email"))
    assert failed.status_code == 400 and failed.get("X-Page-Cache") != "hit"
    again = client.get("/contact/")
    html = again.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert 'id="form-errors"' not in html and NAME not in html and "jordan@" not in html
