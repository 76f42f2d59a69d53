"""Bulk approve / reject / spam on the Comments list: the chosen comments, one confirmation."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from blog.comment_admin import can_moderate
from blog.models import Comment
from practice.page_cache import invalidate as invalidate_page_cache


class SetCommentStatus(SnippetBulkAction):
    """Bulk action base: move the chosen comments to one status."""

    models = [Comment]
    template_name = "blog/bulk_actions/confirm_comment_status.html"
    status = None

    def check_perm(self, obj):
        return can_moderate(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        # The confirmation screen would list every chosen comment even to someone who may not
        # moderate them.
        if not can_moderate(request.user):
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


class ApproveComments(SetCommentStatus):
    display_name = "Approve"
    aria_label = "Approve the selected comments"
    action_type = "approve"
    action_priority = 10
    status = Comment.Status.APPROVED


class RejectComments(SetCommentStatus):
    display_name = "Reject"
    aria_label = "Reject the selected comments"
    action_type = "reject"
    action_priority = 20
    status = Comment.Status.REJECTED


class MarkCommentsSpam(SetCommentStatus):
    display_name = "Mark as spam"
    aria_label = "Mark the selected comments as spam"
    action_type = "spam"
    action_priority = 25
    status = Comment.Status.SPAM
