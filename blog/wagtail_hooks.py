"""Comment moderation in the admin: a Comments listing filtered by status and post, bulk
approve / reject / spam, and a dashboard panel counting comments waiting."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import BlogIndexPage, BlogPostPage, Comment
from practice.admin_access import EDITORS
from practice.page_cache import invalidate as invalidate_page_cache


class CommentFilterSet(WagtailFilterSet):
    post = django_filters.ModelChoiceFilter(
        queryset=BlogPostPage.objects.order_by("title"), label="Post"
    )

    class Meta:
        model = Comment
        fields = ["status", "post"]


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "body_excerpt", "post", "status", "created"]
    list_per_page = 50
    filterset_class = CommentFilterSet
    search_fields = ["name", "body", "email"]
    ordering = ["-created"]
    copy_view_enabled = False
    inspect_view_enabled = True


register_snippet(CommentViewSet)


class SetCommentStatus(SnippetBulkAction):
    """Bulk action base: move the chosen comments to one status."""

    models = [Comment]
    template_name = "blog/bulk_actions/confirm_comment_status.html"
    status = None

    def check_perm(self, obj):
        return self.request.user.has_perm("blog.change_comment")

    def dispatch(self, request, *args, **kwargs):
        # The confirmation screen would list every chosen comment even to someone who may not
        # moderate them.
        if not request.user.has_perm("blog.change_comment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        ids = [obj.pk for obj in objects]
        updated = Comment.objects.filter(pk__in=ids).update(
            status=cls.status, moderated_at=timezone.now()
        )
        # update() sends no post_save: tell the page cache that posts' comments changed.
        invalidate_page_cache(f"{updated} comments marked {cls.status}")
        return updated, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        label = Comment.Status(self.status).label.lower()
        return (
            f"{num_parent_objects} comment{'s' if num_parent_objects != 1 else ''} marked {label}."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        return context


@hooks.register("register_bulk_action")
class ApproveComments(SetCommentStatus):
    display_name = "Approve"
    aria_label = "Approve the selected comments"
    action_type = "approve"
    action_priority = 10
    status = Comment.Status.APPROVED


@hooks.register("register_bulk_action")
class RejectComments(SetCommentStatus):
    display_name = "Reject"
    aria_label = "Reject the selected comments"
    action_type = "reject"
    action_priority = 20
    status = Comment.Status.REJECTED


@hooks.register("register_bulk_action")
class MarkCommentsSpam(SetCommentStatus):
    display_name = "Mark as spam"
    aria_label = "Mark the selected comments as spam"
    action_type = "spam"
    action_priority = 25
    status = Comment.Status.SPAM


class PendingCommentsPanel(Component):
    name = "pending_comments"
    template_name = "blog/dashboard/pending_comments_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending_count"] = Comment.objects.pending().count()
        return context


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if request.user.has_perm("blog.change_comment"):
        panels.append(PendingCommentsPanel())


class WritePostPanel(Component):
    """Dashboard panel for anyone who may write posts: one click to a new post."""

    name = "write_post"
    template_name = "blog/dashboard/write_post_panel.html"
    order = 45

    def __init__(self, blog_index):
        self.blog_index = blog_index

    def get_context_data(self, parent_context):
        return {"blog_index": self.blog_index}


@hooks.register("construct_homepage_panels")
def add_write_post_panel(request, panels):
    blog_index = BlogIndexPage.objects.first()
    if blog_index is not None and blog_index.permissions_for_user(request.user).can_add_subpage():
        panels.append(WritePostPanel(blog_index))


@hooks.register("register_admin_access")
def comment_screens_access():
    """Who may open the comment screens (practice/admin_access.py): the editors moderate."""
    return {
        "wagtailsnippets_blog_comment:*": EDITORS,
        "wagtailsnippetchoosers_blog_comment:*": EDITORS,
    }
