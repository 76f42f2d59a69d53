from django.db import models

from practice.citations import numbered_references
from therapy_pages.seo import medical_web_page

__all__ = ["ExplainerContextMixin"]


class ExplainerContextMixin(models.Model):
    """Context shared by therapy and condition pages: the numbered references for the body,
    and the reviewer named only when their profile is public; and their JSON-LD, a
    MedicalWebPage about the page's `schema_about_type`.

    An abstract model, not a plain class: migrations leave abstract bases out, where a plain
    mixin would be frozen into every migration's `bases` and tie them to this module."""

    # What the page is about, as a schema.org type ("PsychologicalTreatment").
    schema_about_type = None

    class Meta:
        abstract = True

    @property
    def public_reviewer(self):
        """The clinician who reviewed the page, when their profile is public (`public_q`)."""
        return self.public_foreign_page("reviewed_by")

    def named_clinicians(self):
        """Where this page names a clinician, for the license-display check
        (content_health.checks): the reviewer in the "Reviewed by" line and the JSON-LD."""
        return [("review line", self.reviewed_by)] if self.reviewed_by_id else []

    def get_structured_data(self, request, practice=None):
        return [medical_web_page(self, request, practice, self.schema_about_type)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["references"], context["citation_numbers"] = numbered_references(self.body)
        return context
