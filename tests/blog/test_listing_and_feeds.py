"""The blog list: newest first, ten a page, clean filters, bad input answered with a 404 or page
1, a constant number of queries; and the feeds a reader subscribes to."""

import datetime

import feedparser
import pytest

from tests.factories import BlogPostPageFactory, ConditionPageFactory, ImageFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)


def make_posts(blog_index, count, start=0, **kwargs):
    return [
        BlogPostPageFactory(
            parent=blog_index,
            title=f"Post {n:04d}",
            slug=f"post-{n:04d}",
            date=START + datetime.timedelta(days=n),
            **kwargs,
        )
        for n in range(start, start + count)
    ]


def titles(html):
    import re

    return re.findall(r'class="post-card__link" href="[^"]+">([^<]+)</a>', html)


def test_blog_lists_newest_first_ten_a_page(client, blog_index, practice_settings):
    make_posts(blog_index, 12)
    html = client.get("/blog/").content.decode()
    assert titles(html) == [f"Post {n:04d}" for n in range(11, 1, -1)]
    assert "Page 1 of 2" in html and 'rel="next" href="?page=2"' in html
    html = client.get("/blog/?page=2").content.decode()
    assert titles(html) == ["Post 0001", "Post 0000"]


def test_card_shows_title_date_author_summary_and_image(
    client, blog_index, clinician, practice_settings
):
    image = ImageFactory()
    make_posts(blog_index, 1, author=clinician, hero_image=image, summary="What to expect.")
    html = client.get("/blog/").content.decode()
    card = html.split('<article class="post-card">')[1].split("</article>")[0]
    assert "Post 0000" in card
    assert '<time datetime="2026-01-01">January 1, 2026</time>' in card
    assert "Dr. Cassidy Blair, Psy.D." in card
    assert "What to expect." in card
    assert (
        "<picture>" in card and 'class="post-card__image"' in card and 'type="image/avif"' in card
    )


@pytest.mark.parametrize(
    ("query", "status", "first"),
    [
        ("?page=abc", 200, "Post 0011"),
        ("?page=", 200, "Post 0011"),
        ("?page=2", 200, "Post 0001"),
        ("?page=-1", 404, None),
        ("?page=0", 404, None),
        ("?page=99999", 404, None),
        ("?page=1e9", 200, "Post 0011"),
    ],
)
def test_bad_page_numbers_give_page_one_or_404_never_500(
    client, blog_index, practice_settings, query, status, first
):
    make_posts(blog_index, 12)
    response = client.get("/blog/" + query)
    assert response.status_code == status
    if first:
        assert titles(response.content.decode())[0] == first


def test_filters_by_topic_author_and_condition_with_clean_urls(
    client, blog_index, clinician, condition_index, practice_settings
):
    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    BlogPostPageFactory(
        parent=blog_index, title="About worry", topics=["anxiety"], author=clinician
    )
    BlogPostPageFactory(parent=blog_index, title="About grief", related_conditions=[anxiety])
    BlogPostPageFactory(parent=blog_index, title="Unrelated")

    html = client.get("/blog/topic/anxiety/").content.decode()
    assert titles(html) == ["About worry"] and "Posts about anxiety" in html
    html = client.get("/blog/author/dr-cassidy-blair/").content.decode()
    assert titles(html) == ["About worry"] and "Posts by Dr. Cassidy Blair, Psy.D." in html
    html = client.get("/blog/condition/anxiety/").content.decode()
    assert titles(html) == ["About grief"]


@pytest.mark.parametrize(
    "url", ["/blog/topic/no-such-topic/", "/blog/author/nobody/", "/blog/condition/nothing/"]
)
def test_unknown_filters_are_404(client, blog_index, practice_settings, url):
    assert client.get(url).status_code == 404


def test_drafts_are_not_listed(client, blog_index, practice_settings):
    BlogPostPageFactory(parent=blog_index, title="Draft post", live=False)
    assert "Draft post" not in client.get("/blog/").content.decode()


def test_feeds_are_advertised_on_the_blog_and_its_posts(client, blog_index, practice_settings):
    post = make_posts(blog_index, 1)[0]
    for url in ["/blog/", post.url]:
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/blog/feed/"' in html and 'href="/blog/feed/atom/"' in html


@pytest.mark.parametrize("url", ["/blog/feed/", "/blog/feed/atom/"])
def test_feeds_carry_latest_20_posts_with_full_urls_author_date_and_summary(
    client, blog_index, clinician, practice_settings, url
):
    make_posts(blog_index, 22, author=clinician, summary="A summary for the feed.")
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Blog · Blair Wellness Group"
    assert len(feed.entries) == 20
    newest = feed.entries[0]
    assert newest.title == "Post 0021"
    assert newest.link == "http://testserver/blog/post-0021/"
    assert newest.author == "Dr. Cassidy Blair, Psy.D."
    assert newest.summary == "A summary for the feed."
    assert newest.published_parsed[:3] == (2026, 1, 22)


def storable(text):
    """`text` as the database can store it: PostgreSQL refuses NUL in text, so there it is left
    out (a form could never save it); SQLite keeps it."""
    from django.db import connection

    return text if connection.vendor == "sqlite" else text.replace("\x00", "")


@pytest.mark.parametrize("url", ["/blog/feed/", "/blog/feed/atom/"])
def test_feeds_never_fail_on_control_characters_in_stored_text(
    client, blog_index, clinician, practice_settings, url
):
    """A credential pasted with a control character (`Psy.\\x01D.`) made both feeds a 500: every
    field is stripped of what XML 1.0 cannot carry, and the rest is kept."""
    odd = storable("\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff")
    clinician.credentials = "Psy.\x01D."
    clinician.save()
    practice_settings.practice_name = f"Blair{odd} Wellness"
    practice_settings.save()
    blog_index.title = f"Blog{odd}"
    blog_index.search_description = f"Notes{odd} from the team"
    blog_index.save()
    BlogPostPageFactory(
        parent=blog_index,
        title=f"Sleep{odd} and worry",
        summary=f"What{odd} helps\tat night.",
        author=clinician,
        topics=[f"night{odd}time"],
    )
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Blog · Blair Wellness"
    entry = feed.entries[0]
    assert entry.title == "Sleep and worry"
    assert entry.summary == "What helps\tat night."
    assert entry.author == "Dr. Cassidy Blair, Psy.D."
    assert [tag.term for tag in entry.tags] == ["nighttime"]


def test_feed_text_helper_drops_only_what_xml_cannot_carry():
    from blog.feeds import xml_text

    lone_surrogate = "\ud800"  # cannot be stored, but a feed field may still be computed
    assert xml_text(f"a\x00b\x0bc{lone_surrogate}d\ufffee") == "abcde"
    assert xml_text("tab\tline\nreturn\r é ψ \U0001f600") == "tab\tline\nreturn\r é ψ \U0001f600"
    assert xml_text(["x\x01", ("y\x02",)]) == ["x", ("y",)]
    assert xml_text(None) is None
