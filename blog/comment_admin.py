"""Comment moderation in the admin: the Comments list opens on the comments waiting, each row
approved, rejected or marked spam in one click (a small POST form per row, `moderate`), back to
the same filter and page with a message; a read-only "inspect" screen (bulk approve / reject /
spam for many at once: blog/comment_bulk_actions.py). What a visitor wrote is theirs: nobody adds a comment by hand or
changes one's name, e-mail or words (the add and edit screens answer 404, for superusers too).

Registered by blog/wagtail_hooks.py; who may open each URL is its `register_admin_access` rows
(the editors; clinicians never moderate comments)."""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet, UsageView

from blog.models import BlogPostPage, Comment

MODERATE_PERMISSION = "blog.change_comment"
# What one click may set, and the button that sets it.
ACTIONS = {
    Comment.Status.APPROVED: "Approve",
    Comment.Status.REJECTED: "Reject",
    Comment.Status.SPAM: "Spam",
}
ALL = "all"
STATUS_LABELS = {
    Comment.Status.PENDING: "Waiting",
    Comment.Status.APPROVED: "Approved",
    Comment.Status.REJECTED: "Rejected",
    Comment.Status.SPAM: "Spam",
}
STATUS_TABS = [*STATUS_LABELS.items(), (ALL, "All")]


def practice_time(value):
    """A moment as the practice reads it: Los Angeles time (settings.TIME_ZONE), US format,
    whatever time zone the signed-in user chose for the admin: "December 1, 2026, 3:30 p.m."."""
    if value is None:
        return ""
    return format_date(timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)), "F j, Y, P")


def can_moderate(user):
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


class VisitorWordsPolicy(ModelPermissionPolicy):
    """The comment screens never offer to add a comment or edit one: "add" and "change" are
    nobody's here, superusers' included. Moderating (the status only) is `can_moderate`."""

    NOBODYS = {"add", "change"}

    def user_has_permission(self, user, action):
        return action not in self.NOBODYS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.NOBODYS])


# One policy for every screen of the model. Wagtail 8 looks policies up by model
# (wagtail.permissions) and warns (RemovedInWagtail90Warning) when a viewset brings its own;
# Wagtail 7.4 has no registry and asks the viewset. `register_comment_policy` is called at the
# top of blog/wagtail_hooks.py, before any screen asks for the model's policy.
COMMENT_POLICY = VisitorWordsPolicy(Comment)


def register_comment_policy():
    try:
        from wagtail.permissions import register_permission_policy
    except ImportError:  # Wagtail 7.4: CommentViewSet.permission_policy is all there is
        return
    from wagtail.permissions import policy_registry

    if policy_registry.get_by_type(Comment, fallback=False) is not COMMENT_POLICY:
        register_permission_policy(Comment, COMMENT_POLICY)


def not_here(request, *args, **kwargs):
    raise Http404("Comments come from visitors: they are not added or edited in the admin.")


def refuse(urlpatterns, names):
    """The patterns, with the named ones answering 404 (kept, so their URL names still reverse)."""
    return [
        path(str(p.pattern), not_here, name=p.name) if p.name in names else p for p in urlpatterns
    ]


class CommentChooserViewSet(SnippetChooserViewSet):
    def get_urlpatterns(self):
        return refuse(super().get_urlpatterns(), {"create"})


class CommentFilterSet(WagtailFilterSet):
    """Opens on the comments waiting (no status asked for: "pending"); "all" shows every one."""

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=STATUS_TABS,
        empty_label=None,
        method="filter_status",
        initial=Comment.Status.PENDING,
        widget=forms.RadioSelect,
    )
    post = django_filters.ModelChoiceFilter(
        queryset=BlogPostPage.objects.order_by("title"), label="Post"
    )

    class Meta:
        model = Comment
        fields = ["status", "post"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = Comment.Status.PENDING
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(status=value)


def post_link(post, request):
    """The post's title, linked to the live post as visitors see it."""
    url = post.get_url(request) if post.live else None
    if url:
        return format_html('<a href="{}">{}</a>', url, post.title)
    return f"{post.title} (not live)"


class PostColumn(Column):
    def get_value(self, instance):
        return instance.post.title

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = post_link(instance.post, parent_context.get("request"))
        return context


class ReceivedColumn(Column):
    def get_value(self, instance):
        return practice_time(instance.created)


class CommentColumn(Column):
    """The comment's first words, and under them its status (outside Waiting) and one small
    form: a button for each status it is not in. Second in the row, so a phone shows it."""

    cell_template_name = "blog/comments/comment_cell.html"

    def get_value(self, instance):
        return instance.body_excerpt()

    def get_cell_context_data(self, instance, parent_context):
        from django.middleware.csrf import get_token

        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context.update(moderation_context(request, instance, list_url_with_query(request)))
        context["csrf_token"] = get_token(request)
        context["status_label"] = STATUS_LABELS[instance.status]
        return context


def list_url_with_query(request):
    """The Comments list as the editor sees it now (filter, search, page), for coming back."""
    query = request.GET.copy()
    query.pop("_w_filter_fragment", None)
    url = reverse("wagtailsnippets_blog_comment:list")
    return f"{url}?{query.urlencode()}" if query else url


def moderation_context(request, comment, next_url):
    return {
        "comment": comment,
        "moderate_url": reverse("wagtailsnippets_blog_comment:moderate", args=[comment.pk]),
        "actions": [(s, label) for s, label in ACTIONS.items() if s != comment.status],
        "next_url": next_url,
    }


class CommentIndexView(IndexView):
    @cached_property
    def active_filters(self):
        # The status tabs above the list say which status is shown: no second "Status:" pill.
        status_id = self.filters.form["status"].auto_id if self.filters else None
        return [f for f in super().active_filters if f.auto_id != status_id]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            Comment.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        current = self.filters.form.cleaned_data.get("status") if self.filters else None
        query = self.request.GET.copy()
        for name in ("p", "status", "_w_filter_fragment"):
            query.pop(name, None)
        tabs = []
        for status, label in STATUS_TABS:
            query["status"] = status
            count = sum(counts.values()) if status == ALL else counts.get(status, 0)
            tabs.append(
                {
                    "label": label,
                    "count": count,
                    "url": f"{self.index_url}?{query.urlencode()}",
                    "current": status == current,
                }
            )
        context["status_tabs"] = tabs
        context["waiting_only"] = current == Comment.Status.PENDING
        context["status_label"] = dict(STATUS_TABS).get(current, "")
        changed = set(self.filters.form.changed_data) if self.filters else set()
        context["by_status_only"] = not (changed - {"status"}) and not self.is_searching
        return context


class CommentInspectView(InspectView):
    template_name = "blog/comments/inspect.html"
    page_title = "Comment"
    labels = {"created": "Received", "moderated_at": "Moderated", "body": "Comment"}

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_post_display_value(self):
        return post_link(self.object.post, self.request)

    def get_email_display_value(self):
        return format_html('<a href="mailto:{0}">{0}</a>', self.object.email)

    def get_created_display_value(self):
        return practice_time(self.object.created)

    def get_moderated_at_display_value(self):
        return practice_time(self.object.moderated_at) or "Not yet"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_moderate(self.request.user):
            context.update(
                moderation_context(
                    self.request, self.object, reverse("wagtailsnippets_blog_comment:list")
                )
            )
        return context


class CommentUsageView(UsageView):
    permission_required = "view"  # Wagtail asks for "change", nobody's here


def next_url_within_list(request):
    """Where to go back to: the Comments list the form came from, never anywhere else."""
    list_url = reverse("wagtailsnippets_blog_comment:list")
    given = request.POST.get("next", "")
    parts = urlsplit(given)
    if parts.scheme or parts.netloc or parts.path != list_url:
        return list_url
    return given


def result_message(comment):
    title = comment.post.title
    if comment.status == Comment.Status.APPROVED:
        where = f"it shows on '{title}'" if comment.post.live else f"it will show on '{title}'"
        return f"Comment by {comment.name} approved: {where}."
    if comment.status == Comment.Status.REJECTED:
        return f"Comment by {comment.name} rejected: it does not show on '{title}'."
    return f"Comment by {comment.name} marked as spam: it does not show on '{title}'."


@require_POST
def moderate(request, pk):
    """One click: set a comment's status (approved, rejected or spam), back to the list."""
    if not can_moderate(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    status = request.POST.get("status")
    if status not in ACTIONS:
        return HttpResponseBadRequest("Choose approve, reject or spam.")
    comment.status = status
    comment.moderated_at = timezone.now()
    # post_save empties the page cache (blog.apps.comment_changed): the post shows it at once.
    comment.save(update_fields=["status", "moderated_at"])
    messages.success(request, result_message(comment))
    return redirect(next_url_within_list(request))


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        CommentColumn("body", label="Comment"),
        ReceivedColumn("created", label="Received", sort_key="created"),
        PostColumn("post", label="Post"),
    ]
    list_per_page = 50
    filterset_class = CommentFilterSet
    search_fields = ["name", "body", "email"]
    ordering = ["-created"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["post", "name", "email", "body", "status", "created", "moderated_at"]
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    usage_view_class = CommentUsageView
    index_results_template_name = "blog/comments/index_results.html"
    chooser_viewset_class = CommentChooserViewSet

    @property
    def permission_policy(self):
        return COMMENT_POLICY

    def get_queryset(self, request):
        return Comment.objects.select_related("post")

    def get_urlpatterns(self):
        return [
            *refuse(super().get_urlpatterns(), {"add", "edit"}),
            path("moderate/<int:pk>/", moderate, name="moderate"),
        ]


class PendingCommentsPanel(Component):
    name = "pending_comments"
    template_name = "blog/dashboard/pending_comments_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending_count"] = Comment.objects.pending().count()
        return context
