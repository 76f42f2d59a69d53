"""`manage.py seed_scale N` adds N generated, live blog posts on top of the demo: published as
Wagtail publishes (revision, live revision, url_path, history), spread over several clinicians,
with topics, relations, pictures and comments; the same N posts on every run, so repeating it adds
nothing and a bigger N only tops up; written in bulk, so the work does not grow query by query.

Each test builds the demo first, which is slow, so each checks one behaviour thoroughly."""

import io
import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from blog.models import BlogIndexPage, BlogPostPage, Comment
from practice.models import ClinicianPage, Rendition

pytestmark = pytest.mark.django_db

DEMO_POSTS = {
    "physical-health-consequences-of-eating-disorders",
    "what-causes-anxiety",
    "mental-health-of-entrepreneurs",
    "what-is-psychodynamic-therapy",
}


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("seed_scale_media")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, module_media):
    """The generated pictures and any renditions go to a throwaway folder, one for the module:
    the demo is seeded once and copied back for each later test only while MEDIA_ROOT stays the
    same (tests/demo_snapshot.py), and seeding it again cost 5 to 10 s a test."""
    settings.MEDIA_ROOT = module_media


def seed(*args):
    out = io.StringIO()
    call_command("seed_scale", *args, "--no-index", stdout=out)
    return out.getvalue()


def generated_posts():
    return BlogPostPage.objects.exclude(slug__in=DEMO_POSTS)


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "comments": Comment.objects.count(),
        "images": get_image_model().objects.count(),
        "log entries": PageLogEntry.objects.count(),
    }


def card_titles(html):
    soup = BeautifulSoup(html, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("a.post-card__link")]


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_scale_publishes_posts_that_fill_the_blog_after_the_demos_own(client, demo):
    out = seed("25")
    assert "Scale: 25 generated blog posts in place (25 new" in out
    assert BlogPostPage.objects.live().count() == len(DEMO_POSTS) + 25

    # Published as Wagtail publishes: a consistent tree, one live revision each, the history.
    index = BlogIndexPage.objects.get()
    assert Page.find_problems() == ([], [], [], [], [])
    assert index.get_children().count() == index.numchild == len(DEMO_POSTS) + 25
    for post in generated_posts():
        post.full_clean()  # what an editor's save would validate: body blocks, citations, slug
        assert post.live and not post.has_unpublished_changes
        assert post.url_path == f"{index.url_path}{post.slug}/"
        assert post.live_revision_id == post.latest_revision_id is not None
        assert post.live_revision.as_object().title == post.title
        assert timezone.localtime(post.first_published_at).date() == post.date
        actions = set(PageLogEntry.objects.filter(page=post).values_list("action", flat=True))
        assert actions == {"wagtail.create", "wagtail.publish"}
        # The admin's "usage" of the author's profile counts the post.
        assert ReferenceIndex.get_references_for_object(post).filter(model_path="author").exists()

    # Listed ten a page, newest first: the demo's posts, then the generated ones.
    titles = set(generated_posts().values_list("title", flat=True))
    assert len(titles) == 25  # no title twice
    pages = [card_titles(client.get(f"/blog/?page={n}").content.decode()) for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [10, 10, 9]
    demo_titles = set(
        BlogPostPage.objects.filter(slug__in=DEMO_POSTS).values_list("title", flat=True)
    )
    assert set(pages[0][:4]) == demo_titles
    assert set(pages[0][4:] + pages[1] + pages[2]) == titles

    # And in the feeds, with their authors.
    feed = feedparser.parse(client.get("/blog/feed/").content)
    generated = [entry for entry in feed.entries if entry.title in titles]
    assert len(generated) == 20 - len(DEMO_POSTS)
    assert all(entry.get("author") for entry in generated)


def test_generated_posts_have_authors_topics_pictures_evidence_and_comments(client, demo):
    seed("25")
    posts = list(generated_posts().prefetch_related("tags", "related_conditions"))
    assert len({post.author.slug for post in posts}) >= 3  # Dr. Blair and the added clinicians
    assert all(post.tags.all() and post.related_conditions.all() for post in posts)
    assert len({post.date.year for post in posts}) >= 3  # spread over past years
    demo_dates = BlogPostPage.objects.filter(slug__in=DEMO_POSTS).values_list("date", flat=True)
    assert max(post.date for post in posts) < min(demo_dates)
    kinds = {post.pk: {block.block_type for block in post.body} for post in posts}
    assert all({"heading", "paragraph"} <= found for found in kinds.values())
    with_picture = [post for post in posts if post.hero_image_id]
    assert 0 < len(with_picture) < len(posts)
    assert all(post.hero_image.description for post in with_picture)  # alt text

    # Posts render with their byline and topics; sources, quotes and pictures when they have them.
    cited = next(post for post in posts if "evidence" in kinds[post.pk])
    plain = next(post for post in posts if "evidence" not in kinds[post.pk])
    quoted = next(post for post in posts if "quote" in kinds[post.pk])
    pictured = with_picture[0]
    for post in (cited, plain, quoted, pictured):
        html = client.get(post.url).content.decode()
        assert post.author.display_name in html
        assert all(tag.name in html for tag in post.tags.all())
        assert ('<section class="references"' in html) == ("evidence" in kinds[post.pk])
        assert ("<blockquote" in html) == ("quote" in kinds[post.pk])
        assert ('class="post-hero"' in html) == (post.hero_image_id is not None)
    assert f'alt="{pictured.hero_image.description}"' in client.get(pictured.url).content.decode()

    # Filtering by one of the added clinicians lists exactly their posts; their profile exists.
    author = next(post.author for post in posts if post.author.slug != "dr-cassidy-blair")
    assert client.get(author.url).status_code == 200
    listed = card_titles(client.get(f"/blog/author/{author.slug}/").content.decode())
    assert sorted(listed) == sorted(post.title for post in posts if post.author_id == author.pk)

    # Comments: approved ones are shown, pending ones wait, no e-mail address is shown.
    commented = [post for post in posts if post.comments.exists()]
    assert 0 < len(commented) < len(posts)
    assert Comment.objects.approved().exists() and Comment.objects.pending().exists()
    with_pending = next(post for post in commented if post.comments.pending().exists())
    text = page_text(client.get(with_pending.url))
    for comment in with_pending.comments.all():
        assert (comment.body in text) == (comment.status == Comment.Status.APPROVED)
        assert comment.email not in text
        assert comment.created.date() > with_pending.date


def test_repeating_adds_nothing_a_bigger_number_tops_up_and_posts_come_back_the_same(demo):
    demo_images = get_image_model().objects.count()  # the demo's own artwork
    demo_clinicians = set(ClinicianPage.objects.values_list("slug", flat=True))
    seed("12")
    before = snapshot()
    first = list(generated_posts().order_by("slug").values_list("pk", "title", "date", "summary"))
    assert "(0 new, 0 new comments)" in seed("12")
    assert snapshot() == before

    assert "(8 new" in seed("20")
    assert generated_posts().count() == 20
    assert set(first) < set(generated_posts().values_list("pk", "title", "date", "summary"))
    # The scale plan's authors who are not in the demo team already: added once.
    added = set(ClinicianPage.objects.values_list("slug", flat=True)) - demo_clinicians
    assert added and ClinicianPage.objects.count() == len(demo_clinicians) + len(added)
    seed("20")
    assert ClinicianPage.objects.count() == len(demo_clinicians) + len(added)
    assert get_image_model().objects.count() == demo_images + 6

    # Post i is the same on every run, so benchmarks over the generated blog repeat.
    Page.objects.filter(pk__in=generated_posts().values("pk")).delete()
    assert "(20 new" in seed("20")
    again = list(generated_posts().order_by("slug").values_list("title", "date", "summary"))
    assert {row[1:] for row in first} < set(again)


def test_seeding_writes_in_bulk_and_renders_no_images(demo):
    """Sixty more posts cost a few more batched statements, not queries per post, and no image
    rendition is made before a visitor asks for one."""

    def queries_for(count):
        with CaptureQueriesContext(connection) as captured:
            seed(str(count))
        # Topics are created one by one the first time they are needed; everything else is bulk.
        return len([q for q in captured.captured_queries if "taggit_tag" not in q["sql"]])

    seed("3")  # the extra clinicians and the pictures
    few, many = queries_for(8), queries_for(68)
    assert many - few < 20, (few, many)
    assert Rendition.objects.count() == 0


def test_generated_posts_are_found_by_search_after_the_index_pass(client, demo):
    out = io.StringIO()
    call_command("seed_scale", "12", stdout=out)  # with its index pass
    summary = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(
        r"Scale: 12 generated blog posts in place \(12 new, .*; search index rebuilt in [\d.]+ s\.",
        summary,
    )
    for post in generated_posts():
        assert post.title in page_text(client.get("/search/", {"q": post.title}))


def test_scale_refuses_a_negative_number(db):
    with pytest.raises(CommandError, match="0 or more"):
        seed("-1")
