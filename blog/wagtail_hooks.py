"""The blog's admin, registered: comment moderation (blog/comment_admin.py), the dashboard's
panels, and who may open the comment screens."""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from blog.comment_admin import (
    CommentViewSet,
    PendingCommentsPanel,
    register_comment_policy,
)
from blog.comment_bulk_actions import ApproveComments, MarkCommentsSpam, RejectComments
from blog.dashboard import add_post_panels
from blog.models import BlogIndexPage
from practice.admin_access import EDITORS

register_comment_policy()  # first: before any screen asks for the comments' policy
register_snippet(CommentViewSet)
for _action in (ApproveComments, RejectComments, MarkCommentsSpam):
    hooks.register("register_bulk_action", _action)


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


hooks.register("construct_homepage_panels", add_post_panels)


@hooks.register("register_admin_access")
def comment_screens_access():
    """Who may open the comment screens (practice/admin_access.py): the editors moderate."""
    return {
        "wagtailsnippets_blog_comment:*": EDITORS,
        # One click: approve, reject or spam (blog/comment_admin.py). Add and edit answer 404.
        "wagtailsnippets_blog_comment:moderate": EDITORS,
        "wagtailsnippetchoosers_blog_comment:*": EDITORS,
    }
