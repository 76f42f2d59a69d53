"""One definition of "public" (live, in the site, under no view restriction on itself or an
ancestor), proven listing by listing: a restricted post and a restricted clinician (and a
restricted therapy and condition) never show their title, summary, name or picture on any page
a visitor reads, whether the restriction is a password on the page itself or a groups
restriction on a section above it; and the same page, once the restriction is removed, does
show there, so each check can fail.

Every check is driven from one table, `LISTINGS`: a public URL and the subjects that page would
show when they were public. `test_every_listing_of_the_site_is_in_the_table` fails when a page
type that lists other pages, or a route of the blog, is missing from it.

The site is built once for the module in a transaction rolled back afterwards; each test runs
in a savepoint inside it, so the restriction a test removes is back for the next one.
"""

import datetime
import json
from contextlib import ExitStack

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from blog.models import BlogIndexPage, RelatedPost
from practice.demo import ensure_tree_roots
from practice.models import IndexPage, PracticeSettings
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ClinicianPageFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
    HomePageFactory,
    ImageFactory,
    StandardPageFactory,
    TeamIndexPageFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db

# Each restricted subject: its marker (in its title, slug, summary and picture's file name) and
# how it is restricted: a password on itself, or a groups restriction on /members/ above it.
SUBJECTS = {
    "post with a password": ("xylophone", "password"),
    "post in a groups-only section": ("yodel", "groups"),
    "clinician with a password": ("zephyr", "password"),
    "clinician in a groups-only section": ("wombat", "groups"),
    "condition with a password": ("quince", "password"),
    "condition in a groups-only section": ("ocelot", "groups"),
    "therapy with a password": ("vellum", "password"),
    "therapy in a groups-only section": ("tundra", "groups"),
}
POSTS = ["post with a password", "post in a groups-only section"]
CLINICIANS = ["clinician with a password", "clinician in a groups-only section"]
CONDITIONS = ["condition with a password", "condition in a groups-only section"]
THERAPIES = ["therapy with a password", "therapy in a groups-only section"]
# Every subject's title has this word, so one search finds them all.
COMMON_WORD = "quokka"

# Every public page that lists other pages, with the subjects it would show were they public.
# A restricted clinician shows on the blog's listings and feeds as the author of public posts
# (the two "authored" posts), on a post as its byline, on explainers as their reviewer.
LISTINGS = [
    ("/", ["post with a password", "clinician in a groups-only section"]),  # featured cards
    ("/blog/", ["post with a password", *CLINICIANS]),
    ("/blog/?page=1", ["post with a password", *CLINICIANS]),
    ("/blog/topic/anxiety/", ["post with a password", *CLINICIANS]),
    ("/blog/condition/anxiety/", ["post with a password", *CLINICIANS]),
    ("/blog/author/dr-plain-public/", ["post with a password"]),
    ("/blog/feed/", ["post with a password", *CLINICIANS]),
    ("/blog/feed/atom/", ["post with a password", *CLINICIANS]),
    # Related posts (ranked), and the conditions and therapies under "Read more".
    ("/blog/viewer-post/", [*POSTS, *CONDITIONS, *THERAPIES]),
    # Related posts pinned by an editor.
    ("/blog/pinning-post/", POSTS),
    # The byline and the JSON-LD author of a public post.
    ("/blog/authored-one/", ["clinician with a password"]),
    ("/blog/authored-two/", ["clinician in a groups-only section"]),
    # Therapies, clinicians, posts about it, the reviewer (line and JSON-LD).
    ("/conditions/anxiety/", [*THERAPIES, *CLINICIANS, *POSTS]),
    ("/therapies/talk-therapy/", [*CONDITIONS, *CLINICIANS, *POSTS]),
    ("/team/dr-plain-public/", [*CONDITIONS, *THERAPIES]),
    ("/team/", ["clinician with a password"]),
    # The team's feed: its people, and the conditions each works with (the finder's concerns).
    ("/team/profiles.json", ["clinician with a password", *CONDITIONS]),
    ("/therapies/", ["therapy with a password"]),
    ("/conditions/", ["condition with a password"]),
    (f"/search/?q={COMMON_WORD}", list(SUBJECTS)),
    ("/sitemap.xml", list(SUBJECTS)),
]

CASES = [
    pytest.param(url, subject, id=f"{url} {subject}")
    for url, subjects in LISTINGS
    for subject in subjects
]


def restrict(page, kind, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=(
            PageViewRestriction.PASSWORD if kind == "password" else PageViewRestriction.GROUPS
        ),
        password="open sesame" if kind == "password" else "",
    )
    if group is not None:
        restriction.groups.add(group)
    return restriction


def picture(marker):
    return ImageFactory(title=f"{marker} picture", file__filename=f"{marker}-picture.jpg")


def build_world():
    root = ensure_tree_roots()
    home = HomePageFactory(parent=root, slug="public-home")
    Site.objects.filter(is_default_site=True).delete()
    site = Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Public"
    )
    practice = PracticeSettings.for_site(site)
    practice.practice_name = "Blair Wellness Group"
    practice.save()

    team = TeamIndexPageFactory(parent=home, slug="team")
    therapies = TherapyIndexPageFactory(parent=home, slug="therapies")
    conditions = ConditionIndexPageFactory(parent=home, slug="conditions")
    blog = BlogIndexPageFactory(parent=home, slug="blog")
    members = StandardPageFactory(parent=home, title="Members area", slug="members")
    members_team = TeamIndexPageFactory(parent=members, title="Staff", slug="staff")
    members_therapies = TherapyIndexPageFactory(parent=members, slug="therapies")
    members_conditions = ConditionIndexPageFactory(parent=members, slug="conditions")
    members_blog = BlogIndexPageFactory(parent=members, title="Staff notes", slug="notes")
    parents = {
        ("clinician", "password"): team,
        ("clinician", "groups"): members_team,
        ("condition", "password"): conditions,
        ("condition", "groups"): members_conditions,
        ("therapy", "password"): therapies,
        ("therapy", "groups"): members_therapies,
        ("post", "password"): blog,
        ("post", "groups"): members_blog,
    }

    def title(marker, what):
        return f"{marker.capitalize()} {COMMON_WORD} {what}"

    pages = {}
    for name in CONDITIONS:
        marker, kind = SUBJECTS[name]
        pages[name] = ConditionPageFactory(
            parent=parents["condition", kind],
            title=title(marker, "condition"),
            slug=f"{marker}-condition",
            summary=f"{marker} condition summary.",
        )
    anxiety = ConditionPageFactory(parent=conditions, title="Anxiety", slug="anxiety")
    for name in THERAPIES:
        marker, kind = SUBJECTS[name]
        pages[name] = TherapyPageFactory(
            parent=parents["therapy", kind],
            title=title(marker, "therapy"),
            slug=f"{marker}-therapy",
            summary=f"{marker} therapy summary.",
            conditions=[anxiety],
        )
    for name in CLINICIANS:
        marker, kind = SUBJECTS[name]
        pages[name] = ClinicianPageFactory(
            parent=parents["clinician", kind],
            title=f"Dr. {marker.capitalize()} {COMMON_WORD}",
            slug=f"dr-{marker}",
            summary=f"{marker} clinician summary.",
            photo=picture(marker),
            conditions=[anxiety],
        )
    plain = ClinicianPageFactory(
        parent=team,
        title="Dr. Plain Public",
        slug="dr-plain-public",
        conditions=[pages[name] for name in CONDITIONS],
        therapies=[pages[name] for name in THERAPIES],
    )
    talk = TherapyPageFactory(
        parent=therapies,
        title="Talk therapy",
        slug="talk-therapy",
        conditions=[pages[name] for name in CONDITIONS],
        reviewed_by=pages["clinician in a groups-only section"],
        last_reviewed=datetime.date(2026, 9, 1),
    )
    anxiety.reviewed_by = pages["clinician with a password"]
    anxiety.last_reviewed = datetime.date(2026, 9, 1)
    anxiety.save()
    for name in CLINICIANS:
        pages[name].therapies.set([talk])
        pages[name].save()

    def post(parent, slug, day, **kwargs):
        kwargs.setdefault("author", plain)
        kwargs.setdefault("related_conditions", [anxiety])
        kwargs.setdefault("related_therapies", [talk])
        kwargs.setdefault("topics", ["anxiety"])
        return BlogPostPageFactory(
            parent=parent, slug=slug, date=datetime.date(2026, 3, day), **kwargs
        )

    # The newest posts are the restricted ones, so that every "latest three" would show them.
    for day, name in zip((10, 9), POSTS, strict=True):
        marker, kind = SUBJECTS[name]
        pages[name] = post(
            parents["post", kind],
            f"{marker}-post",
            day,
            title=title(marker, "post"),
            summary=f"{marker} post summary.",
            hero_image=picture(marker),
            topics=["anxiety", "sleep", marker],
        )
    post(blog, "authored-one", 8, title="Authored one", author=pages[CLINICIANS[0]])
    post(blog, "authored-two", 7, title="Authored two", author=pages[CLINICIANS[1]])
    post(blog, "everyday-post", 2, title="Everyday post")
    post(
        blog,
        "viewer-post",
        1,
        title="Viewer post",
        topics=["anxiety", "sleep"],
        related_conditions=[anxiety, *(pages[name] for name in CONDITIONS)],
        related_therapies=[talk, *(pages[name] for name in THERAPIES)],
    )
    pinning = post(blog, "pinning-post", 1, title="Pinning post", topics=[])
    for order, name in enumerate(POSTS):
        RelatedPost.objects.create(page=pinning, post=pages[name], sort_order=order)

    home.featured_links = [
        ("link", {"heading": "", "page": pages[name], "external_url": "", "text": ""})
        for name in ("post with a password", "clinician in a groups-only section")
    ] + [("link", {"heading": "", "page": talk, "external_url": "", "text": "Talking helps."})]
    home.save()

    staff = Group.objects.create(name="Members area readers")
    restrictions = {"groups": restrict(members, "groups", staff).pk}
    for name, (_, kind) in SUBJECTS.items():
        if kind == "password":
            restrictions[name] = restrict(pages[name], "password").pk
    return {"pages": pages, "restrictions": restrictions, "blog": blog, "members": members}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with ExitStack() as outer:
        with django_db_blocker.unblock():
            outer.enter_context(transaction.atomic())
            built = build_world()
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.close()
    cache.clear()


@pytest.fixture(autouse=True)
def fresh(settings, world):
    # What is measured is the listing, not the full-page cache (tested on its own).
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()


def unrestrict(world, subject):
    _, kind = SUBJECTS[subject]
    # By id: a deleted instance forgets its id, and the row is back after each test.
    restriction_id = world["restrictions"]["groups" if kind == "groups" else subject]
    PageViewRestriction.objects.get(pk=restriction_id).delete()
    cache.clear()


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode().lower()


@pytest.mark.parametrize(("url", "subject"), CASES)
def test_a_restricted_page_is_never_listed_and_shows_once_public(client, world, url, subject):
    marker, _ = SUBJECTS[subject]
    assert marker not in text_of(client.get(url)), f"{subject} shows on {url} while restricted"
    unrestrict(world, subject)
    assert marker in text_of(client.get(url)), f"{subject} is missing from {url} once public"


@pytest.mark.parametrize(
    ("url", "subject"),
    [
        ("/blog/author/dr-zephyr/", "clinician with a password"),
        ("/blog/condition/quince-condition/", "condition with a password"),
        # A topic only the restricted post has.
        ("/blog/topic/xylophone/", "post with a password"),
    ],
)
def test_a_blog_filter_on_a_restricted_page_is_a_404_until_it_is_public(
    client, world, url, subject
):
    assert client.get(url).status_code == 404
    unrestrict(world, subject)
    assert client.get(url).status_code == 200


def json_ld(html):
    blocks = BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")
    return {obj["@type"]: obj for obj in (json.loads(block.string) for block in blocks)}


@pytest.mark.parametrize(
    ("url", "kind", "key", "subject"),
    [
        ("/blog/authored-one/", "BlogPosting", "author", "clinician with a password"),
        ("/blog/authored-two/", "BlogPosting", "author", "clinician in a groups-only section"),
        ("/conditions/anxiety/", "MedicalWebPage", "reviewedBy", "clinician with a password"),
        (
            "/therapies/talk-therapy/",
            "MedicalWebPage",
            "reviewedBy",
            "clinician in a groups-only section",
        ),
    ],
)
def test_structured_data_names_an_author_or_reviewer_only_when_public(
    client, world, url, kind, key, subject
):
    data = json_ld(client.get(url).content.decode())
    assert key not in data[kind]
    unrestrict(world, subject)
    data = json_ld(client.get(url).content.decode())
    assert SUBJECTS[subject][0] in data[kind][key]["name"].lower()


def test_a_review_line_with_a_restricted_reviewer_keeps_the_date_without_the_name(client, world):
    html = client.get("/conditions/anxiety/").content.decode()
    line = BeautifulSoup(html, "html.parser").find(class_="review-line").get_text(" ", strip=True)
    assert " ".join(line.split()).startswith("Clinically reviewed on September 1, 2026")


def test_a_restricted_page_itself_still_asks_for_its_password(client, world):
    for url in ["/blog/xylophone-post/", "/team/dr-zephyr/"]:
        html = client.get(url).content.decode()
        assert 'name="password"' in html and "summary." not in html


def test_every_listing_of_the_site_is_in_the_table(world):
    """A page type that lists other pages (an index page, a page with related pages, the home
    page's cards) or a route of the blog that no row of `LISTINGS` visits fails here: add the
    new listing to the table."""
    urls = [url.split("?")[0] for url, _ in LISTINGS]
    pages = {page.url: page for page in Page.objects.live().specific() if page.url}
    visited = set()
    for url in urls:
        # The page serving the URL: the one whose URL is the longest prefix of it.
        owner = max((u for u in pages if url.startswith(u)), key=len, default=None)
        if owner is not None:
            visited.add(type(pages[owner]).__name__)
    listing_types = {
        model.__name__
        for model in get_page_models()
        if issubclass(model, IndexPage) or getattr(model, "serve_related_pages", ())
    } | {"HomePage"}
    assert listing_types - visited == set(), "add these page types' URLs to LISTINGS"

    resolver = BlogIndexPage.get_resolver()
    # RoutablePageMixin's own "index_route" is answered by the blog's "latest" at the same path.
    routes = {pattern.name for pattern in resolver.url_patterns if pattern.name} - {"index_route"}
    blog_url = world["blog"].url
    visited_routes = set()
    for url in urls:
        if url.startswith(blog_url):
            try:
                visited_routes.add(resolver.resolve("/" + url[len(blog_url) :]).url_name)
            except Resolver404:  # a post, not one of the blog's routes
                continue
    assert routes - visited_routes == set(), "add these blog routes' URLs to LISTINGS"
    assert {"/search/", "/sitemap.xml"} <= set(urls)


@pytest.mark.parametrize("url", ["/", "/blog/", "/team/dr-plain-public/", "/search/?q=x", "/nope/"])
def test_the_menu_and_footer_never_name_a_restricted_page(client, world, url):
    """The main menu (a top-level page marked "show in menus") and the footer's page links are
    listings too: a restricted page is left out of both on every page, routed or not (search, a
    404), and shows there once public."""
    members, post = world["members"], world["pages"]["post with a password"]
    Page.objects.filter(pk=members.pk).update(show_in_menus=True)
    practice = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    practice.footer_links = [("link", {"heading": "Our news", "page": post, "external_url": ""})]
    practice.save()
    cache.clear()

    def names(html):
        soup = BeautifulSoup(html, "html.parser")
        menu = soup.find("nav", class_="main-nav")
        footer = soup.find("footer")
        return (menu.get_text(" ") if menu else "") + (footer.get_text(" ") if footer else "")

    page = client.get(url)
    assert page.status_code in (200, 404)
    assert "Members area" not in names(page.content.decode())
    assert "Our news" not in names(page.content.decode())
    assert "xylophone" not in page.content.decode().lower()

    unrestrict(world, "post with a password")
    PageViewRestriction.objects.get(pk=world["restrictions"]["groups"]).delete()
    cache.clear()
    shown = names(client.get(url).content.decode())
    assert "Members area" in shown and "Our news" in shown
