"""`seed_demo` builds the demo practice once; running it again changes and duplicates nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from practice.models import ClinicianPage, HomePage, PracticeSettings

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--no-index", stdout=io.StringIO())


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
    assert (blair.display_name, blair.role, blair.licence) == (
        "Dr. Cassidy Blair, Psy.D.",
        "Licensed Clinical Psychologist",
        "PSY 22022",
    )
    practice = PracticeSettings.for_site(site)
    assert practice.phone == "310-999-4996"
    assert practice.service_modes == ["in person", "by phone", "by video"]
    assert practice.notice_is_active()
    html = client.get("/").content.decode()
    assert "Blair Wellness Group" in html
    assert 'href="tel:3109994996"' in html
    assert "COVID-19" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    for url in ["/about/", "/team/", "/team/dr-cassidy-blair/", "/privacy/", "/accessibility/"]:
        assert client.get(url).status_code == 200, url


def test_running_seed_demo_twice_changes_nothing(root_page):
    seed()
    before = snapshot()
    seed()
    assert snapshot() == before


def test_seed_demo_keeps_an_admins_later_edits(root_page):
    seed()
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
