"""Dashboard panels about posts: for editors, the posts scheduled to go live; for a clinician,
their own drafts, scheduled and recent posts. Registered in blog/wagtail_hooks.py."""

import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import dateformat, timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Revision

from blog.models import BlogIndexPage, BlogPostPage
from practice.admin_access import is_editor

SHOWN = 5  # rows per list


def practice_time(moment):
    """A moment in the practice's time zone, as staff read it: "December 3, 2026, 9:00 a.m."."""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return dateformat.format(local, "F j, Y, g:i a")


def scheduled_revisions(posts=None):
    """Revisions of posts approved to go live later, soonest first (one per post: Wagtail keeps
    one scheduled revision per page)."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(BlogPostPage),
        approved_go_live_at__isnull=False,
    ).order_by("approved_go_live_at", "pk")
    if posts is not None:
        revisions = revisions.filter(object_id__in=[str(pk) for pk in posts])
    return revisions


def scheduled_rows(posts=None):
    revisions = list(scheduled_revisions(posts))
    pages = BlogPostPage.objects.filter(pk__in=[int(r.object_id) for r in revisions])
    by_pk = {page.pk: page for page in pages.select_related("author").defer_streamfields()}
    rows = []
    for revision in revisions:
        page = by_pk.get(int(revision.object_id))
        if page is None:
            continue
        rows.append(
            {
                "page": page,
                "title": revision.object_str or page.draft_title,
                "author": page.author.display_name if page.author else "No author",
                "when": practice_time(revision.approved_go_live_at),
            }
        )
    return rows


class ScheduledPostsPanel(Component):
    """For editors: every post waiting to go live, with its author and the moment it will."""

    name = "scheduled_posts"
    template_name = "dashboard/scheduled_posts_panel.html"
    order = 65

    def get_context_data(self, parent_context):
        rows = scheduled_rows()
        return {"rows": rows[:SHOWN], "more": max(len(rows) - SHOWN, 0)}


def own_posts(user):
    """The posts a clinician wrote or started: theirs by author (their profile) or by owner."""
    return BlogPostPage.objects.filter(Q(owner=user) | Q(author__user=user)).defer_streamfields()


class OwnPostsPanel(Component):
    """For a clinician: their drafts, their scheduled posts and their latest published posts,
    each linking to its editor."""

    name = "own_posts"
    template_name = "dashboard/own_posts_panel.html"
    order = 46

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        posts = own_posts(self.user)
        scheduled = scheduled_rows(list(posts.values_list("pk", flat=True)))
        scheduled_pks = {row["page"].pk for row in scheduled}
        drafts = (
            posts.filter(live=False)
            .exclude(pk__in=scheduled_pks)
            .order_by("-latest_revision_created_at", "-pk")
        )
        recent = posts.filter(live=True).order_by("-last_published_at", "-pk")
        drafts_count = drafts.count()
        return {
            "drafts": list(drafts[:SHOWN]),
            "drafts_more": max(drafts_count - SHOWN, 0),
            "scheduled": scheduled[:SHOWN],
            "recent": list(recent[:SHOWN]),
        }


def add_post_panels(request, panels):
    if is_editor(request.user):
        panels.append(ScheduledPostsPanel())
        return
    blog_index = BlogIndexPage.objects.first()
    if blog_index is not None and blog_index.permissions_for_user(request.user).can_add_subpage():
        panels.append(OwnPostsPanel(request.user))
