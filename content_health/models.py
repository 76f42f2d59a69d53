"""The practice's content standards (Settings → Content standards), the phrases its honest-claims
check looks for (Snippets → Claim rules) and each revision's reading level."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

__all__ = ["ClaimRule", "ContentStandards", "ReadingLevel"]

GRADE_VALIDATORS = [MinValueValidator(3), MaxValueValidator(16)]
MAX_REVIEW_MONTHS = 36  # the Patient Information Forum's longest review cycle: three years


def grade_field(label):
    return models.PositiveSmallIntegerField(
        label,
        default=8,
        validators=GRADE_VALIDATORS,
        help_text="US school grade (Flesch-Kincaid). 8 suits most readers; 6 is easier.",
    )


@register_setting(icon="doc-full", order=20)
class ContentStandards(BaseGenericSetting):
    therapy_grade_target = grade_field("reading grade target: therapy pages")
    condition_grade_target = grade_field("reading grade target: condition pages")
    blog_grade_target = grade_field("reading grade target: blog posts")
    block_above_target = models.BooleanField(
        "block publishing above target",
        default=False,
        help_text="Off: a page above its target publishes with a warning. On: it cannot be "
        "published until it is easier to read.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "clinical review interval (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_MONTHS)],
        help_text="How recent a therapy or condition page's last review must be to publish it. "
        "At most 36 (three years).",
    )
    second_reviewer = models.BooleanField(
        "require a second reviewer",
        default=False,
        help_text="On: the clinician who publishes a change to a therapy or condition page "
        "cannot also be the one who reviewed it.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("therapy_grade_target"),
                FieldPanel("condition_grade_target"),
                FieldPanel("blog_grade_target"),
                FieldPanel("block_above_target"),
            ],
            heading="Reading level",
        ),
        MultiFieldPanel(
            [FieldPanel("review_interval_months"), FieldPanel("second_reviewer")],
            heading="Clinical sign-off",
        ),
    ]

    class Meta:
        verbose_name = "content standards"


class ClaimRule(models.Model):
    """A phrase the honest-claims check flags, why, and the rule it comes from."""

    class Kind(models.TextChoices):
        PROMISE = "promise", "Promise of a result"
        SUPERLATIVE = "superlative", "Superlative about the practice"
        TESTIMONIAL = "testimonial", "Asking for reviews or testimonials"
        OTHER = "other", "Other"

    phrase = models.CharField(
        max_length=120,
        unique=True,
        help_text="Words to look for, matched whole and in any case, e.g. 'guaranteed'. "
        "A * stands for any word ending: 'cure*' finds cure, cures and cured.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    why = models.CharField(
        max_length=300, help_text="What the writer sees, in plain words: why it is a problem."
    )
    rule_name = models.CharField(
        max_length=120, help_text="The rule it comes from, e.g. 'APA Ethics Code 5.01'."
    )
    rule_url = models.URLField(blank=True, help_text="A link to the rule, if it is online.")

    panels = [
        FieldPanel("phrase"),
        FieldPanel("kind"),
        FieldPanel("why"),
        FieldPanel("rule_name"),
        FieldPanel("rule_url"),
    ]

    class Meta:
        ordering = ["kind", "phrase"]
        verbose_name = "claim rule"

    def __str__(self):
        return self.phrase


class ReadingLevel(models.Model):
    """The reading level of one page revision, computed when the revision is saved."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="reading_level"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    grade = models.DecimalField(max_digits=4, decimal_places=1)
    target = models.PositiveSmallIntegerField(null=True, blank=True)
    words = models.PositiveIntegerField()
    sentences = models.PositiveIntegerField()
    longest = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-computed_at"]
        indexes = [models.Index(fields=["page", "-computed_at"])]

    def __str__(self):
        return f"Grade {self.grade} (revision {self.revision_id})"


class PageHealth(models.Model):
    """One row of the Content health report: the checks of a live page as visitors read it,
    kept up to date when pages are published (content_health.health)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="health"
    )
    page_type = models.CharField(max_length=80, blank=True)
    grade = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    target = models.PositiveSmallIntegerField(null=True, blank=True)
    above_target = models.BooleanField(default=False)
    reviewed = models.BooleanField(null=True, help_text="None: no clinical review applies.")
    review_due = models.DateField(null=True, blank=True)
    meta_missing = models.BooleanField(default=False)
    images_without_alt = models.PositiveSmallIntegerField(default=0)
    broken_links = models.PositiveSmallIntegerField(default=0)
    claim_flags = models.PositiveSmallIntegerField(default=0)
    license_flags = models.PositiveSmallIntegerField(default=0)
    flags = models.JSONField(default=list)  # every finding's message, for the report and CSV
    attention = models.BooleanField(default=False)  # needs attention, whatever the date
    stale = models.BooleanField(default=True)  # checked again before the report is next read
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page__path"]
        verbose_name = "page health"
        verbose_name_plural = "page health"

    def __str__(self):
        return f"Health of page {self.page_id}"
