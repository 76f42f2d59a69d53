"""The blog index: /blog/, its filters (topic, author, condition), pagination and feeds."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Site

from practice.http import paginate
from practice.models import ClinicianPage, IndexPage, public_pages
from therapy_pages.models import ConditionPage

from .posts import BlogPostPage, BlogPostTag, public_posts, with_card_images

__all__ = ["BlogIndexPage"]

POSTS_PER_PAGE = 10


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

    def get_topics(self, posts):
        """The topics of `posts` (this blog's public posts, `get_posts`), A to Z, each with how
        many of them it is given to, in one query: a topic given only to drafts, restricted or
        scheduled posts is not one a visitor can browse."""
        rows = (
            BlogPostTag.objects.filter(content_object__in=posts.order_by().values("pk"))
            .values("tag_id", "tag__name", "tag__slug")
            .annotate(count=Count("content_object", distinct=True))
            .order_by("tag__name", "tag_id")
        )
        return [
            {
                "pk": row["tag_id"],
                "name": row["tag__name"],
                "slug": row["tag__slug"],
                "count": row["count"],
            }
            for row in rows
        ]

    def render_listing(self, request, posts, heading=None, filter_label=None, topics=None):
        page_obj = paginate(request, with_card_images(posts), POSTS_PER_PAGE, "posts")
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

    @path("")
    def latest(self, request):
        posts = self.get_posts(request)
        return self.render_listing(request, posts, topics=self.get_topics(posts))

    @path("topic/<slug:slug>/")
    def by_topic(self, request, slug):
        # A topic is known here only through a post the visitor may read: a topic given only
        # to restricted posts or drafts is a 404, as an unknown one is.
        posts = self.get_posts(request)
        topics = self.get_topics(posts)
        topic = next((topic for topic in topics if topic["slug"] == slug), None)
        if topic is None:
            raise Http404("No such topic on a public post.")
        topic["current"] = True
        posts = posts.filter(tags=topic["pk"])
        name = topic["name"]
        return self.render_listing(request, posts, f"Posts about {name}", name, topics)

    @path("author/<slug:slug>/")
    def by_author(self, request, slug):
        site = Site.find_for_request(request)
        author = get_object_or_404(public_pages(ClinicianPage.objects.all(), site), slug=slug)
        posts = self.get_posts(request).filter(author=author)
        return self.render_listing(request, posts, f"Posts by {author.display_name}", author.title)

    @path("condition/<slug:slug>/")
    def by_condition(self, request, slug):
        site = Site.find_for_request(request)
        condition = get_object_or_404(public_pages(ConditionPage.objects.all(), site), slug=slug)
        posts = self.get_posts(request).filter(related_conditions=condition)
        return self.render_listing(
            request, posts, f"Posts about {condition.title.lower()}", condition.title
        )

    @path("feed/")
    def rss_feed(self, request):
        from blog.feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from blog.feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)
