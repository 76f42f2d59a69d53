"""Blog posts: the post page, its topics and pinned related posts, the post editor's form,
and `public_posts`, the one way a listing of posts begins."""

import math
import re

from django import forms
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Site
from wagtail.rich_text import RichText
from wagtail.search import index

from blog.blocks import BlogBodyBlock
from blog.seo import blog_posting
from content_health.gate import CheckedPageForm
from practice.admin_access import is_editor
from practice.citations import CitationBlock, iter_block_values, numbered_references
from practice.models import (
    BasePage,
    ClinicianPage,
    prefetch_renditions,
    public_pages,
    public_q,
    with_public_flags,
)
from practice.query_plans import QueryPlan

from .listings import count_per_post

__all__ = ["BlogPostPage", "BlogPostTag", "RelatedPost"]

WORDS_PER_MINUTE = 200


def _ranked_posts(request, pk, tag_ids, condition_ids, limit, pins=True):
    """The public posts other than post `pk`, ranked as `BlogPostPage.get_related_posts` says:
    the post's pins first (when `pins`), then by shared topics and conditions, newest first.

    One query in two levels: every public post is ranked on narrow rows (its id and the sort
    keys), and only the `limit` kept are read whole, with their authors and pictures, and ranked
    again among themselves. Ranking the whole rows cost twice as much (measured on 203 posts:
    4.6 ms, most of it carrying every post's page, author and picture columns to the sort)."""

    def ranked(posts):
        wanted = ~Q(pk=pk)
        ordering = ["-shared_topics", "-shared_conditions", "-date", "-pk"]
        if pins:
            # The editor's pins rank first, in their order (and may be the post itself).
            pin = RelatedPost.objects.filter(page=pk, post=OuterRef("pk"))
            posts = posts.annotate(
                pin_order=Subquery(pin.order_by("sort_order").values("sort_order")[:1])
            )
            wanted |= Q(Exists(pin))
            ordering.insert(0, F("pin_order").asc(nulls_last=True))
        # Counted per post by correlated subqueries, not by joining every post's topics and
        # conditions and grouping: the database then only sorts the live posts (top 3).
        shared_topics = Value(0)
        if tag_ids:
            shared_topics = count_per_post(
                BlogPostTag.objects.filter(tag__in=tag_ids), "content_object", "tag"
            )
        shared_conditions = Value(0)
        if condition_ids:
            through = BlogPostPage.related_conditions.through.objects
            shared_conditions = count_per_post(
                through.filter(conditionpage__in=condition_ids), "blogpostpage", "conditionpage"
            )
        return (
            posts.filter(wanted)
            .annotate(shared_topics=shared_topics, shared_conditions=shared_conditions)
            .order_by(*ordering)
        )

    site = Site.find_for_request(request) if request is not None else None
    kept = ranked(public_pages(BlogPostPage.objects.all(), site)).values("pk")[:limit]
    return ranked(public_posts(request).select_related("hero_image").filter(pk__in=kept))


RELATED_POSTS = QueryPlan("related posts")
POST_TOPICS = QueryPlan("a post's topics")


def public_posts(request, queryset=None):
    """The public posts (`public_pages`) of `queryset` (every post by default) for the request's
    site, with their authors, and whether each author's profile is public (a card or a feed
    names the author only then), in one query. The one way a listing of posts begins."""
    site = Site.find_for_request(request) if request is not None else None
    posts = BlogPostPage.objects.all() if queryset is None else queryset
    posts = public_pages(posts, site).defer_streamfields().select_related("author__supervisor")
    return with_public_flags(posts, site, "author")


def scheduled_date(post, now=None):
    """The date a post shows: the day it is scheduled to go live (its go-live time in the
    practice's time zone) while that time is ahead, else the date it was given. Kept on the post
    (set when it is saved with a schedule), so the scheduled revision, the listings, the feeds
    and the sitemap all read the same `date`; once live, the date is the author's again."""
    now = now or timezone.now()
    if post.go_live_at and post.go_live_at > now:
        return timezone.localdate(post.go_live_at)
    return post.date


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class RelatedPost(Orderable):
    """A post an editor pins under another, instead of the automatic choice."""

    page = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="pinned_related")
    post = models.ForeignKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="+", help_text="A post to show."
    )

    panels = [FieldPanel("post")]


class BlogPostForm(CheckedPageForm):
    """The post editor: a clinician's new post names them as its author from the start, and
    the pages a post may link to (author, conditions, therapies) are, for anyone but an editor,
    the public ones and those already chosen: a clinician never reads the title of a draft or
    restricted page in its tick boxes."""

    linked_page_fields = ("author", "related_conditions", "related_therapies")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if self.instance._state.adding and not self.initial.get("author") and user:
            profile = ClinicianPage.objects.filter(user=user).first()
            if profile is not None:
                self.initial["author"] = profile.pk
        if user is not None and not is_editor(user):
            self._limit_linked_pages(user)
        go_live_at = self.fields.get("go_live_at")
        if go_live_at is not None:
            # The status panel's "Set schedule" dialog: one plain name for the one way to
            # publish a post later.
            go_live_at.label = "Publish on"
            go_live_at.help_text = "The post goes live then and shows that day as its date."

    def _limit_linked_pages(self, user):
        for name in self.linked_page_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            chosen = Q()
            if self.instance.pk:
                value = getattr(self.instance, name)
                if name == "author":
                    chosen = Q(pk=self.instance.author_id) if self.instance.author_id else Q()
                else:
                    chosen = Q(pk__in=[page.pk for page in value.all()])
            if name == "author":
                chosen |= Q(user=user)  # their own profile, published or not
            field.queryset = field.queryset.filter(public_q() | chosen)


class BlogPostPage(BasePage):
    """A clinician's article. The byline is built from the author's profile (credentials,
    role, license), so it is never typed by hand."""

    author = models.ForeignKey(
        "practice.ClinicianPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_posts",
        help_text="The clinician who wrote the post. Yours is filled in for you.",
    )
    date = models.DateField(
        "post date",
        default=timezone.localdate,
        help_text=(
            "The date shown on the post. To publish it later, choose 'Set schedule' in the Status "
            "panel (top right) and pick the day under 'Publish on': the post then takes that day "
            "as its date."
        ),
    )
    summary = models.TextField(
        max_length=400,
        help_text="Two or three sentences for the blog list, feeds, search results and previews.",
    )
    hero_image = models.ForeignKey(
        "practice.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture at the top of the post and on its card.",
    )
    body = StreamField(BlogBodyBlock(), help_text="The article. Cite a source with [@its-key].")
    tags = ClusterTaggableManager(
        "topics",
        through=BlogPostTag,
        blank=True,
        help_text="A few topics, e.g. 'psychodynamic therapy', 'anxiety'. Used for related posts.",
    )
    related_conditions = ParentalManyToManyField(
        "therapy_pages.ConditionPage",
        blank=True,
        related_name="blog_posts",
        help_text="Conditions the post is about; their pages link back to it.",
    )
    related_therapies = ParentalManyToManyField(
        "therapy_pages.TherapyPage",
        blank=True,
        related_name="blog_posts",
        help_text="Therapies the post is about.",
    )
    comments_open = models.BooleanField(
        default=True, help_text="Untick to close comments on this post."
    )

    base_form_class = BlogPostForm
    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("author"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("related_conditions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_therapies", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Topics and relations",
        ),
        InlinePanel(
            "pinned_related",
            max_num=3,
            heading="Pinned related posts",
            label="Related post",
            help_text="Optional: up to three posts to show under this one instead of the automatic choice.",
        ),
        FieldPanel("comments_open"),
    ]
    # A post is never a menu item: the promote tab keeps only what search engines read.
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="For search engines",
        )
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),  # below the title (2), above the body
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    template = "pages/blog_post_page.html"
    search_label = "Blog post"
    content_checks = ("reading", *BasePage.content_checks)
    reading_target_setting = "blog_grade_target"
    og_type = "article"  # link previews show it as an article
    page_cache_display_fields = ("summary", "body", "hero_image", "seo_title", "search_description")
    # The byline, the pictures and the links under the post, read with it when it is served.
    serve_select_related = ("author", "author__photo", "author__supervisor", "hero_image")
    serve_related_pages = (("related_conditions", "title"), ("related_therapies", "title"))
    accepts_public_form_posts = True  # comments: origin checked (practice.csrf), no CSRF token

    def clean(self):
        super().clean()
        self.date = scheduled_date(self)

    def permissions_for_user(self, user):
        from blog.permissions import BlogPostPermissionTester

        return BlogPostPermissionTester(user, self)

    class Meta:
        verbose_name = "blog post"

    def get_structured_data(self, request, practice=None):
        return [blog_posting(self, request, practice)]

    @property
    def public_author(self):
        """The author, when their profile is public (`public_q`): bylines, cards, feeds and
        structured data name only them."""
        return self.public_foreign_page("author", getattr(self, "_request", None))

    def named_clinicians(self):
        """Where this post names a clinician (the content-health report): the byline, and the
        cards of its related posts."""
        named = [("byline", self.public_author)] if self.public_author else []
        for post in self.get_related_posts():
            if post.public_author:
                named.append(("related post card", post.public_author))
        return named

    @cached_property
    def reading_minutes(self):
        """Minutes to read the body at 200 words a minute (sources not counted)."""
        words = 0
        for block, value in iter_block_values(self.body.stream_block, self.body):
            if isinstance(block, CitationBlock):
                continue
            if isinstance(value, RichText):
                words += len(re.findall(r"\w+", strip_tags(value.source)))
            elif isinstance(value, str) and not isinstance(block, blocks.ChoiceBlock):
                words += len(re.findall(r"\w+", value))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def topics(self):
        """The post's topics, with SQL built once (a preview's unsaved tags are in memory)."""
        tags = self.tags.all()
        if not self.pk or not isinstance(tags, models.QuerySet):
            return list(tags)
        relation = BlogPostTag.tag_relname()  # in the order they were given, as Wagtail's

        def build(pk):
            tags = Tag.objects.filter(**{f"{relation}__content_object": pk})
            return tags.order_by(f"{relation}__id")

        return POST_TOPICS.rows(None, build, self.pk)

    def get_related_posts(self, topics=None, conditions=None, limit=3, request=None):
        """Pinned posts when an editor chose them; otherwise the posts sharing most topics, then
        most conditions, newest first, topped up with the latest posts. `topics` and
        `conditions` may be passed in when the caller has them already. Only public posts
        (`public_posts`), pinned or not.

        One query for a saved post: every public post is ranked in the database (pinned first,
        in the editor's order), and only pinned ones are kept when there are any. A preview's
        unsaved pins are read from memory, and checked in one query."""
        pins = self.pinned_related.all()
        pins_in_memory = not isinstance(pins, models.QuerySet)
        if pins_in_memory:
            posts = public_posts(request).select_related("hero_image")
            pinned_ids = [link.post_id for link in pins if link.post_id]
            public = {post.pk: post for post in posts.filter(pk__in=pinned_ids)}
            pinned = [public[pk] for pk in pinned_ids if pk in public]
            if pinned:
                return pinned[:limit]
        topics = list(self.tags.all()) if topics is None else topics
        conditions = list(self.related_conditions.all()) if conditions is None else conditions
        tag_ids = [tag.pk for tag in topics]
        condition_ids = [condition.pk for condition in conditions]
        if self.pk and not pins_in_memory:
            site = Site.find_for_request(request) if request is not None else None  # query_plans
            key = (site.root_page.path if site else None, limit)
            ranked = RELATED_POSTS.rows(
                key,
                lambda pk, tags, conditions: _ranked_posts(request, pk, tags, conditions, limit),
                self.pk,
                tag_ids,
                condition_ids,
            )
        else:
            ranked = _ranked_posts(request, self.pk, tag_ids, condition_ids, limit, pins=False)
        pinned = [post for post in ranked if getattr(post, "pin_order", None) is not None]
        return pinned or ranked

    def get_context(self, request, *args, **kwargs):
        from blog.comments import comment_context

        context = super().get_context(request, *args, **kwargs)
        # Routing left the blog index on the post as its parent (no query).
        context["blog_index"] = self.get_parent().specific
        context["references"], context["citation_numbers"] = numbered_references(self.body)
        context["topics"] = self.topics()
        context["conditions"], context["therapies"] = self.get_related_pages(
            *self.serve_related_pages, request=request
        )
        context["related_posts"] = self.get_related_posts(
            context["topics"], context["conditions"], request=request
        )
        context.update(comment_context(self, request))
        # Every picture on the page, its renditions in one query.
        prefetch_renditions(
            *self.get_content_images(),
            self.public_author.photo if self.public_author else None,
            *(post.hero_image for post in context["related_posts"]),
        )
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from blog.comments import handle_comment

            return handle_comment(self, request)
        return super().serve(request, *args, **kwargs)
