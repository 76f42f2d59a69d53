"""The practice's address, opening hours and offices are fields, not free text: the footer, the
contact page and the JSON-LD read them as they are, and a clinician's profile tells search
engines their languages, the states they may see clients in, their office and, only when it
was confirmed recently, that they take new clients."""

import datetime
import importlib
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError

from practice.blocks import OpeningHoursBlock, days_text
from practice.models import Language, OfficeLocation, PracticeSettings
from practice.us_states import US_STATES
from tests.factories import ClinicianPageFactory, ContactPageFactory
from tests.practice.test_practice_settings import settings_form_data

pytestmark = pytest.mark.django_db

conversion = importlib.import_module("practice.migrations.0020_structured_practice_data_conversion")

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def json_ld(response):
    """Every JSON-LD object of the page, under each of its types."""
    assert response.status_code == 200
    blocks = BeautifulSoup(response.content.decode(), "html.parser").find_all(
        "script", type="application/ld+json"
    )
    by_type = {}
    for obj in (json.loads(block.string) for block in blocks):
        types = obj["@type"] if isinstance(obj["@type"], list) else [obj["@type"]]
        for name in types:
            by_type.setdefault(name, obj)
    return by_type


def footer(response):
    html = response.content.decode()
    return BeautifulSoup(html, "html.parser").find("footer")


@pytest.fixture
def office(practice_settings):
    office = OfficeLocation.objects.create(
        name="West Los Angeles office",
        street_address="11900 Wilshire Blvd, Suite 520",
        city="Los Angeles",
        state="CA",
        postal_code="90025",
    )
    practice_settings.main_office = office
    practice_settings.opening_hours = [
        ("hours", {"days": WEEKDAYS, "opens": "08:00", "closes": "21:00", "note": ""}),
        (
            "hours",
            {
                "days": ["sunday", "saturday"],
                "opens": "09:30",
                "closes": "12:00",
                "note": "Telehealth only",
            },
        ),
        ("hours", {"days": [], "opens": None, "closes": None, "note": "Holidays by appointment"}),
    ]
    practice_settings.save()
    return office


# The address and the hours, on the pages and in the JSON-LD


def test_the_address_and_hours_come_from_the_fields(client, home_page, office):
    response = client.get("/")
    foot = footer(response)
    address = foot.find("address", class_="site-footer__address")
    assert address.get_text("|") == "11900 Wilshire Blvd, Suite 520|Los Angeles, CA 90025"
    rows = [row.get_text("|", strip=True) for row in foot.select(".hours__row")]
    assert rows == [
        "Monday–Friday|8 a.m.–9 p.m.",
        "Saturday and Sunday|9:30 a.m.–noon|(Telehealth only)",
        "Holidays by appointment",
    ]
    clinic = json_ld(response)["MedicalClinic"]
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "11900 Wilshire Blvd, Suite 520",
        "addressLocality": "Los Angeles",
        "addressRegion": "CA",
        "postalCode": "90025",
        "addressCountry": "US",
    }
    # The note-only line is for visitors: nothing a machine could read is guessed from it.
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{day.capitalize()}" for day in WEEKDAYS],
            "opens": "08:00",
            "closes": "21:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Saturday", "https://schema.org/Sunday"],
            "opens": "09:30",
            "closes": "12:00",
            "description": "Telehealth only",
        },
    ]


def test_a_private_street_is_on_no_page_and_in_no_json_ld(client, home_page, office):
    office.show_street_address = False
    office.save()
    practice = PracticeSettings.objects.get()
    practice.address_note = "We share the full address when you book."
    practice.save()
    contact = ContactPageFactory(parent=home_page, slug="contact")
    for url in ["/", contact.url]:
        response = client.get(url)
        html = response.content.decode()
        assert "Wilshire" not in html, url
        assert "Los Angeles, CA 90025" in footer(response).get_text(), url
        assert "We share the full address when you book." in html, url
        address = json_ld(response)["MedicalClinic"]["address"]
        assert "streetAddress" not in address and address["postalCode"] == "90025", url


def test_the_contact_page_lists_every_office_and_the_hours(client, home_page, office):
    OfficeLocation.objects.create(
        name="Santa Monica office",
        street_address="12 Ocean Ave",
        city="Santa Monica",
        postal_code="90401",
        sort_order=1,
    )
    contact = ContactPageFactory(parent=home_page, slug="contact")
    details = (
        BeautifulSoup(client.get(contact.url).content.decode(), "html.parser")
        .find(class_="contact-details")
        .get_text("|", strip=True)
    )
    assert "West Los Angeles office|11900 Wilshire Blvd, Suite 520|Los Angeles, CA 90025" in details
    assert "Santa Monica office|12 Ocean Ave|Santa Monica, CA 90401" in details
    assert "Monday–Friday|8 a.m.–9 p.m." in details


def test_the_main_office_costs_no_query_of_its_own(client, home_page, practice_settings):
    """The footer and the JSON-LD read the office with the settings (their select_related)."""

    def queries():
        client.get("/")  # warm this process's caches
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    without = queries()
    practice_settings.main_office = OfficeLocation.objects.create(
        name="Office", street_address="1 Main St", postal_code="90025"
    )
    practice_settings.save()
    assert queries() == without
    assert "1 Main St" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "days, text",
    [
        (WEEKDAYS, "Monday–Friday"),
        (["saturday", "sunday"], "Saturday and Sunday"),
        (["friday", "monday", "wednesday"], "Monday, Wednesday and Friday"),
        (["monday", "tuesday", "wednesday", "friday"], "Monday–Wednesday and Friday"),
        (["thursday"], "Thursday"),
        (WEEKDAYS + ["saturday", "sunday"], "Every day"),
        ([], ""),
    ],
)
def test_days_read_as_visitors_say_them(days, text):
    assert days_text(days) == text


# The admin's form for the hours


def hours_form(**line):
    value = {"opens": "", "closes": "", "note": ""} | line
    days = value.pop("days", WEEKDAYS)
    data = settings_form_data(days=days)
    for key, item in value.items():
        data[f"opening_hours-0-value-{key}"] = item
    return data


@pytest.mark.parametrize(
    "line, message",
    [
        (
            {"opens": "17:00", "closes": "09:00"},
            "The closing time must be after the opening time (same day).",
        ),
        ({"opens": "09:00", "closes": "09:00"}, "The closing time must be after the opening time"),
        ({"opens": "09:00"}, "Give the closing time too."),
        ({"days": [], "opens": "09:00", "closes": "17:00"}, "Choose the days these hours are for."),
        ({}, "Give the opening and closing times, or a note such as"),
    ],
)
def test_the_admin_explains_what_is_wrong_with_a_line_of_hours(
    admin_client, site, practice_settings, line, message
):
    url = f"/admin/settings/practice/practicesettings/{site.pk}/"
    response = admin_client.post(url, hours_form(**line))
    assert response.status_code == 200  # not saved
    assert message in response.content.decode()


def test_the_admin_saves_a_line_with_only_a_note(admin_client, site, practice_settings):
    url = f"/admin/settings/practice/practicesettings/{site.pk}/"
    response = admin_client.post(url, hours_form(days=[], note="By appointment"))
    assert response.status_code == 302
    saved = PracticeSettings.objects.get(pk=practice_settings.pk)
    assert saved.opening_hours[0].value.text == "By appointment"
    assert saved.structured_hours == []


def test_the_block_refuses_closing_before_opening():
    block = OpeningHoursBlock()
    value = block.to_python({"days": WEEKDAYS, "opens": "21:00", "closes": "08:00", "note": ""})
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "closes" in excinfo.value.block_errors


# A clinician's profile


@pytest.fixture
def spanish():
    return Language.objects.create(name="Spanish", code="es")


def profile(team_index, office=None, languages=(), **fields):
    page = ClinicianPageFactory(
        parent=team_index,
        title=fields.pop("title", "Dr. Sofia Navarro"),
        slug=fields.pop("slug", "dr-sofia-navarro"),
        office=office,
        **fields,
    )
    page.languages.set(languages)
    page.save_revision().publish()
    return page


def person(client, page):
    return json_ld(client.get(page.url))["Person"]


def test_a_freshly_confirmed_clinician_is_accepting_new_patients(
    client, team_index, office, spanish
):
    page = profile(
        team_index,
        office=office,
        languages=[spanish],
        accepting_new_clients="yes",
        availability_confirmed_on=timezone.localdate() - datetime.timedelta(days=3),
        licensed_states=["CA"],
        offers_video=True,
    )
    data = person(client, page)
    assert data["@type"] == ["Person", "MedicalBusiness"]
    assert data["isAcceptingNewPatients"] is True
    assert data["knowsLanguage"] == [
        {"@type": "Language", "name": "Spanish", "alternateName": "es"}
    ]
    assert data["areaServed"] == [{"@type": "State", "name": "California", "alternateName": "CA"}]
    assert data["workLocation"]["name"] == "West Los Angeles office"
    assert data["workLocation"]["address"]["streetAddress"] == "11900 Wilshire Blvd, Suite 520"


@pytest.mark.parametrize(
    "confirmed_days_ago",
    [31, None],  # older than the practice's 30 days, or never confirmed
)
def test_a_stale_yes_is_never_told_to_search_engines(
    client, team_index, practice_settings, confirmed_days_ago
):
    confirmed = (
        timezone.localdate() - datetime.timedelta(days=confirmed_days_ago)
        if confirmed_days_ago is not None
        else None
    )
    page = profile(team_index, accepting_new_clients="yes", availability_confirmed_on=confirmed)
    assert "isAcceptingNewPatients" not in person(client, page)


def test_the_practices_own_limit_decides_what_is_stale(client, team_index, practice_settings):
    practice_settings.availability_valid_days = 7
    practice_settings.save()
    page = profile(
        team_index,
        accepting_new_clients="yes",
        availability_confirmed_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    assert "isAcceptingNewPatients" not in person(client, page)


def test_a_confirmed_no_or_waitlist_is_false(client, team_index, practice_settings):
    page = profile(
        team_index,
        accepting_new_clients="waitlist",
        availability_confirmed_on=timezone.localdate(),
    )
    assert person(client, page)["isAcceptingNewPatients"] is False


def test_area_served_follows_the_practices_psypact_list(client, team_index, office):
    practice = PracticeSettings.objects.get()
    practice.psypact_states = ["AZ", "CO"]
    practice.save()
    page = profile(
        team_index,
        office=office,
        licensed_states=["CA", "AZ"],  # APIT needs a PSYPACT state's license
        psypact_authority=True,
        offers_phone=True,
        offers_in_person=True,
    )
    states = [state["name"] for state in person(client, page)["areaServed"]]
    assert states == ["Arizona", "California", "Colorado"]


def test_an_in_person_only_clinician_serves_their_offices_state(client, team_index, office):
    page = profile(
        team_index,
        office=office,
        offers_in_person=True,
        offers_phone=False,
        offers_video=False,
        licensed_states=["CA"],
    )
    data = person(client, page)
    assert data["areaServed"] == [{"@type": "State", "name": "California", "alternateName": "CA"}]
    assert "knowsLanguage" not in data  # none chosen


# The one-time conversion of the free text (migration 0020)


@pytest.mark.parametrize(
    "days, hours, value",
    [
        (
            "Monday through Friday",
            "8 a.m. – 9 p.m.",
            {"days": WEEKDAYS, "opens": "08:00:00", "closes": "21:00:00", "note": ""},
        ),
        (
            "Saturday and Sunday",
            "9:30am-5pm",
            {"days": ["saturday", "sunday"], "opens": "09:30:00", "closes": "17:00:00", "note": ""},
        ),
        (
            "Weekends",
            "By appointment",
            {
                "days": ["saturday", "sunday"],
                "opens": None,
                "closes": None,
                "note": "By appointment",
            },
        ),
        (
            "Mon, Wed & Fri",
            "9 - 5",  # morning or evening? Not guessed: kept as the note
            {
                "days": ["monday", "wednesday", "friday"],
                "opens": None,
                "closes": None,
                "note": "9 - 5",
            },
        ),
        (
            "Most days",
            "8 am – 9 pm",
            {"days": [], "opens": None, "closes": None, "note": "Most days: 8 am – 9 pm"},
        ),
        (
            "Friday to Monday",
            "12 pm - 12 am",  # past midnight: the new block cannot say it
            {"days": [], "opens": None, "closes": None, "note": "Friday to Monday: 12 pm - 12 am"},
        ),
    ],
)
def test_old_hours_lines_convert_without_losing_words(days, hours, value):
    assert conversion.convert_hours_line(days, hours) == value


def test_converted_hours_are_valid_blocks_that_read_as_before():
    raw = conversion.convert_hours(
        [
            {"type": "hours", "value": {"days": "Monday to Friday", "hours": "8 am – 9 pm"}},
            {"type": "hours", "value": {"days": "Weekends", "hours": "By appointment"}, "id": "x"},
        ]
    )
    assert raw[1]["id"] == "x" and raw[0]["id"]
    block = OpeningHoursBlock()
    lines = [block.clean(block.to_python(item["value"])).text for item in raw]
    assert lines == ["Monday–Friday, 8 a.m.–9 p.m.", "Saturday and Sunday (By appointment)"]
    # Converting again changes nothing.
    assert conversion.convert_hours(raw) == raw


def test_a_complete_address_becomes_an_office_and_the_rest_its_note():
    office, note = conversion.convert_address(
        "11900 Wilshire Blvd, Suite 520\nLos Angeles, California 90025\nParking behind the "
        "building.",
        US_STATES,
    )
    assert office == {
        "name": "Los Angeles office",
        "street_address": "11900 Wilshire Blvd, Suite 520",
        "city": "Los Angeles",
        "state": "CA",
        "postal_code": "90025",
        "show_street_address": True,
    }
    assert note == "Parking behind the building."


def test_an_address_without_a_street_makes_an_office_that_shows_none():
    office, note = conversion.convert_address("Santa Monica, CA 90401", US_STATES)
    assert office["street_address"] == "" and office["show_street_address"] is False
    assert note == ""


@pytest.mark.parametrize(
    "text",
    [
        "West Los Angeles, California\nWe share the full address when you book.",  # no ZIP
        "West Los Angeles\nCalifornia",
        "Somewhere, Atlantis 90025",  # no such state
    ],
)
def test_an_incomplete_address_is_kept_whole_as_the_note(text):
    office, note = conversion.convert_address(text, US_STATES)
    assert office is None
    assert note == " ".join(line.strip() for line in text.splitlines())


def test_an_empty_address_converts_to_nothing():
    assert conversion.convert_address("", US_STATES) == (None, "")
