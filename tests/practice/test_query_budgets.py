"""Query budgets: every public page is served in at most ten database queries with nothing cached
between requests, and in the same number on a small site (a dozen posts and comments) as on a
large one (a thousand posts, a thousand comments on the post shown, ten times the clinicians,
conditions and therapies). Settings, the menu and the pictures' renditions are read once per
request, never once per item.

Both sites are built once for the module, side by side in the test database (a site per host
name), in a transaction rolled back afterwards. Making a thousand posts page by page would take
minutes, so most posts are written in bulk (`add_posts`, with devtools.bulk).
"""

import datetime
from contextlib import ExitStack

import pytest
from django.core.cache import cache
from django.db import transaction
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from blog.models import BlogPostPage, BlogPostTag, BlogSettings, Comment
from devtools.bulk import publish_children
from practice.demo import ensure_tree_roots
from practice.models import OfficeLocation, PracticeSettings, SessionFee
from practice.query_plans import statement_sql
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ClinicianPageFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
    ContactPageFactory,
    FeesPageFactory,
    HomePageFactory,
    ImageFactory,
    PopulationFactory,
    StandardPageFactory,
    TeamIndexPageFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 10
# Per site: its host name, then how many posts, comments on the post measured, clinicians,
# conditions and therapies it has. A dozen posts, so that the blog has a second page.
SITES = {
    "small": {"host": "testserver", "posts": 12, "comments": 12, "people": 3, "topics": 4},
    "large": {"host": "127.0.0.1", "posts": 1000, "comments": 1000, "people": 12, "topics": 40},
}
START = datetime.date(2024, 1, 1)

CITATION = {
    "key": "shedler-2010",
    "authors": "Shedler, J.",
    "title": "The efficacy of psychodynamic psychotherapy",
    "source": "American Psychologist",
    "year": 2010,
    "doi": "10.1037/a0018378",
    "pmid": "",
    "url": "",
}


def figure(image):
    return ("image", {"image": image, "caption": "A calm room", "attribution": ""})


def evidence():
    return (
        "evidence",
        {
            "heading": "What the research says",
            "text": "<p>Benefits last after therapy ends [@shedler-2010].</p>",
            "citations": [CITATION],
        },
    )


def add_posts(blog_index, count, people, images, tags, conditions, therapies):
    """`count` live posts under `blog_index`, written in bulk as publishing would leave them
    (devtools.bulk, shared with `seed_scale`), then added to the search index all at once."""
    posts = []
    for n in range(count):
        post = BlogPostPage(
            title=f"Sleep and anxiety, part {n}",
            slug=f"post-{n:04d}",
            author=people[n % len(people)],
            date=START + datetime.timedelta(days=n),
            summary="How worry keeps people awake, and what helps with anxiety at night.",
            hero_image=images[n % len(images)],
            body=[("paragraph", "<p>Some words about sleep and anxiety.</p>")],
            related_conditions=[conditions[n % len(conditions)]],
            related_therapies=[therapies[n % len(therapies)]],
        )
        post.tagged_items = [BlogPostTag(tag=tags[n % len(tags)])]
        posts.append(post)
    publish_children(blog_index, posts)
    get_search_backend().add_bulk(BlogPostPage, posts)


def build_site(name, spec, images, tags):
    """A whole practice site under its own home page and host name."""
    root = ensure_tree_roots()
    home = HomePageFactory(parent=root, slug=f"budget-{name}", hero_heading="Therapy that helps")
    site = Site.objects.create(
        hostname=spec["host"], port=80, root_page=home, site_name=f"Budget {name}"
    )
    about = StandardPageFactory(
        parent=home,
        title="About us",
        slug="about",
        show_in_menus=True,
        body=[("paragraph", "<p>Who we are.</p>"), figure(images[0])],
    )
    privacy = StandardPageFactory(parent=home, title="Privacy", slug="privacy")
    contact = ContactPageFactory(parent=home, show_in_menus=True)
    FeesPageFactory(  # summarised on the contact page (not in the menu: "Fees" below)
        parent=home,
        session_fees=[SessionFee(session_type=f"Session type {n}", fee=100 + n) for n in range(6)],
        in_network_plans=[("plan", "Aetna")],
        superbills_offered=True,
    )
    team = TeamIndexPageFactory(parent=home, show_in_menus=True)
    people = [
        ClinicianPageFactory(
            parent=team,
            title=f"Dr. Ada Lovell {n}",
            slug=f"dr-ada-{n}-{name}",
            photo=images[n % len(images)],
        )
        for n in range(spec["people"])
    ]
    condition_index = ConditionIndexPageFactory(parent=home, show_in_menus=True)
    conditions = [
        ConditionPageFactory(
            parent=condition_index,
            title=f"Anxiety {n:02d}",
            slug=f"anxiety-{n}-{name}",
            reviewed_by=people[0],
            last_reviewed=datetime.date(2026, 1, 15),
            body=[
                ("signs", {"heading": "Common signs", "intro": "", "items": ["Worry"]}),
                figure(images[1]),
                ("seek_help", {"heading": "When to seek help now", "text": "<p>Call 988.</p>"}),
                evidence(),
            ],
        )
        for n in range(spec["topics"])
    ]
    populations = [PopulationFactory(name=f"Budget {name} group {n}") for n in range(3)]
    therapy_index = TherapyIndexPageFactory(parent=home, show_in_menus=True)
    therapies = [
        TherapyPageFactory(
            parent=therapy_index,
            title=f"Therapy {n:02d}",
            slug=f"therapy-{n}-{name}",
            conditions=conditions,
            populations=populations,
            reviewed_by=people[0],
            last_reviewed=datetime.date(2026, 1, 15),
            body=[
                (
                    "who_it_helps",
                    {"populations_intro": "", "helps_you": [], "conditions_intro": ""},
                ),
                ("paragraph", "<p>How it works [@shedler-2010].</p>"),
                figure(images[2]),
                evidence(),
            ],
        )
        for n in range(max(3, spec["topics"] // 4))
    ]
    for person in people:
        person.conditions.set(conditions)
        person.therapies.set(therapies)
        person.save()
    home.hero_cta_page, home.hero_cta_text = contact, "Request a consultation"
    home.featured_links = [
        ("link", {"heading": "", "page": therapy_index, "external_url": "", "text": "What helps."}),
        ("link", {"heading": "", "page": condition_index, "external_url": "", "text": "A to Z."}),
    ]
    home.save()

    practice = PracticeSettings.for_site(site)
    practice.practice_name = "Blair Wellness Group"
    practice.phone = "310-999-4996"
    practice.opening_hours = [
        ("hours", {"days": ["monday", "friday"], "opens": "08:00", "closes": "21:00"})
    ]
    practice.cta_heading = "Looking for a local psychologist?"
    practice.crisis_text = '<p>In a crisis, call or text <a href="tel:988">988</a>.</p>'
    practice.footer_links = [
        ("link", {"heading": "", "page": privacy, "external_url": ""}),
        ("link", {"heading": "Who we are", "page": about, "external_url": ""}),
        ("link", {"heading": "Directory", "page": None, "external_url": "https://example.com/"}),
    ]
    practice.social_links = [("social", {"platform": "instagram", "url": "https://example.com/"})]
    practice.save()
    BlogSettings.for_site(site)

    blog_index = BlogIndexPageFactory(parent=home, show_in_menus=True)
    add_posts(blog_index, spec["posts"] - 1, people, images, tags, conditions, therapies)
    blog_index.refresh_from_db()
    post = BlogPostPageFactory(
        parent=blog_index,
        title="Anxiety at work: what helps",
        slug="measured-post",
        date=START + datetime.timedelta(days=spec["posts"]),
        author=people[0],
        hero_image=images[0],
        summary="What helps with anxiety at work.",
        body=[
            ("paragraph", "<p>Worry at work is common [@shedler-2010].</p>"),
            figure(images[1]),
            evidence(),
            ("call_to_action", {"heading": "", "text": ""}),
        ],
        related_conditions=conditions[:2],
        related_therapies=therapies[:2],
        topics=tags[:2],
    )
    Comment.objects.bulk_create(
        Comment(
            post=post, name=f"Reader {n}", email="r@example.com", body="Thanks.", status="approved"
        )
        for n in range(spec["comments"])
    )
    Comment.objects.create(post=post, name="Waiting", email="w@example.com", body="Pending.")
    SearchPromotion.objects.create(
        query=Query.get("anxiety"), page=conditions[0], sort_order=0, description="Start here."
    )
    return {"site": site, "home": home, "host": spec["host"], "post": post}


# The pages measured: URL (with {s}: the site's name) and words every response must contain.
PAGES = [
    pytest.param("/", "Therapy that helps", id="home"),
    pytest.param("/about/", "<picture>", id="standard-page"),
    pytest.param("/contact/", 'class="fees-summary"', id="contact"),
    pytest.param("/fees/", "$105", id="fees"),
    pytest.param("/team/", 'class="clinician-card"', id="team-index"),
    pytest.param("/team/dr-ada-0-{s}/", "Therapies offered", id="clinician"),
    pytest.param("/therapies/", "Therapy 00", id="therapy-index"),
    pytest.param("/therapies/therapy-0-{s}/", "Clinicians who offer", id="therapy"),
    pytest.param("/conditions/", "Anxiety 00", id="condition-index"),
    pytest.param("/conditions/anxiety-0-{s}/", "Therapies that can help", id="condition"),
    pytest.param("/blog/", 'class="post-card"', id="blog-index"),
    pytest.param("/blog/?page=2", 'class="post-card"', id="blog-page-2"),
    pytest.param("/blog/topic/sleep/", "Posts about sleep", id="blog-topic"),
    pytest.param("/blog/author/dr-ada-0-{s}/", "Posts by Dr. Ada Lovell 0", id="blog-author"),
    pytest.param("/blog/condition/anxiety-0-{s}/", "Posts about anxiety 00", id="blog-condition"),
    pytest.param("/blog/measured-post/", 'class="comment"', id="blog-post-with-comments"),
    pytest.param("/search/?q=anxiety", "search-result--promoted", id="search"),
    pytest.param("/sitemap.xml", "/blog/measured-post/", id="sitemap"),
    pytest.param("/blog/feed/", "<rss", id="rss-feed"),
    pytest.param("/blog/feed/atom/", "<feed", id="atom-feed"),
    pytest.param("/robots.txt", "Sitemap:", id="robots-txt"),
]


@pytest.fixture(scope="module")
def sites(django_db_setup, django_db_blocker):
    """The small and the large site, built once for this module inside a transaction that is
    rolled back after it (each test's own transaction nests inside it)."""
    with ExitStack() as outer:
        with django_db_blocker.unblock():
            outer.enter_context(transaction.atomic())
            ensure_tree_roots()
            images = [ImageFactory(title=f"Budget picture {n}") for n in range(3)]
            tags = [
                Tag.objects.get_or_create(name=word)[0] for word in ("anxiety", "work", "sleep")
            ]
            built = {name: build_site(name, spec, images, tags) for name, spec in SITES.items()}
            # The address is the main office's, read with the settings: no query of its own.
            # Made last: with an office, a clinician seeing clients in person must name one.
            office = OfficeLocation.objects.create(
                name="Budget office", street_address="1 Main St", postal_code="90025"
            )
            PracticeSettings.objects.update(main_office=office)
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.close()
    # Renditions and site root paths of rolled-back rows must not outlive them in the cache.
    cache.clear()


def measure(client, site, url, marker, django_assert_max_num_queries):
    """The number of queries of one response, with nothing cached between requests."""
    host = site["host"]
    client.get(url, HTTP_HOST=host)  # this process's caches (content types); new renditions
    cache.clear()  # Django's cache: Wagtail's site root paths and renditions, any page cache
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    assert marker in response.content.decode()
    # A prepared statement (practice.query_plans) is read as the SQL it runs.
    queries = [statement_sql(query["sql"]) for query in captured.captured_queries]

    def reading(table):
        return [sql for sql in queries if f'"{table}"' in sql]

    # Once per request, never per item.
    assert len(reading("practice_rendition")) <= 1, "renditions read more than once"
    assert len(reading("practice_practicesettings")) <= 1, "practice details read twice"
    assert len(reading("blog_blogsettings")) <= 1, "blog settings read twice"
    # The site is found among the sites read with the settings, not by a query of its own.
    assert len(reading("wagtailcore_site")) <= 1, "the sites read twice"
    # The breadcrumbs come from routing, not from a query of the page's ancestors.
    assert not [sql for sql in queries if 'ORDER BY "wagtailcore_page"."depth"' in sql]
    return len(queries)


@pytest.mark.parametrize("url, marker", PAGES)
def test_page_is_served_within_the_budget_at_any_size(
    client, settings, sites, django_assert_max_num_queries, url, marker
):
    settings.PAGE_CACHE_ENABLED = False  # measured without the full-page cache
    counts = {
        name: measure(
            client, sites[name], url.format(s=name), marker, django_assert_max_num_queries
        )
        for name in SITES
    }
    assert counts["large"] == counts["small"], counts


def test_the_footer_on_the_pages_measured_gives_the_main_office(client, sites):
    """The budgets above include the main office's address in the footer and the JSON-LD."""
    for url in ["/", "/blog/measured-post/", "/search/?q=anxiety"]:
        assert "1 Main St<br>Los Angeles, CA 90025" in client.get(url).content.decode(), url


def test_pictures_are_rendered_on_the_pages_measured(client, sites):
    """The budgets above include the pictures: cards, photos, figures and link previews."""
    for url in [
        "/about/",
        "/team/",
        "/blog/",
        "/blog/measured-post/",
        "/therapies/therapy-0-small/",
    ]:
        html = client.get(url).content.decode()
        assert "<picture>" in html, url
    html = client.get("/blog/measured-post/").content.decode()
    assert '<meta property="og:image" content="http://testserver/' in html


def test_the_pages_measured_show_their_contents_topics_and_posts(client, sites):
    """The budgets above include the "On this page" lists, the blog's topics, a clinician's
    posts and a condition's link to its posts (no query of their own for the lists and the
    link; one each for the topics and the clinician's posts)."""
    expected = {
        "/therapies/therapy-0-small/": 'id="on-this-page"',
        "/conditions/anxiety-0-small/": 'href="/blog/condition/anxiety-0-small/"',
        "/blog/": 'class="topic-chip"',
        "/blog/topic/sleep/": 'aria-current="page"',
        "/team/dr-ada-0-small/": 'class="clinician-posts"',
    }
    for url, marker in expected.items():
        assert marker in client.get(url).content.decode(), url
    assert 'id="on-this-page"' in client.get("/conditions/anxiety-0-small/").content.decode()


# Routing reads the path's pages in one query: what Wagtail decides about them is unchanged.


def test_a_password_protected_section_still_asks_for_the_password(client, sites):
    about = Page.objects.get(url_path="/budget-small/about/")
    child = StandardPageFactory(parent=about, title="Fees", slug="fees")
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for url in ["/about/", "/about/fees/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
        assert child.title not in response.content.decode()
        assert "<p>Who we are.</p>" not in response.content.decode()


def test_a_draft_is_a_404_and_its_live_children_are_still_served(client, sites):
    about = Page.objects.get(url_path="/budget-small/about/")
    StandardPageFactory(parent=about, title="Fees", slug="fees")
    Page.objects.filter(pk=about.pk).update(live=False)
    assert client.get("/about/").status_code == 404
    assert client.get("/about/fees/").status_code == 200
    assert client.get("/about/nothing-here/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_a_routable_page_answers_its_own_routes_before_its_children(client, sites):
    """As in Wagtail: /blog/feed/ is the feed even when a post is called "feed"."""
    blog = Page.objects.get(url_path="/budget-small/blog/")
    BlogPostPageFactory(parent=blog, title="Feed your curiosity", slug="feed")
    assert client.get("/blog/feed/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/blog/topic/no-such-topic/").status_code == 404
    assert client.get("/blog/post-0001/").status_code == 200
    assert client.get("/blog/post-0001/more/").status_code == 404


def test_each_host_is_served_its_own_site(client, sites):
    small = client.get("/blog/measured-post/").content.decode()
    large = client.get("/blog/measured-post/", HTTP_HOST="127.0.0.1").content.decode()
    assert "12 comments" in small and "1000 comments" in large
