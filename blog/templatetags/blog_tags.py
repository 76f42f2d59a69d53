"""Blog pieces shown on pages of the apps below the blog (which must not import it)."""

from dataclasses import dataclass

from django import template
from django.db.models.query import EmptyQuerySet
from wagtail.models import Site

from blog.models import BlogIndexPage
from blog.models.listings import counted
from blog.models.posts import public_posts
from practice.models import prefetch_renditions
from practice.query_plans import QueryPlan
from therapy_pages.models import ConditionPage, TherapyPage

register = template.Library()

# How many of a clinician's posts their profile lists.
POSTS_ON_PROFILE = 3


# The same SQL for every page and clinician of a site: built once (practice.query_plans).
POSTS_ABOUT = QueryPlan("posts about a page")
POSTS_BY = QueryPlan("posts by a clinician")


def _site_key(request):
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.path if site else None


@dataclass
class BlogListing:
    """Some of the posts of one of the blog's listings, how many it has in all, and its URL."""

    posts: list
    count: int
    url: str


def blog_index_url(post, request):
    """The URL of the blog index `post` is in. A post is a child of its index, so that is the
    post's own URL without its slug: no query."""
    url = post.get_url(request)
    suffix = f"{post.slug}/"
    if url and url.endswith(suffix):
        return url[: -len(suffix)]
    return post.get_parent().get_url(request)  # a URL scheme of another shape


def listing(posts, request, route, slug):
    """The `BlogListing` of `posts` (rows of `counted`), whose whole list is the blog index's
    `route` for `slug`; None when there are no posts."""
    if not posts:
        return None
    index_url = blog_index_url(posts[0], request)
    path = BlogIndexPage().reverse_subpage(route, kwargs={"slug": slug})
    return BlogListing(posts, posts[0].listing_total, index_url + path)


@register.simple_tag(takes_context=True)
def posts_about(context, page, limit=3):
    """`{% posts_about page as related_posts %}`: the latest public posts (`public_posts`) that
    name `page` (a condition or therapy) as a related topic, with their authors and pictures.
    Each carries `listing_total`, how many such posts there are (`all_posts_about`).

    The renditions of the cards' pictures and of the page's own (its body's figures) are read
    together in one query, so use the tag before the page's body is rendered."""
    request = context.get("request")
    relation = None
    if isinstance(page, ConditionPage):
        relation = "related_conditions"
    elif isinstance(page, TherapyPage):
        relation = "related_therapies"

    def build(pk):
        posts = public_posts(request).filter(**{relation: pk}).select_related("hero_image")
        return counted(posts, ("-date", "-pk"), 0, limit)

    posts = []
    if relation and page.pk is not None:  # a new page's preview: no post names it yet
        posts = POSTS_ABOUT.rows((_site_key(request), relation, limit), build, page.pk)
    prefetch_renditions(*page.get_content_images(), *(post.hero_image for post in posts))
    return posts


@register.simple_tag(takes_context=True)
def all_posts_about(context, condition, related_posts):
    """`{% all_posts_about page related_posts as listing %}`: how many public posts there are
    about `condition` and the blog's list of them (/blog/condition/<slug>/), from the rows
    `posts_about` read (no query); None when there are none.

    None too unless the condition's page is known to be public: the blog's list answers 404
    for a draft or a restricted condition. Routing tells, without a query, that no view
    restriction applies (a preview does not, and gets no link)."""
    known_public = condition.live and isinstance(condition.get_view_restrictions(), EmptyQuerySet)
    if not known_public:
        return None
    return listing(related_posts, context.get("request"), "by_condition", condition.slug)


@register.simple_tag(takes_context=True)
def posts_by(context, clinician, limit=POSTS_ON_PROFILE):
    """`{% posts_by page as listing %}`: a clinician's latest public posts (`public_posts`),
    how many they have written and the blog's list of them (/blog/author/<slug>/), in one
    query; None when they have no public post."""
    if clinician.pk is None:  # the preview of a new profile: nobody has named it yet
        return None
    request = context.get("request")

    def build(pk):
        posts = public_posts(request).filter(author=pk)
        return counted(posts, ("-date", "-first_published_at", "-pk"), 0, limit)

    posts = POSTS_BY.rows((_site_key(request), limit), build, clinician.pk)
    if posts and not posts[0].public_author:  # a profile not public has no list on the blog
        return None
    return listing(posts, request, "by_author", clinician.slug)
