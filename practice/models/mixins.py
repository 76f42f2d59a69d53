import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

__all__ = ["ClinicalReviewMixin", "one_year_after"]

REVIEW_WARNING_DAYS = 30


def one_year_after(day):
    """The same calendar day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class ClinicalReviewMixin(models.Model):
    """Health information must be checked by a clinician and kept current: a page with this mixin
    says who reviewed it and when, and turns up in the "Clinical reviews due" report when its
    next review is near or past."""

    reviewed_by = models.ForeignKey(
        "practice.ClinicianPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who checked this page's clinical content.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="The day the clinical content was last checked."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the page should be checked again. Leave empty for a year after the last review.",
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
            ],
            heading="Clinical review",
        )
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.apply_review_default()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "The last review cannot be in the future."
        if self.last_reviewed and not self.reviewed_by_id:
            errors["reviewed_by"] = "Say which clinician reviewed the page."
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must come after the last review."
        if errors:
            raise ValidationError(errors)
        self.apply_review_default()

    def publish_refusals(self, intent):
        """No publication without a clinician's sign-off within the practice's review interval
        (content_health.checks.review_refusals)."""
        from content_health.checks import review_refusals

        return {**super().publish_refusals(intent), **review_refusals(self, intent)}

    def apply_review_default(self):
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = one_year_after(self.last_reviewed)

    def review_is_due(self, today=None):
        """True when the page was never reviewed or its next review is within 30 days or past."""
        today = today or timezone.localdate()
        if not self.next_review_due:
            return True
        return self.next_review_due <= today + datetime.timedelta(days=REVIEW_WARNING_DAYS)
