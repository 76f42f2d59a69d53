"""The "Clinical reviews due" admin report and its dashboard panel.

Works on every page model that uses ClinicalReviewMixin, found at run time, so this ground-floor
app never imports the apps that define those pages.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import get_page_models

from practice.models.mixins import REVIEW_WARNING_DAYS, ClinicalReviewMixin

PERMISSION = "practice.view_clinical_reviews"


def reviewed_page_models():
    return [model for model in get_page_models() if issubclass(model, ClinicalReviewMixin)]


def pages_due_for_review(today=None):
    """Pages never reviewed, past their review date, or due within 30 days; most urgent first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_WARNING_DAYS)
    pages = []
    for model in reviewed_page_models():
        due = model.objects.filter(next_review_due__lte=horizon) | model.objects.filter(
            next_review_due__isnull=True
        )
        pages.extend(due.select_related("reviewed_by").defer_streamfields())
    for page in pages:
        page.review_status = review_status(page, today)
    return sorted(pages, key=lambda p: (p.next_review_due or datetime.date.min, p.title))


def review_status(page, today):
    if page.next_review_due is None:
        return "Never reviewed"
    days = (page.next_review_due - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def format_date(value):
    return value.strftime("%b %-d, %Y") if value else "—"


def user_can_see_reviews(user):
    return user.is_active and user.has_perm(PERMISSION)


class MarkReviewedColumn(Column):
    """A 'Mark reviewed today' button per row: a POST to practice/review_admin.py."""

    cell_template_name = "dashboard/mark_reviewed_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token_value"] = get_token(request) if request else ""
        return context


class ClinicalReviewsDueView(ReportView):
    page_title = "Clinical reviews due"
    header_icon = "warning"
    index_url_name = "clinical_reviews_due"
    index_results_url_name = "clinical_reviews_due_results"
    paginate_by = 50
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("type", label="Type", accessor=lambda page: page._meta.verbose_name.capitalize()),
        Column(
            "reviewed_by",
            label="Reviewed by",
            accessor=lambda page: page.reviewed_by.display_name if page.reviewed_by else "—",
        ),
        Column(
            "last_reviewed", label="Last reviewed", accessor=lambda p: format_date(p.last_reviewed)
        ),
        Column(
            "next_review_due",
            label="Next review due",
            accessor=lambda p: format_date(p.next_review_due),
        ),
        Column("review_status", label="Status"),
        MarkReviewedColumn("mark_reviewed", label="Review", accessor=lambda page: page.pk),
    ]
    list_export = ["title", "reviewed_by", "last_reviewed", "next_review_due", "review_status"]
    export_headings = {
        "title": "Page",
        "reviewed_by": "Reviewed by",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
        "review_status": "Status",
    }

    def dispatch(self, request, *args, **kwargs):
        if not user_can_see_reviews(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return pages_due_for_review()


class ClinicalReviewsPanel(Component):
    """Dashboard panel: how many pages need a clinical review, linking to the report."""

    name = "clinical_reviews"
    template_name = "dashboard/clinical_reviews_panel.html"
    shown = 5  # the most urgent pages listed, each with its button
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = pages_due_for_review()
        context["due_count"] = len(pages)
        context["pages"] = pages[: self.shown]
        request = parent_context.get("request")
        context["csrf_token_value"] = get_token(request) if request else ""
        context["overdue_count"] = sum(
            1 for p in pages if p.review_status.startswith(("Overdue", "Never"))
        )
        return context
