"""The practice's details are edited once in the admin and appear on every page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from practice.models import OfficeLocation, PracticeSettings
from practice.models.settings import phone_href

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_phone_change_appears_as_tel_link_on_every_page(client, clinician, practice_settings):
    practice_settings.phone = "(310) 555-0100"
    practice_settings.save()
    for url in ["/", "/team/", "/team/dr-cassidy-blair/"]:
        html = client.get(url).content.decode()
        assert 'href="tel:3105550100"' in html, url
        assert "(310) 555-0100" in html, url
        assert "310-999-4996" not in html, url


def test_phone_href_keeps_only_plus_and_digits():
    assert phone_href("+1 (310) 999-4996") == "tel:+13109994996"
    assert phone_href("310.999.4996") == "tel:3109994996"
    assert phone_href("") == ""


def test_practice_name_address_hours_and_service_modes_show_in_the_layout(
    client, home_page, practice_settings
):
    practice_settings.offers_phone = False
    practice_settings.main_office = OfficeLocation.objects.create(
        name="Westside", street_address="12 Ocean Ave", city="Santa Monica", postal_code="90401"
    )
    practice_settings.save()
    html = client.get("/").content.decode()
    assert "<title>" in html and "· Blair Wellness Group</title>" in html
    assert "12 Ocean Ave<br>Santa Monica, CA 90401" in html
    assert "<dt>Monday–Friday</dt><dd>8 a.m.–9 p.m.</dd>" in html
    assert "Meet in person and by video." in html
    assert "7 days a week, including evenings and weekends" in html
    assert 'href="mailto:hello@example.com"' in html


def test_crisis_text_is_in_the_footer_of_every_page(client, clinician, practice_settings):
    for url in ["/", "/team/", "/team/dr-cassidy-blair/", "/no-such-page/"]:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert 'href="tel:988"' in footer, url


def test_accepting_new_clients_status_is_shown(client, home_page, practice_settings):
    practice_settings.accepting_new_clients = PracticeSettings.ACCEPTING_WAITLIST
    practice_settings.save()
    html = client.get("/").content.decode()
    assert "Waitlist for new clients" in html


def test_notice_banner_shows_with_text_and_link(client, home_page, practice_settings):
    practice_settings.notice_link_url = "https://example.com/covid"
    practice_settings.notice_link_text = "Read more"
    practice_settings.save()
    html = client.get("/").content.decode()
    assert '<aside class="notice"' in html
    assert "We meet in person, by phone and by video, 7 days a week." in html
    assert 'href="https://example.com/covid">Read more</a>' in html


def test_notice_banner_hides_when_switched_off(client, home_page, practice_settings):
    practice_settings.notice_enabled = False
    practice_settings.save()
    assert '<aside class="notice"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("starts", "ends", "shown"),
    [
        (None, None, True),
        (TODAY, TODAY, True),
        (TODAY - datetime.timedelta(days=3), TODAY + datetime.timedelta(days=3), True),
        (TODAY + datetime.timedelta(days=1), None, False),
        (None, TODAY - datetime.timedelta(days=1), False),
    ],
)
def test_notice_banner_shows_only_within_its_dates(starts, ends, shown):
    settings = PracticeSettings(
        notice_enabled=True, notice_text="Notice", notice_starts_on=starts, notice_ends_on=ends
    )
    assert settings.notice_is_active(today=TODAY) is shown


def test_notice_banner_past_its_end_date_is_not_rendered(client, home_page, practice_settings):
    practice_settings.notice_ends_on = datetime.date(2020, 12, 31)
    practice_settings.save()
    assert '<aside class="notice"' not in client.get("/").content.decode()


def test_notice_validation_explains_what_is_wrong():
    settings = PracticeSettings(
        practice_name="P",
        notice_enabled=True,
        notice_text="",
        notice_link_url="https://example.com",
        notice_starts_on=TODAY,
        notice_ends_on=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as excinfo:
        settings.clean()
    errors = excinfo.value.message_dict
    assert "switch the notice off" in errors["notice_text"][0]
    assert "Read more" in errors["notice_link_text"][0]
    assert "cannot be before" in errors["notice_ends_on"][0]


def settings_form_data(**overrides):
    data = {
        "practice_name": "Blair Wellness Group",
        "tagline": "",
        "phone": "310-999-4996",
        "email": "hello@example.com",
        "main_office": "",
        "address_note": "We share the full address when you book.",
        "offers_in_person": "on",
        "offers_video": "on",
        "hours_summary": "7 days a week",
        "opening_hours": streamfield(
            [("hours", {"days": "", "opens": "09:00", "closes": "17:00", "note": ""})]
        ),
        "accepting_new_clients": "waitlist",
        "cta_heading": "Looking for a local psychologist?",
        "cta_text": "Call us.",
        "notice_text": "",
        "notice_link_url": "",
        "notice_link_text": "",
        "notice_starts_on": "",
        "notice_ends_on": "",
        "crisis_text": rich_text('<p>Call <a href="tel:988">988</a>.</p>'),
        "social_links": streamfield([]),
        "footer_links": streamfield([]),
        "show_font_size_control": "on",
        "show_scroll_to_top": "on",
        "reply_within_hours": "24",
        "availability_valid_days": "30",
    }
    data.update(overrides)
    days = data.pop("days", ["saturday", "sunday"])
    form = nested_form_data(data)
    # The check boxes of the hours' days post one value each under the same name.
    form["opening_hours-0-value-days"] = days
    return form


def test_admin_saves_practice_details_from_the_settings_screen(
    admin_client, site, practice_settings
):
    url = f"/admin/settings/practice/practicesettings/{site.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, settings_form_data(phone="310-555-0199"))
    assert response.status_code == 302
    saved = PracticeSettings.objects.get(pk=practice_settings.pk)
    assert saved.phone == "310-555-0199"
    assert saved.offers_phone is False
    assert saved.accepting_new_clients == "waitlist"
    assert [b.value["days"] for b in saved.opening_hours] == [["saturday", "sunday"]]
    assert saved.opening_hours[0].value.text == "Saturday and Sunday, 9 a.m.–5 p.m."
    assert saved.address_note == "We share the full address when you book."


def test_admin_settings_screen_rejects_bad_input_with_messages(
    admin_client, site, practice_settings
):
    url = f"/admin/settings/practice/practicesettings/{site.pk}/"
    response = admin_client.post(
        url, settings_form_data(phone="call me maybe", notice_enabled="on", notice_text="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a phone number using digits" in html
    assert "switch the notice off" in html
    assert PracticeSettings.objects.get(pk=practice_settings.pk).phone == "310-999-4996"


def test_bad_phone_number_is_rejected_with_a_message(practice_settings):
    practice_settings.phone = "call me maybe"
    with pytest.raises(ValidationError) as excinfo:
        practice_settings.full_clean()
    assert "digits" in excinfo.value.message_dict["phone"][0]


def test_reading_aid_controls_follow_their_switches(client, home_page, practice_settings):
    html = client.get("/").content.decode()
    assert "data-font-size-control" in html and "data-scroll-to-top" in html
    practice_settings.show_font_size_control = False
    practice_settings.show_scroll_to_top = False
    practice_settings.save()
    html = client.get("/").content.decode()
    assert "data-font-size-control" not in html and "data-scroll-to-top" not in html


def test_switching_the_banner_on_without_a_first_day_records_today(
    admin_client, site, practice_settings
):
    """The dashboard calls a banner stale after 90 days with no last day: it needs a first day."""
    from django.utils import timezone

    url = f"/admin/settings/practice/practicesettings/{site.pk}/"
    on = settings_form_data(notice_enabled="on", notice_text="Closed on Thanksgiving.")
    assert admin_client.post(url, on).status_code == 302
    saved = PracticeSettings.objects.get(pk=practice_settings.pk)
    assert saved.notice_starts_on == timezone.localdate()

    # A first day the editor chose is kept as it is.
    later = settings_form_data(
        notice_enabled="on", notice_text="Closed on Thanksgiving.", notice_starts_on="2026-11-26"
    )
    assert admin_client.post(url, later).status_code == 302
    saved.refresh_from_db()
    assert saved.notice_starts_on == datetime.date(2026, 11, 26)
