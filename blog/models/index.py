"""The blog index: /blog/, its filters (topic, author, condition), pagination and feeds."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Site

from practice.http import paginate_rows
from practice.models import ClinicianPage, IndexPage, public_pages
from practice.query_plans import QueryPlan
from therapy_pages.models import ConditionPage

from .listings import card_images, counted, with_card_images
from .posts import BlogPostPage, BlogPostTag, public_posts

__all__ = ["BlogIndexPage"]

POSTS_PER_PAGE = 10
# A page of a listing: the same SQL for every request of the same filter and page number.
LISTING = QueryPlan("blog listing")
TOPICS = QueryPlan("blog topics")


class BlogIndexPage(RoutablePageMixin, IndexPage):
    """/blog/: the clinicians' posts, newest first, ten to a page, with clean filter URLs
    (/blog/topic/<tag>/, /blog/author/<clinician>/, /blog/condition/<condition>/) and feeds."""

    subpage_types = ["blog.BlogPostPage"]
    template = "pages/blog_index_page.html"

    def permissions_for_user(self, user):
        from blog.permissions import BlogIndexPermissionTester

        return BlogIndexPermissionTester(user, self)

    class Meta:
        verbose_name = "blog index page"

    def get_posts(self, request=None):
        """The public posts (`public_posts`), newest first, with their authors (the feeds use
        these too; the listing adds the pictures)."""
        return public_posts(request, BlogPostPage.objects.child_of(self)).order_by(
            "-date", "-first_published_at", "-pk"
        )

    def get_topics(self, posts=None, request=None):
        """The topics of this blog's public posts (`get_posts`, or the queryset `posts`), A to
        Z, each with how many of them it is given to, in one query: a topic given only to
        drafts, restricted or scheduled posts is not one a visitor can browse. Without `posts`
        the query's SQL is built once per site (practice.query_plans)."""

        def build(path, depth):
            listed = posts
            if listed is None:
                children = BlogPostPage.objects.filter(path__startswith=path, depth=depth)
                listed = public_posts(request, children)
            return (
                BlogPostTag.objects.filter(content_object__in=listed.order_by().values("pk"))
                .values("tag_id", "tag__name", "tag__slug")
                .annotate(count=Count("content_object", distinct=True))
                .order_by("tag__name", "tag_id")
            )

        if posts is None:
            site = Site.find_for_request(request) if request is not None else None
            # The blog's own path and depth are written into the SQL (they are in the key), so
            # PostgreSQL plans knowing how many posts it has: as parameters it guessed one and
            # looked every tagged post's topic up one at a time (3.3 ms on 204 posts).
            key = (site.root_page.path if site else None, self.path, self.depth + 1)
            rows = TOPICS.rows(key, lambda: build(self.path, self.depth + 1))
        else:
            rows = build(self.path, self.depth + 1)
        return [
            {
                "pk": row["tag_id"],
                "name": row["tag__name"],
                "slug": row["tag__slug"],
                "count": row["count"],
            }
            for row in rows
        ]

    def render_listing(self, request, heading=None, filter_label=None, topics=None, only=None):
        """The listing's page of posts, read with its total in one query whose SQL is built
        once per filter and page number (practice.query_plans): `only` is (filter, id), e.g.
        ("tags", 3), or None for every post."""

        def fetch(number, size):
            return self.listing_rows(request, only, number, size)

        page_obj = paginate_rows(request, fetch, POSTS_PER_PAGE, "posts")
        return self.render(
            request,
            context_overrides={
                "posts": page_obj.object_list,
                "page_obj": page_obj,
                "filter_heading": heading,
                "filter_label": filter_label,
                "topics": topics or [],
            },
        )

    def listing_rows(self, request, only, number, per_page):
        """(rows, total) of page `number` of this blog's public posts (`get_posts`), narrowed
        by `only` ((filter, id) or None), with their cards' pictures."""
        site = Site.find_for_request(request) if request is not None else None
        offset = (number - 1) * per_page
        name, value = only or (None, None)

        def build(*value):
            children = BlogPostPage.objects.filter(path__startswith=self.path, depth=self.depth + 1)
            posts = public_posts(request, children)
            if name:
                posts = posts.filter(**{name: value[0]})
            ordering = ("-date", "-first_published_at", "-pk")
            return counted(with_card_images(posts), ordering, offset, offset + per_page)

        # The blog's path and depth are in the key, written into the SQL: see `get_topics`.
        key = (site.root_page.path if site else None, self.path, name, offset, per_page)
        rows = card_images(LISTING.rows(key, build, *(() if name is None else (value,))))
        return rows, (rows[0].listing_total if rows else 0)

    @path("")
    def latest(self, request):
        return self.render_listing(request, topics=self.get_topics(request=request))

    @path("topic/<slug:slug>/")
    def by_topic(self, request, slug):
        # A topic is known here only through a post the visitor may read: a topic given only
        # to restricted posts or drafts is a 404, as an unknown one is.
        topics = self.get_topics(request=request)
        topic = next((topic for topic in topics if topic["slug"] == slug), None)
        if topic is None:
            raise Http404("No such topic on a public post.")
        topic["current"] = True
        name = topic["name"]
        return self.render_listing(
            request, f"Posts about {name}", name, topics, only=("tags", topic["pk"])
        )

    @path("author/<slug:slug>/")
    def by_author(self, request, slug):
        site = Site.find_for_request(request)
        author = get_object_or_404(public_pages(ClinicianPage.objects.all(), site), slug=slug)
        heading = f"Posts by {author.display_name}"
        return self.render_listing(request, heading, author.title, only=("author", author.pk))

    @path("condition/<slug:slug>/")
    def by_condition(self, request, slug):
        site = Site.find_for_request(request)
        condition = get_object_or_404(public_pages(ConditionPage.objects.all(), site), slug=slug)
        heading = f"Posts about {condition.title.lower()}"
        only = ("related_conditions", condition.pk)
        return self.render_listing(request, heading, condition.title, only=only)

    @path("feed/")
    def rss_feed(self, request):
        from blog.feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from blog.feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)
