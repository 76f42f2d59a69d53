from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index

from practice.models import (
    BasePage,
    ClinicalReviewMixin,
    IndexPage,
    public_children,
    public_relation_pages,
    relation_rows,
)
from therapy_pages.blocks import TherapyBodyBlock

from .base import ExplainerContextMixin

__all__ = ["TherapyIndexPage", "TherapyPage"]


class TherapyIndexPage(IndexPage):
    """/therapies/: every therapy the practice offers, with its summary."""

    subpage_types = ["therapy_pages.TherapyPage"]
    template = "pages/therapy_index_page.html"
    search_help_link = True

    class Meta:
        verbose_name = "therapy index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["therapies"] = public_children(TherapyPage, self, Site.find_for_request(request))
        return context


class TherapyPage(ExplainerContextMixin, ClinicalReviewMixin, BasePage):
    """A therapy explainer: what it is, who it helps, what it helps with, how it works, what it is
    not and the evidence. Populations and conditions are chosen, not typed, so every page that
    names them stays in step."""

    summary = models.TextField(
        max_length=400,
        help_text="Two or three plain sentences: what this therapy is. Used in listings, search "
        "results and link previews.",
    )
    body = StreamField(
        TherapyBodyBlock(),
        help_text="The explainer's sections. Add 'Who it helps' where the groups and conditions "
        "below should appear.",
    )
    populations = ParentalManyToManyField(
        "therapy_pages.Population",
        blank=True,
        related_name="therapies",
        help_text="The groups of people this therapy can help (manage the list under Snippets).",
    )
    conditions = ParentalManyToManyField(
        "therapy_pages.ConditionPage",
        blank=True,
        related_name="therapies",
        help_text="Conditions it helps with. Each condition's page lists this therapy in return.",
    )
    # Chosen on each clinician's profile (`ClinicianTherapy`); `clinician.therapies` in return.
    clinicians = models.ManyToManyField(
        "practice.ClinicianPage",
        through="therapy_pages.ClinicianTherapy",
        related_name="therapies",
        blank=True,
        help_text="The clinicians who offer it, chosen on their own profiles.",
    )

    content_panels = (
        BasePage.content_panels
        + [
            FieldPanel("summary"),
            MultiFieldPanel(
                [
                    FieldPanel("populations", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
                ],
                heading="Who it helps",
            ),
            FieldPanel("body"),
        ]
        + ClinicalReviewMixin.review_panels
    )
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),  # below the title (2), above the body
        index.SearchField("body"),
    ]

    parent_page_types = ["therapy_pages.TherapyIndexPage"]
    subpage_types = []
    template = "pages/therapy_page.html"
    # A copy is a new therapy: the clinicians choose it on their own profiles.
    exclude_fields_in_copy = ["clinicians"]
    search_label = "Therapy"
    content_checks = ("reading", "review", *BasePage.content_checks)
    reading_target_setting = "therapy_grade_target"
    schema_about_type = "PsychologicalTreatment"  # its JSON-LD is a MedicalWebPage about it
    # The reviewer in the clinical review line, the conditions it helps with and the clinicians
    # who offer it, read with the page when it is served.
    serve_select_related = ("reviewed_by",)
    serve_related_pages = (("conditions", "title"), ("clinicians", "path"))

    class Meta:
        verbose_name = "therapy page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["populations"] = relation_rows(self, "populations")
        context["has_who_it_helps_block"] = any(
            block.block_type == "who_it_helps" for block in self.body
        )
        if self.pk:
            context["conditions"], context["clinicians"] = self.get_related_pages(
                *self.serve_related_pages, request=request
            )
        else:  # a new page's preview: nobody can have chosen it yet
            site = Site.find_for_request(request)
            context["conditions"] = public_relation_pages(self.conditions, "title", site)
            context["clinicians"] = []
        return context
