from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

__all__ = ["Population"]


@register_snippet
class Population(index.Indexed, models.Model):
    """A group of people a therapy serves ("College and graduate students"). Kept as a snippet so
    each group is named once and chosen on every therapy that helps it."""

    name = models.CharField(max_length=80, unique=True, help_text="e.g. 'Career professionals'.")
    description = models.CharField(
        max_length=200, blank=True, help_text="Optional short note shown with the name."
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first; equal numbers go A–Z."
    )

    # Chosen on each clinician's profile (`ClinicianPopulation`); `clinician.populations`.
    clinicians = models.ManyToManyField(
        "practice.ClinicianPage",
        through="therapy_pages.ClinicianPopulation",
        related_name="populations",
        blank=True,
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "population"

    def __str__(self):
        return self.name
