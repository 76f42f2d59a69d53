"""Finding more to read: the blog lists its topics with how many posts each has, a clinician's
profile lists their latest posts with a link to all of them, and a condition's page links to
every post about it. Only public posts (practice.models.public) are listed or counted: never a
draft, a post under a view restriction or one scheduled to go live later."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import BlogPostPageFactory, ClinicianPageFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 1)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def topics(soup):
    """The blog's topic list: (the link's words, as a screen reader reads them, its address,
    whether it is the topic shown) for each link."""
    nav = soup.find("nav", attrs={"aria-labelledby": "topic-nav-heading"})
    if nav is None:
        return []
    return [
        (" ".join(a.get_text().split()), a["href"], a.get("aria-current") == "page")
        for a in nav.find_all("a")
    ]


@pytest.fixture
def hidden_posts(blog_index, clinician, condition_index):
    """Posts no visitor may list, each on every topic, condition and author the tests use:
    a draft, a post behind a password and a post scheduled to go live tomorrow."""
    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    common = {
        "author": clinician,
        "related_conditions": [anxiety],
        "topics": ["anxiety", "sleep", "hidden topic"],
    }
    BlogPostPageFactory(parent=blog_index, title="A draft", live=False, **common)
    secret = BlogPostPageFactory(parent=blog_index, title="Behind a password", **common)
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    BlogPostPageFactory(
        parent=blog_index,
        title="Scheduled for tomorrow",
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(days=1),
        **common,
    )
    return anxiety


def post(blog_index, title, days, **kwargs):
    return BlogPostPageFactory(
        parent=blog_index, title=title, date=START + datetime.timedelta(days=days), **kwargs
    )


# --- The blog: browse by topic -------------------------------------------------------------------


def test_the_blog_lists_the_topics_of_public_posts_a_to_z_with_their_counts(
    client, blog_index, practice_settings, hidden_posts
):
    post(blog_index, "Worry at night", 1, topics=["sleep", "anxiety"])
    post(blog_index, "Worry at work", 2, topics=["anxiety", "work and career"])
    soup = soup_of(client, "/blog/")
    assert soup.find(id="topic-nav-heading").get_text(strip=True) == "Browse by topic"
    assert topics(soup) == [
        ("Anxiety (2 posts)", "/blog/topic/anxiety/", False),
        ("Sleep (1 post)", "/blog/topic/sleep/", False),
        ("Work and career (1 post)", "/blog/topic/work-and-career/", False),
    ]
    assert "hidden topic" not in str(soup).lower()


def test_a_topic_page_marks_its_topic_and_keeps_the_others_in_reach(
    client, blog_index, practice_settings, hidden_posts
):
    post(blog_index, "Worry at night", 1, topics=["sleep", "anxiety"])
    post(blog_index, "Worry at work", 2, topics=["anxiety"])
    soup = soup_of(client, "/blog/topic/sleep/")
    assert soup.h1.get_text(strip=True) == "Posts about sleep"
    assert [(name, current) for name, _, current in topics(soup)] == [
        ("Anxiety (2 posts)", False),
        ("Sleep (1 post)", True),
    ]
    assert [a.get_text(strip=True) for a in soup.select(".post-card__link")] == ["Worry at night"]


def test_a_topic_only_hidden_posts_have_is_not_listed_nor_browsable(
    client, blog_index, practice_settings, hidden_posts
):
    assert topics(soup_of(client, "/blog/")) == []  # and no empty "Browse by topic"
    assert "Browse by topic" not in client.get("/blog/").content.decode()
    assert client.get("/blog/topic/hidden-topic/").status_code == 404


# --- A clinician's profile: their latest posts ---------------------------------------------------


def test_a_profile_lists_the_clinicians_latest_public_posts_and_links_to_all(
    client, blog_index, clinician, team_index, practice_settings, hidden_posts
):
    for n in range(4):
        post(blog_index, f"Post by Dr. Blair {n}", n, author=clinician)
    someone_else = ClinicianPageFactory(parent=team_index, title="Dr. Lee Park", slug="dr-park")
    post(blog_index, "Post by Dr. Park", 10, author=someone_else)

    soup = soup_of(client, clinician.url)
    section = soup.find("section", attrs={"aria-labelledby": "clinician-posts-heading"})
    assert section.h2.get_text(strip=True) == "Articles by Dr. Cassidy Blair"
    assert [a.get_text(strip=True) for a in section.select(".clinician-posts__link")] == [
        "Post by Dr. Blair 3",
        "Post by Dr. Blair 2",
        "Post by Dr. Blair 1",
    ]
    assert section.time["datetime"] == "2026-03-04"
    assert section.time.get_text(strip=True) == "March 4, 2026"
    more = section.select_one(".more-posts__link")
    assert more.get_text(strip=True) == "See all 4 articles by Dr. Cassidy Blair"
    assert more["href"] == "/blog/author/dr-cassidy-blair/"
    assert client.get(more["href"]).status_code == 200
    # The last thing on the profile, after what the clinician works with.
    assert soup.select("article.article > *")[-1] is section


def test_a_profile_with_a_few_posts_links_to_them_on_the_blog_without_a_count(
    client, blog_index, clinician, practice_settings
):
    post(blog_index, "Only post", 1, author=clinician)
    section = soup_of(client, clinician.url).find("section", class_="clinician-posts")
    assert [a.get_text(strip=True) for a in section.select(".clinician-posts__link")] == [
        "Only post"
    ]
    more = section.select_one(".more-posts__link")
    assert more.get_text(strip=True) == "See all articles by Dr. Cassidy Blair"


def test_a_profile_without_public_posts_has_no_articles_section(
    client, blog_index, clinician, practice_settings, hidden_posts
):
    html = client.get(clinician.url).content.decode()
    assert "Articles by" not in html and "clinician-posts" not in html
    assert "A draft" not in html and "Behind a password" not in html
    assert "Scheduled for tomorrow" not in html


# --- A condition's page: every post about it -----------------------------------------------------


def test_a_condition_links_to_all_its_public_posts_with_their_count(
    client, blog_index, practice_settings, hidden_posts
):
    anxiety = hidden_posts
    for n in range(4):
        post(blog_index, f"On anxiety {n}", n, related_conditions=[anxiety])
    soup = soup_of(client, anxiety.url)
    more = soup.select_one(".more-posts__link")
    assert more.get_text(strip=True) == "Read our 4 articles about anxiety"
    assert more["href"] == "/blog/condition/anxiety/"
    listing = soup_of(client, more["href"])
    assert len(listing.select(".post-card")) == 4


def test_a_condition_with_one_post_says_so_and_one_without_has_no_link(
    client, blog_index, condition_index, practice_settings, hidden_posts
):
    anxiety = hidden_posts
    post(blog_index, "On anxiety", 1, related_conditions=[anxiety])
    more = soup_of(client, anxiety.url).select_one(".more-posts__link")
    assert more.get_text(strip=True) == "Read our article about anxiety"

    grief = ConditionPageFactory(parent=condition_index, title="Grief", slug="grief")
    html = client.get(grief.url).content.decode()
    assert "more-posts" not in html and "Read our" not in html


# --- Behind a view restriction: no link to a list the blog would refuse ---------------------------


def test_a_restricted_condition_or_profile_does_not_link_to_the_blogs_lists(
    client, blog_index, clinician, practice_settings, hidden_posts, admin_user
):
    anxiety = hidden_posts
    post(blog_index, "On anxiety", 1, related_conditions=[anxiety], author=clinician)
    restriction = PageViewRestriction.objects.create(
        page=anxiety, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    PageViewRestriction.objects.create(page=clinician, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(admin_user)
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()

    soup = soup_of(client, anxiety.url)
    assert soup.find("h1").get_text(strip=True) == "Anxiety"  # the password was given
    assert soup.select_one(".more-posts") is None
    assert client.get("/blog/condition/anxiety/").status_code == 404  # what it would link to

    soup = soup_of(client, clinician.url)
    assert "Dr. Cassidy Blair" in soup.find("h1").get_text()
    assert soup.select_one(".clinician-posts") is None
    assert client.get("/blog/author/dr-cassidy-blair/").status_code == 404
