"""Reports → Content health: one row per live page (PageHealth, content_health.health) with its
reading grade against the target, review status, missing meta description, images without alt
text, broken internal links, claim and license-display flags; filters; CSV and XLSX export
(every cell neutralised by practice/exports.py, as for every admin export). The dashboard panel
counts the pages needing attention and links to the report filtered on them.

Editors read it (the access rows in content_health/wagtail_hooks.py)."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from content_health.health import attention_q, refresh_stale
from content_health.models import PageHealth

__all__ = ["ContentHealthPanel", "ContentHealthReportView"]


def review_label(row, today=None):
    today = today or timezone.localdate()
    if row.reviewed is None:
        return "—"
    if row.review_due and row.review_due < today:
        return f"Overdue since {row.review_due:%B} {row.review_due.day}, {row.review_due.year}"
    if not row.reviewed:
        return "Sign-off needed"
    return "Reviewed"


def grade_label(row):
    if row.grade is None:
        return "—"
    return f"{row.grade} (target {row.target})"


def problems_label(row):
    """The other checks in a few words: "No meta description · 2 claim flags", or "—"."""
    parts = ["No meta description"] if row.meta_missing else []
    for count, one, many in [
        (row.images_without_alt, "image without alt text", "images without alt text"),
        (row.broken_links, "broken link", "broken links"),
        (row.claim_flags, "claim flag", "claim flags"),
        (row.license_flags, "license flag", "license flags"),
    ]:
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return " · ".join(parts) or "—"


def needs_attention(row, today=None):
    today = today or timezone.localdate()
    return row.attention or bool(row.review_due and row.review_due < today)


class ContentHealthFilterSet(WagtailFilterSet):
    attention = django_filters.BooleanFilter(
        label="Needs attention",
        method="filter_attention",
        widget=forms.NullBooleanSelect,
    )
    page_type = django_filters.ChoiceFilter(label="Page type", choices=[])
    problem = django_filters.ChoiceFilter(
        label="Problem",
        method="filter_problem",
        choices=[
            ("reading", "Above reading target"),
            ("review", "Clinical sign-off"),
            ("meta", "No meta description"),
            ("alt", "Images without alt text"),
            ("links", "Broken internal links"),
            ("claims", "Claim flags"),
            ("license", "License display"),
        ],
    )

    class Meta:
        model = PageHealth
        fields = ["attention", "page_type", "problem"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = PageHealth.objects.order_by("page_type").values_list("page_type", flat=True)
        self.filters["page_type"].extra["choices"] = [(t, t) for t in types.distinct()]

    def filter_attention(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(attention_q()) if value else queryset.exclude(attention_q())

    def filter_problem(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "reading": lambda: queryset.filter(above_target=True),
            "review": lambda: (
                queryset.filter(reviewed=False) | queryset.filter(review_due__lt=today)
            ),
            "meta": lambda: queryset.filter(meta_missing=True),
            "alt": lambda: queryset.filter(images_without_alt__gt=0),
            "links": lambda: queryset.filter(broken_links__gt=0),
            "claims": lambda: queryset.filter(claim_flags__gt=0),
            "license": lambda: queryset.filter(license_flags__gt=0),
        }.get(value, lambda: queryset)()


class ContentHealthReportView(ReportView):
    page_title = "Content health"
    header_icon = "doc-full"
    index_url_name = "content_health_report"
    index_results_url_name = "content_health_report_results"
    filterset_class = ContentHealthFilterSet
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label="Page",
            accessor=lambda row: row.page.title,
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page_id]),
        ),
        Column("page_type", label="Type"),
        Column("grade", label="Reading grade", accessor=grade_label),
        Column("review", label="Clinical review", accessor=review_label),
        Column("problems", label="Other checks", accessor=problems_label),
        Column(
            "attention",
            label="Needs attention",
            accessor=lambda r: "Yes" if needs_attention(r) else "No",
        ),
    ]
    list_export = [
        "page_title",
        "page_type",
        "grade",
        "target",
        "review",
        "meta_missing",
        "images_without_alt",
        "broken_links",
        "claim_flags",
        "license_flags",
        "needs_attention",
        "findings",
    ]
    export_headings = {
        "page_title": "Page",
        "page_type": "Type",
        "grade": "Reading grade",
        "target": "Target",
        "review": "Clinical review",
        "meta_missing": "No meta description",
        "images_without_alt": "Images without alt text",
        "broken_links": "Broken internal links",
        "claim_flags": "Claim flags",
        "license_flags": "License flags",
        "needs_attention": "Needs attention",
        "findings": "Findings",
    }

    def get_queryset(self):
        refresh_stale()
        return PageHealth.objects.select_related("page").order_by("page__path")

    def to_row_dict(self, item):
        values = {
            "page_title": item.page.title,
            "page_type": item.page_type,
            "grade": "" if item.grade is None else str(item.grade),
            "target": "" if item.target is None else str(item.target),
            "review": review_label(item),
            "meta_missing": "yes" if item.meta_missing else "no",
            "images_without_alt": item.images_without_alt,
            "broken_links": item.broken_links,
            "claim_flags": item.claim_flags,
            "license_flags": item.license_flags,
            "needs_attention": "yes" if needs_attention(item) else "no",
            "findings": " | ".join(item.flags),
        }
        return {name: values[name] for name in self.list_export}


class ContentHealthPanel(Component):
    """Dashboard panel for editors: how many live pages need attention."""

    name = "content_health"
    template_name = "content_health/dashboard_panel.html"
    order = 55

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        refresh_stale()
        context["attention_count"] = PageHealth.objects.filter(attention_q()).count()
        context["checked_count"] = PageHealth.objects.count()
        context["report_url"] = reverse("content_health_report") + "?attention=true"
        return context
