"""Consultation requests as the editors' follow-up list (practice/consultation_admin.py), through
the real admin: the list and detail, the one-click status change, the dashboard panel, and who
may see any of it (editors only; clinicians and visitors never)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from practice.models import ConsultationRequest, ConsultationRequestStatusChange

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/practice/consultationrequest/"
LA = ZoneInfo("America/Los_Angeles")
# 11:05 p.m. UTC on December 2 is 3:05 p.m. in Los Angeles (PST, UTC-8).
RECEIVED_UTC = datetime.datetime(2026, 12, 2, 23, 5, tzinfo=datetime.UTC)


def make_request(name="Pat Private", created=None, **fields):
    defaults = {
        "phone": "(310) 555-0142",
        "email": "pat@example.com",
        "availability": ["weekday_evening", "weekend"],
        "service_mode": ConsultationRequest.ServiceMode.VIDEO,
        "message": "I would like to talk about anxiety.",
        "consent": True,
        "fingerprint": f"fp-{name}",
    }
    defaults.update(fields)
    return ConsultationRequest.objects.create(
        name=name, created=created or timezone.now(), **defaults
    )


def inspect_url(item):
    return f"{LIST}inspect/{item.pk}/"


def status_url(item):
    return f"/admin/consultation-requests/{item.pk}/status/"


@pytest.fixture
def editor(client, editor_user, practice_settings):
    client.force_login(editor_user)
    return client


def test_the_list_shows_links_words_and_practice_times(editor):
    make_request(created=RECEIVED_UTC)
    html = editor.get(LIST).content.decode()
    assert 'href="tel:3105550142"' in html
    assert 'href="mailto:pat@example.com"' in html
    assert "Weekday evenings, Weekends" in html
    assert "weekday_evening" not in html
    assert "By video" in html
    assert "December 2, 2026, 3:05 p.m." in html
    assert "11:05 p.m." not in html
    assert "Fingerprint" not in html and "fp-Pat Private" not in html
    assert "Mark contacted" in html


def test_the_detail_is_read_only_with_links_words_and_practice_times(editor):
    item = make_request(created=RECEIVED_UTC)
    html = editor.get(inspect_url(item)).content.decode()
    assert 'href="tel:3105550142"' in html
    assert 'href="mailto:pat@example.com"' in html
    assert "Weekday evenings, Weekends" in html
    assert "['weekday_evening'" not in html
    assert "I would like to talk about anxiety." in html
    assert "December 2, 2026, 3:05 p.m." in html
    assert "Fingerprint" not in html and "fp-Pat Private" not in html
    assert f'href="{LIST}edit/{item.pk}/"' not in html
    assert "Mark contacted" in html


def test_one_click_records_who_changed_the_status_and_when(editor, editor_user):
    item = make_request()
    before = timezone.now()
    response = editor.post(status_url(item), {"status": "contacted", "next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    item.refresh_from_db()
    assert item.status == "contacted"
    change = ConsultationRequestStatusChange.objects.get(request=item)
    assert change.status == "contacted" and change.changed_by == editor_user
    assert before <= change.changed_at <= timezone.now()

    html = editor.get(LIST).content.decode()
    shown = timezone.localtime(change.changed_at, LA)
    assert f"by {editor_user.get_full_name() or editor_user.get_username()}" in html
    assert f"{shown:%B} {shown.day}, {shown.year}" in html
    assert "Booked" in html and "Mark contacted" not in html

    editor.post(status_url(item), {"status": "booked"})
    item.refresh_from_db()
    assert item.status == "booked"
    assert list(item.status_changes.values_list("status", flat=True)) == ["contacted", "booked"]


def test_a_status_the_request_cannot_move_to_changes_nothing(editor):
    item = make_request()
    editor.post(status_url(item), {"status": "booked"})  # new → booked skips "contacted"
    editor.post(status_url(item), {"status": "nonsense"})
    item.refresh_from_db()
    assert item.status == "new" and not item.status_changes.exists()


def test_the_status_change_takes_only_a_post_with_a_csrf_token(
    client, editor_user, practice_settings
):
    from django.test import Client

    item = make_request()
    client.force_login(editor_user)
    assert client.get(status_url(item)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor_user)
    assert strict.post(status_url(item), {"status": "contacted"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "new"
    # The buttons in the list and the detail carry a token that works.
    for page in (LIST, inspect_url(item)):
        html = strict.get(page).content.decode()
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', html.split(status_url(item))[1]
        )
        response = strict.post(
            status_url(item),
            {
                "status": "not_a_fit" if page == LIST else "closed",
                "csrfmiddlewaretoken": token.group(1),
            },
        )
        assert response.status_code == 302, page
    item.refresh_from_db()
    assert item.status == "closed"


def test_a_next_url_elsewhere_is_not_followed(editor):
    item = make_request()
    response = editor.post(status_url(item), {"status": "closed", "next": "https://evil.test/"})
    assert response["Location"] == LIST


@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_adds_a_request_or_edits_the_visitors_words(editor, method):
    item = make_request()
    for url in (f"{LIST}add/", f"{LIST}edit/{item.pk}/"):
        response = getattr(editor, method)(url, {"name": "Changed", "message": "Rewritten"})
        assert response.status_code in (403, 404), url
    item.refresh_from_db()
    assert item.name == "Pat Private" and item.message == "I would like to talk about anxiety."
    assert not ConsultationRequest.objects.filter(name="Changed").exists()
    assert "Add consultation request" not in editor.get(LIST).content.decode()


def test_clinicians_and_visitors_reach_none_of_it(client, clinician_user, practice_settings):
    item = make_request()
    urls = [LIST, inspect_url(item), f"{LIST}?status=new"]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login
    response = client.post(status_url(item), {"status": "contacted"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    client.force_login(clinician_user)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Pat Private" not in response.content.decode()
    response = client.post(status_url(item), {"status": "contacted"})
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.status == "new"
    dashboard = client.get("/admin/").content.decode()
    assert "Consultation requests" not in dashboard and "new request" not in dashboard


def dashboard_sentence(html):
    match = re.search(r'class="consultation-dashboard[^"]*"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no requests panel on the dashboard"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_dashboard_counts_new_requests_and_the_oldest_wait(editor):
    now = timezone.now()
    make_request("Oldest", created=now - datetime.timedelta(hours=3, minutes=10))
    make_request("Newer", created=now - datetime.timedelta(minutes=20))
    make_request("Answered", created=now - datetime.timedelta(days=5), status="contacted")
    html = editor.get("/admin/").content.decode()
    sentence = dashboard_sentence(html)
    assert sentence.startswith("2 new requests · the oldest has waited 3 hours")
    assert "(we promise a reply within one working day)" in sentence
    assert "consultation-dashboard--overdue" not in html
    assert f'href="{LIST}?status=new"' in html


def test_an_overdue_request_is_highlighted_on_the_dashboard_and_in_the_list(
    editor, practice_settings
):
    item = make_request(created=timezone.now() - datetime.timedelta(hours=30))
    html = editor.get("/admin/").content.decode()
    assert "consultation-dashboard--overdue" in html
    assert "the oldest has waited 30 hours" in dashboard_sentence(html)
    listing = editor.get(f"{LIST}?status=new").content.decode()
    assert "consultation-status--overdue" in listing
    assert "Overdue: waiting 30 hours" in listing

    practice_settings.reply_within_hours = 48
    practice_settings.save()
    html = editor.get("/admin/").content.decode()
    assert "consultation-dashboard--overdue" not in html
    assert "we promise a reply within 2 days" in dashboard_sentence(html)

    editor.post(status_url(item), {"status": "contacted"})
    assert dashboard_sentence(editor.get("/admin/").content.decode()).startswith("0 new requests")


def test_the_list_filters_to_new_requests(editor):
    make_request("Waiting Person")
    make_request("Booked Person", status="booked")
    html = editor.get(f"{LIST}?status=new").content.decode()
    assert "Waiting Person" in html and "Booked Person" not in html
