"""Page URLs kept per process (practice.models.page_urls): the same URLs Wagtail gives, never an
old one after a page is renamed or moved or a site changes, and no second reverse per page."""

import pytest
from django.test import Client, RequestFactory
from wagtail.models import Page, Site

from practice.models import page_urls
from practice.models.preload import preload_site
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hosts(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver", ".example"]


def site_request(host="localhost"):
    request = RequestFactory().get("/", HTTP_HOST=host)
    preload_site(request)
    return request


@pytest.fixture
def about(home_page):
    page = StandardPageFactory(parent=home_page, title="About", slug="about", show_in_menus=True)
    page.save_revision().publish()
    return page


@pytest.fixture
def other_site(root_page):
    from tests.factories import HomePageFactory

    other = HomePageFactory(parent=root_page, title="Other home", slug="other-home")
    Site.objects.create(hostname="other.example", port=80, root_page=other, site_name="Other")
    return other


def wagtails_url(page, request):
    """What Wagtail itself answers, with a fresh request (nothing kept)."""
    fresh = RequestFactory().get("/", HTTP_HOST=request.get_host())
    return Page.get_url(page, request=fresh)


def test_the_kept_urls_are_wagtails_for_pages_of_every_type(home_page, about, other_site):
    page_urls.clear()
    elsewhere = StandardPageFactory(parent=other_site, title="Elsewhere", slug="elsewhere")
    for host in ("localhost", "other.example"):
        request = site_request(host)
        for page in (home_page, about, elsewhere, Page.objects.get(pk=about.pk)):
            assert page_urls.page_url(page, request) == wagtails_url(page, request), (host, page)
            assert page.get_url(request=request) == wagtails_url(page, request), (host, page)
    # The local URL in its own site, the full URL from the other one.
    assert page_urls.page_url(elsewhere, site_request("other.example")) == "/elsewhere/"
    assert (
        page_urls.page_url(elsewhere, site_request("localhost"))
        == "http://other.example/elsewhere/"
    )


def test_a_page_url_is_reversed_once_and_then_kept(home_page, about, monkeypatch):
    page_urls.clear()
    from wagtail.models import pages as wagtail_pages

    reversed_paths = []
    original = wagtail_pages.reverse

    def counted(name, *args, **kwargs):
        reversed_paths.append(kwargs.get("args"))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(wagtail_pages, "reverse", counted)
    plain = Page.objects.get(pk=about.pk)
    for _ in range(3):
        request = site_request()
        assert about.get_url(request=request) == "/about/"
        assert page_urls.page_url(plain, request) == "/about/"
    assert reversed_paths == [("about/",)]


def test_a_renamed_page_and_a_changed_site_show_their_new_urls_at_once(home_page, about, site):
    page_urls.clear()
    client = Client()
    assert 'href="/about/"' in client.get("/").content.decode()  # the main menu
    about.slug = "who-we-are"
    about.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'href="/who-we-are/"' in html and 'href="/about/"' not in html
    assert page_urls.page_url(Page.objects.get(pk=about.pk), site_request()) == "/who-we-are/"

    about.refresh_from_db()
    assert about.get_full_url(site_request()) == "http://localhost/who-we-are/"
    site.hostname = "first.example"
    site.save()
    request = site_request("first.example")
    assert about.get_full_url(request) == "http://first.example/who-we-are/"
    assert page_urls.page_url(about, request) == wagtails_url(about, request) == "/who-we-are/"
    Site.objects.create(hostname="second.example", port=80, root_page=home_page, site_name="2")
    request = site_request("second.example")
    assert page_urls.page_url(about, request) == wagtails_url(about, request)
