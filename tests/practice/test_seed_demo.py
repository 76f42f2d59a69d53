"""`seed_demo` builds the demo practice once; running it again changes and duplicates nothing."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision, Site

from blog.models import BlogPostPage
from practice.demo_dates import demo_notice
from practice.models import ClinicianPage, HomePage, PracticeSettings
from practice.reports import pages_due_for_review
from therapy_pages.models import TherapyPage

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--no-index", stdout=io.StringIO())


def fresh_demo():
    """The rows a first `seed_demo --no-index` leaves, copied back when this process has seeded
    from the same rows before (tests/demo_snapshot.py; seeding costs seconds). What `seed_demo`
    then does to them is run for real with `seed()`; test_seed_demo_builds_the_practice always
    seeds for real."""
    from tests.demo_snapshot import seed_demo_in_transaction

    seed_demo_in_transaction("--no-index")


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "settings": PracticeSettings.objects.count(),
    }


def test_seed_demo_builds_the_practice(client, root_page):
    seed()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    blair = ClinicianPage.objects.get(slug="dr-cassidy-blair")
    assert (blair.display_name, blair.role, blair.license) == (
        "Dr. Cassidy Blair, Psy.D.",
        "Licensed Clinical Psychologist",
        "PSY 22022",
    )
    practice = PracticeSettings.for_site(site)
    assert practice.phone == "(310) 999-4996"
    assert practice.service_modes == ["in person", "by phone", "by video"]
    assert practice.notice_is_active()
    html = client.get("/").content.decode()
    assert "Blair Wellness Group" in html
    assert 'href="tel:3109994996"' in html
    assert "(310) 999-4996" in html
    assert "COVID" not in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    assert 'href="https://988lifeline.org/"' in html
    for url in ["/about/", "/team/", "/team/dr-cassidy-blair/", "/privacy/", "/accessibility/"]:
        assert client.get(url).status_code == 200, url


def test_running_seed_demo_twice_changes_nothing(root_page):
    fresh_demo()
    before = snapshot()
    seed()
    assert snapshot() == before


def test_seed_demo_keeps_an_admins_later_edits(root_page):
    fresh_demo()
    practice = PracticeSettings.objects.get()
    practice.phone = "310-555-0100"
    practice.save()
    blair = ClinicianPage.objects.get(slug="dr-cassidy-blair")
    blair.role = "Clinical Director"
    blair.save_revision().publish()
    seed()
    assert PracticeSettings.objects.get().phone == "310-555-0100"
    assert ClinicianPage.objects.get(slug="dr-cassidy-blair").role == "Clinical Director"


def test_seed_demo_replaces_wagtails_welcome_page(root_page):
    Page.objects.filter(depth=2).delete()
    welcome = root_page.add_child(
        instance=Page(title="Welcome to your new Wagtail site!", slug="home")
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=welcome, is_default_site=True)
    seed()
    assert not Page.objects.filter(pk=welcome.pk).exists()
    assert isinstance(Site.objects.get().root_page.specific, HomePage)


def test_dev_admin_is_created_once_and_login_details_printed(settings, capsys):
    settings.DEBUG = True
    call_command("ensure_dev_admin")
    call_command("ensure_dev_admin")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("practice-dev")
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert "http://127.0.0.1:8000/admin/" in out and "password: practice-dev" in out
    assert "already there" in out


def test_dev_admin_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("ensure_dev_admin")


# The demo reads as current on whatever day it is seeded


def test_a_fresh_demo_has_no_overdue_review_and_one_coming_up(root_page):
    fresh_demo()
    today = timezone.localdate()
    due = pages_due_for_review(today)
    assert [page.review_status for page in due if page.review_status.startswith("Overdue")] == []
    assert all(page.next_review_due and page.next_review_due > today for page in due)
    # The "Clinical reviews due" report has something to show: one page due within 30 days.
    assert [page.slug for page in due] == ["substance-use"]


def test_a_fresh_demo_lists_only_posts_dated_up_to_today(client, root_page):
    fresh_demo()
    today = timezone.localdate()
    dates = sorted(BlogPostPage.objects.live().values_list("date", flat=True))
    assert len(dates) == 4 and dates[-1] <= today
    assert dates[0] > today - datetime.timedelta(days=365)
    listing = BeautifulSoup(client.get("/blog/").content.decode(), "html.parser")
    shown = [datetime.date.fromisoformat(t["datetime"]) for t in listing.select("main time")]
    assert shown and max(shown) <= today


def test_the_demo_banner_is_current_and_ends_within_weeks(client, root_page):
    fresh_demo()
    practice = PracticeSettings.objects.get()
    today = timezone.localdate()
    assert practice.notice_starts_on <= today <= practice.notice_ends_on
    assert practice.notice_ends_on <= today + datetime.timedelta(days=42)
    assert practice.notice_is_active()
    assert practice.notice_text in client.get("/").content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    "today, text, ends",
    [
        (
            datetime.date(2026, 12, 1),
            "closed Friday, December 25, for Christmas Day.",
            (2026, 12, 25),
        ),
        (
            datetime.date(2026, 12, 26),
            "closed Friday, January 1, for New Year's Day.",
            (2027, 1, 1),
        ),
        (
            datetime.date(2027, 11, 1),
            "closed Thursday, November 25, for Thanksgiving.",
            (2027, 11, 25),
        ),
        (datetime.date(2027, 8, 10), "closed Monday, September 6, for Labor Day.", (2027, 9, 6)),
        (datetime.date(2027, 2, 1), "Now welcoming new clients", (2027, 3, 1)),
    ],
)
def test_the_demo_banner_names_the_next_holiday_closure_or_welcomes_new_clients(today, text, ends):
    notice, starts_on, ends_on = demo_notice(today)
    assert text in notice
    assert (starts_on, ends_on) == (today, datetime.date(*ends))
    assert "COVID" not in notice and "2020" not in notice


# The CBT explainer in American English, also on a database seeded before


OLD_CBT = "/therapies/cognitive-behavioural-therapy/"
NEW_CBT = "/therapies/cognitive-behavioral-therapy/"


def test_the_cbt_page_is_spelled_the_american_way_and_its_old_address_redirects(client, root_page):
    fresh_demo()
    cbt = TherapyPage.objects.get(slug="cognitive-behavioral-therapy")
    assert cbt.title == "Cognitive behavioral therapy (CBT)"
    assert client.get(NEW_CBT).status_code == 200
    response = client.get(OLD_CBT)
    assert (response.status_code, response["Location"]) == (301, NEW_CBT)


def as_seeded_before(client):
    """The CBT page as an earlier demo made it: British title and slug, one revision, no
    redirect."""
    cbt = TherapyPage.objects.get(slug="cognitive-behavioral-therapy")
    cbt.title, cbt.slug = "Cognitive behavioural therapy (CBT)", "cognitive-behavioural-therapy"
    cbt.save()
    Redirect.objects.all().delete()
    assert cbt.revisions.count() == 1
    assert client.get(OLD_CBT).status_code == 200
    return cbt


def test_reseeding_renames_an_untouched_old_cbt_page_and_redirects_its_old_address(
    client, root_page
):
    fresh_demo()
    cbt = as_seeded_before(client)
    pages = Page.objects.count()
    seed()
    assert Page.objects.count() == pages
    renamed = TherapyPage.objects.get(pk=cbt.pk)
    assert (renamed.title, renamed.slug) == (
        "Cognitive behavioral therapy (CBT)",
        "cognitive-behavioral-therapy",
    )
    assert client.get(NEW_CBT).status_code == 200
    response = client.get(OLD_CBT)
    assert (response.status_code, response["Location"]) == (301, NEW_CBT)
    before = snapshot()
    seed()
    assert snapshot() == before


def test_reseeding_leaves_an_old_cbt_page_an_admin_has_edited_and_adds_no_second_one(
    client, root_page
):
    fresh_demo()
    cbt = as_seeded_before(client)
    cbt.summary = "Our own words about CBT."
    cbt.save_revision().publish()
    pages = Page.objects.count()
    seed()
    assert Page.objects.count() == pages
    kept = TherapyPage.objects.get(pk=cbt.pk)
    assert (kept.slug, kept.summary) == (
        "cognitive-behavioural-therapy",
        "Our own words about CBT.",
    )
    assert not TherapyPage.objects.filter(slug="cognitive-behavioral-therapy").exists()
    assert client.get(OLD_CBT).status_code == 200
    assert not Redirect.objects.exists()
