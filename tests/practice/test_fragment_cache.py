"""The parts of a page that are the same on every page (the footer, the call to action) are
rendered once per process and reused until anything changes (practice.fragment_cache); what a
visitor reads is always what a fresh render shows.

Invalidation runs on transaction commit, so the changes below run inside `with committed()`.
"""

import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory

from practice import fragment_cache
from practice.models import PracticeSettings
from practice.page_cache import forget_generation
from tests.factories import ContactPageFactory, StandardPageFactory
from tests.page_cache_helpers import committed_block, run_pending_invalidations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    fragment_cache.clear()
    forget_generation()
    yield
    fragment_cache.clear()
    forget_generation()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return committed_block(django_capture_on_commit_callbacks)


@pytest.fixture
def about(home_page, practice_settings):
    page = StandardPageFactory(parent=home_page, title="About the practice", slug="about")
    page.save_revision().publish()
    return page


def part(client, url, selector):
    run_pending_invalidations()
    response = client.get(url)
    assert response.status_code == 200, url
    found = BeautifulSoup(response.content.decode(), "html.parser").select_one(selector)
    return found.get_text(" ", strip=True) if found else ""


def change_without_telling(**fields):
    """Change the practice's settings behind the cache's back (no signal, no invalidation): what
    the page then shows tells whether the fragment was rendered again."""
    PracticeSettings.objects.update(**fields)


def test_the_footer_and_the_call_to_action_are_rendered_once_until_a_setting_is_saved(
    client, about, practice_settings, committed
):
    assert "Looking for a local psychologist?" in part(client, "/about/", ".cta")
    change_without_telling(cta_heading="Unseen heading", address_note="Unseen note")
    assert "Looking for a local psychologist?" in part(client, "/about/", ".cta")
    assert "Unseen note" not in part(client, "/about/", "footer")

    with committed():
        practice_settings.refresh_from_db()
        practice_settings.cta_heading = "Ready to talk?"
        practice_settings.address_note = "Parking behind the building."
        practice_settings.save()
    assert "Ready to talk?" in part(client, "/about/", ".cta")
    assert "Parking behind the building." in part(client, "/about/", "footer")


def test_a_publish_renders_them_again(client, about, practice_settings, committed):
    practice_settings.footer_links = [("link", {"heading": "", "page": about, "external_url": ""})]
    with committed():
        practice_settings.save()
    assert "About the practice" in part(client, "/", "footer")

    with committed():
        about.title = "Who we are"
        about.save_revision().publish()
    footer = part(client, "/", "footer")
    assert "Who we are" in footer
    assert "About the practice" not in footer


def test_with_the_fragment_cache_off_every_render_is_fresh(client, about, settings):
    settings.FRAGMENT_CACHE_ENABLED = False
    part(client, "/about/", ".cta")
    change_without_telling(cta_heading="Seen at once")
    assert "Seen at once" in part(client, "/about/", ".cta")


def test_the_contact_page_has_a_call_to_action_of_its_own(client, home_page, about):
    ContactPageFactory(parent=home_page, title="Request a consultation", slug="contact")
    for _ in range(2):  # the second time from the store
        assert "Request a consultation" in part(client, "/about/", ".cta__actions")
        # No link from the contact page to itself.
        assert "Request a consultation" not in part(client, "/contact/", ".cta__actions")


def test_the_header_marks_the_section_of_each_page_and_never_keeps_a_search(
    client, home_page, about, practice_settings
):
    from blog.models import BlogIndexPage
    from tests.factories import BlogPostPageFactory

    about.show_in_menus = True
    about.save_revision().publish()
    blog = BlogIndexPage(title="Blog", slug="blog", show_in_menus=True)
    home_page.add_child(instance=blog)
    post = BlogPostPageFactory(parent=blog, title="Naming a feeling", slug="naming")

    def marked(url):
        run_pending_invalidations()
        html = client.get(url).content.decode()
        nav = BeautifulSoup(html, "html.parser").select_one(".main-nav")
        return [(a.get_text(), a.get("aria-current")) for a in nav.select("a")]

    for _ in range(2):  # the second time from the store
        assert marked("/") == [("About the practice", None), ("Blog", None)]
        assert marked("/about/") == [("About the practice", "page"), ("Blog", None)]
        assert marked("/blog/") == [("About the practice", None), ("Blog", "page")]
        assert marked(post.url) == [("About the practice", None), ("Blog", "true")]
    html = client.get("/search/", {"q": "grief and loss"}).content.decode()
    assert 'value="grief and loss"' in html
    assert not [key for key in fragment_cache._store if "grief" in repr(key)]
    assert len([key for key in fragment_cache._store if key[0] == "header"]) == 4


# --- The sites and their settings, kept the same way (practice.models.sites `kept_sites`) -------


def test_the_sites_and_settings_are_read_once_until_a_setting_is_saved(
    client, about, practice_settings, committed, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sites_queries(url):
        run_pending_invalidations()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        # The planned query's EXECUTE, or the ORM's own (not a PREPARE, which reads nothing).
        read = [q for q in queries if q["sql"].startswith("EXECUTE practice_sites_and_settings")]
        read += [
            q for q in queries if q["sql"].startswith("SELECT") and '"wagtailcore_site"' in q["sql"]
        ]
        return html, len(read)

    html, read = sites_queries("/about/")
    assert read == 1 and "Blair Wellness Group" in html
    change_without_telling(practice_name="Unseen name")
    html, read = sites_queries("/")
    assert read == 0 and "Blair Wellness Group" in html  # kept: nothing told it of the change

    with committed():
        practice_settings.refresh_from_db()
        practice_settings.practice_name = "Silver Lake Therapy"
        practice_settings.save()
    html, read = sites_queries("/about/")
    assert read == 1 and "Silver Lake Therapy" in html
    html, read = sites_queries("/about/")
    assert read == 0 and "Silver Lake Therapy" in html


def test_the_menu_is_read_once_until_a_publish_or_a_restriction_changes_it(
    client, home_page, about, practice_settings, committed
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import PageViewRestriction

    with committed():
        about.show_in_menus = True
        about.save_revision().publish()

    def menu(url="/"):
        run_pending_invalidations()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        layout_reads = [q for q in queries if q["sql"].startswith("EXECUTE practice_layout")]
        nav = BeautifulSoup(html, "html.parser").select_one(".main-nav")
        return [a.get_text() for a in nav.select("a")] if nav else [], len(layout_reads)

    assert menu("/") == (["About the practice"], 1)
    assert menu("/about/") == (["About the practice"], 0)  # kept: routing read the path only
    with committed():
        fees = StandardPageFactory(parent=home_page, title="Fees", slug="fees", show_in_menus=True)
        fees.save_revision().publish()
    assert menu("/about/") == (["About the practice", "Fees"], 1)
    with committed():
        PageViewRestriction.objects.create(
            page=fees, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert menu("/") == (["About the practice"], 1)  # a restricted page is never in it
    assert menu("/about/") == (["About the practice"], 0)


def test_each_request_gets_its_own_sites_and_settings(site, practice_settings):
    from wagtail.models import Site

    from practice.models.preload import preload_site

    requests = [RequestFactory().get("/", HTTP_HOST="localhost") for _ in range(2)]
    for request in requests:
        preload_site(request)
    first, second = (Site.find_for_request(request) for request in requests)
    assert first == second and first is not second
    assert first.root_page is not second.root_page
    settings_of = [PracticeSettings.for_request(request) for request in requests]
    assert settings_of[0] is not settings_of[1]
    assert [setting._request for setting in settings_of] == requests
    first.root_page = first.root_page.specific  # what routing does to its own copy
    assert type(second.root_page).__name__ == "Page"
    requests.append(RequestFactory().get("/", HTTP_HOST="localhost"))
    preload_site(requests[2])
    assert type(Site.find_for_request(requests[2]).root_page).__name__ == "Page"


def test_a_post_or_a_preview_reads_the_sites_again(site, practice_settings):
    from practice.models.preload import preload_site

    preload_site(RequestFactory().get("/", HTTP_HOST="localhost"))
    change_without_telling(practice_name="Read again")
    post = RequestFactory().post("/", HTTP_HOST="localhost")
    preview = RequestFactory().get("/", HTTP_HOST="localhost")
    preview.is_preview = True
    for request in (post, preview):
        preload_site(request)
        assert PracticeSettings.for_request(request).practice_name == "Read again"


# --- When a stored fragment is used ------------------------------------------------------------


class Renders:
    """A fragment's render function that counts its calls."""

    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return f"<p>render {self.count}</p>"


@pytest.fixture
def site(home_page):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


def fragment(request, site, render, name="footer", vary=()):
    return fragment_cache.fragment(request, site, name, vary, render)


def test_a_fragment_is_stored_per_site_name_and_variant(site):
    render = Renders()
    get = RequestFactory().get("/")
    assert fragment(get, site, render) == "<p>render 1</p>"
    assert fragment(RequestFactory().get("/other/"), site, render) == "<p>render 1</p>"
    assert fragment(get, site, render, vary=("6",)) == "<p>render 2</p>"
    assert fragment(get, site, render, name="call_to_action") == "<p>render 3</p>"
    other_site = mock.Mock(pk=site.pk + 1)
    assert fragment(get, other_site, render) == "<p>render 4</p>"
    assert render.count == 4


@pytest.mark.parametrize(
    "make_request",
    [
        pytest.param(lambda: RequestFactory().post("/"), id="a POST"),
        pytest.param(lambda: _preview(), id="a preview"),
        pytest.param(lambda: None, id="no request"),
    ],
)
def test_a_fragment_is_never_stored_or_reused_for(make_request, site):
    render = Renders()
    fragment(RequestFactory().get("/"), site, render)
    assert fragment(make_request(), site, render) == "<p>render 2</p>"
    assert fragment(make_request(), site, render) == "<p>render 3</p>"
    assert fragment(RequestFactory().get("/"), site, render) == "<p>render 1</p>"


def _preview():
    request = RequestFactory().get("/")
    request.is_preview = True
    return request


def test_a_fragment_is_rendered_again_once_the_generation_moves(site, committed):
    from practice.page_cache import invalidate

    render = Renders()
    fragment(RequestFactory().get("/"), site, render)
    with committed():
        invalidate("a test")
    assert fragment(RequestFactory().get("/"), site, render) == "<p>render 2</p>"
    assert fragment(RequestFactory().get("/"), site, render) == "<p>render 2</p>"


def test_one_request_uses_the_generation_read_before_its_page_was_rendered(site, committed):
    """A change committed while a page renders leaves that page's fragments older than the
    generation: the next request renders them again."""
    from practice.page_cache import GENERATION_ATTR, current_generation, invalidate

    request = RequestFactory().get("/")
    setattr(request, GENERATION_ATTR, current_generation())
    with committed():
        invalidate("committed during the render")
    render = Renders()
    fragment(request, site, render)
    assert fragment(RequestFactory().get("/"), site, render) == "<p>render 2</p>"


def test_a_change_committed_while_an_editor_s_page_renders_shows_on_the_next_page(
    client, about, practice_settings, admin_user, committed
):
    """An editor's request never passes through the page cache, yet its fragments carry the
    generation read before its page was rendered, not after."""
    from practice.templatetags import practice_tags

    read_layout = practice_tags.layout_pages
    changed = []

    def layout_then_a_change(request):
        layout = read_layout(request)
        if not changed:  # the page read its settings already: it shows the old note
            changed.append(True)
            with committed():
                PracticeSettings.objects.filter(pk=practice_settings.pk).update(
                    address_note="Parking behind the building."
                )
                practice_settings.refresh_from_db()
                practice_settings.save()
        return layout

    editor = Client()
    editor.force_login(admin_user)
    with mock.patch.object(practice_tags, "layout_pages", layout_then_a_change):
        assert "Parking behind" not in part(editor, "/about/", "footer")
    assert changed
    assert "Parking behind the building." in part(client, "/about/", "footer")


def test_a_fragment_expires_and_a_new_year_renders_it_again(site, settings):
    import datetime

    render = Renders()
    fragment(RequestFactory().get("/"), site, render)
    with mock.patch("practice.fragment_cache.timezone.localdate") as today:
        today.return_value = datetime.date(2099, 1, 1)
        assert fragment(RequestFactory().get("/"), site, render) == "<p>render 2</p>"
    later = fragment_cache.time.monotonic() + settings.PAGE_CACHE_SECONDS + 1
    with mock.patch("practice.fragment_cache.time.monotonic", return_value=later):
        assert fragment(RequestFactory().get("/"), site, render) == "<p>render 3</p>"


def test_the_store_is_bounded(site, monkeypatch):
    monkeypatch.setattr(fragment_cache, "MAX_ENTRIES", 3)
    render = Renders()
    for number in range(10):
        fragment(RequestFactory().get("/"), site, render, vary=(str(number),))
    assert len(fragment_cache._store) <= 3


# --- The whole demo ------------------------------------------------------------------------------

PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
]


def normalised(html):
    for pattern, replacement in PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


def test_every_demo_page_reads_as_a_fresh_render_whoever_filled_the_store(
    demo, settings, admin_user
):
    """Fragments stored while an editor browsed the site are the very bytes an anonymous
    visitor's fresh render shows, on every page the publish load test reads."""
    from tests.practice.test_page_cache_changes import demo_urls

    urls, _ = demo_urls()
    editor = Client()
    editor.force_login(admin_user)
    for url in urls:
        assert editor.get(url).status_code == 200, url
    assert fragment_cache._store, "the editor's renders stored no fragment"

    visitor = Client()
    for url in urls:
        stored = normalised(visitor.get(url).content.decode())
        settings.FRAGMENT_CACHE_ENABLED = False
        fresh = normalised(visitor.get(url).content.decode())
        settings.FRAGMENT_CACHE_ENABLED = True
        assert stored == fresh, url
