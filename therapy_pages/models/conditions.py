from itertools import groupby

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index

from practice.models import BasePage, ClinicalReviewMixin, IndexPage, public_children
from therapy_pages.blocks import ConditionBodyBlock

from .base import ExplainerContextMixin

__all__ = ["ConditionIndexPage", "ConditionPage"]


class ConditionIndexPage(IndexPage):
    """/conditions/: the conditions the practice treats, A to Z."""

    subpage_types = ["therapy_pages.ConditionPage"]
    template = "pages/condition_index_page.html"
    search_help_link = True

    class Meta:
        verbose_name = "condition index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        conditions = sorted(
            public_children(ConditionPage, self, site),
            key=lambda page: page.title.lower(),
        )
        context["letters"] = [
            (letter, list(group))
            for letter, group in groupby(conditions, key=lambda page: page.title[:1].upper())
        ]
        return context


class ConditionPage(ExplainerContextMixin, ClinicalReviewMixin, BasePage):
    """A condition the practice treats. The therapies that help and the clinicians who work with
    it are found through their own pages' choices, so there is no second list to keep in sync."""

    summary = models.TextField(
        max_length=400,
        help_text="Two or three plain sentences about the condition. Used in the A–Z list, search "
        "results and link previews.",
    )
    body = StreamField(
        ConditionBodyBlock(),
        help_text="Signs, how therapy helps, and when to seek help now (the crisis line is added).",
    )
    # Chosen on each clinician's profile (`ClinicianCondition`); `clinician.conditions` in return.
    clinicians = models.ManyToManyField(
        "practice.ClinicianPage",
        through="therapy_pages.ClinicianCondition",
        related_name="conditions",
        blank=True,
        help_text="The clinicians who work with it, chosen on their own profiles.",
    )

    content_panels = (
        BasePage.content_panels
        + [FieldPanel("summary"), FieldPanel("body")]
        + ClinicalReviewMixin.review_panels
    )
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),  # below the title (2), above the body
        index.SearchField("body"),
    ]

    parent_page_types = ["therapy_pages.ConditionIndexPage"]
    subpage_types = []
    template = "pages/condition_page.html"
    # A copy is a new condition: the clinicians choose it on their own profiles.
    exclude_fields_in_copy = ["clinicians"]
    search_label = "Condition"
    content_checks = ("reading", "review", *BasePage.content_checks)
    reading_target_setting = "condition_grade_target"
    schema_about_type = "MedicalCondition"  # its JSON-LD is a MedicalWebPage about it
    # The reviewer in the clinical review line, the therapies that help (with their summaries)
    # and the clinicians, read with the page when it is served.
    serve_select_related = ("reviewed_by",)
    serve_related_pages = (("therapies", "title"), ("clinicians", "path"))

    class Meta:
        verbose_name = "condition page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk:
            context["therapies"], context["clinicians"] = self.get_related_pages(
                *self.serve_related_pages, request=request
            )
        return context
