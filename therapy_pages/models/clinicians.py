from django import forms
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

__all__ = ["ClinicianCondition", "ClinicianPopulation", "ClinicianTherapy"]


class ClinicianCondition(Orderable):
    """A condition a clinician works with. Chosen on the clinician's own profile (the child
    relation `condition_links` of `practice.ClinicianPage`), so drafts, revisions and previews
    carry the choice; defined here, above `practice`, so the ground floor's models and
    migrations name no page of this app. `ConditionPage.clinicians` and
    `ClinicianPage.conditions` read it both ways."""

    clinician = ParentalKey(
        "practice.ClinicianPage", on_delete=models.CASCADE, related_name="condition_links"
    )
    condition = models.ForeignKey(
        "therapy_pages.ConditionPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A condition this clinician works with; its page lists them.",
    )

    panels = [FieldPanel("condition")]

    class Meta(Orderable.Meta):
        verbose_name = "condition worked with"
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "condition"], name="unique_clinician_condition"
            )
        ]


class ClinicianTherapy(Orderable):
    """A therapy a clinician offers, chosen on their profile (`therapy_links`); see
    `ClinicianCondition`."""

    clinician = ParentalKey(
        "practice.ClinicianPage", on_delete=models.CASCADE, related_name="therapy_links"
    )
    therapy = models.ForeignKey(
        "therapy_pages.TherapyPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A therapy this clinician offers; its page lists them.",
    )

    panels = [FieldPanel("therapy")]

    class Meta(Orderable.Meta):
        verbose_name = "therapy offered"
        verbose_name_plural = "therapies offered"
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "therapy"], name="unique_clinician_therapy"
            )
        ]


class ClinicianPopulation(Orderable):
    """A group of people a clinician works with ("Couples"), chosen on their profile
    (`population_links`); see `ClinicianCondition`. `clinician.populations` reads it."""

    clinician = ParentalKey(
        "practice.ClinicianPage", on_delete=models.CASCADE, related_name="population_links"
    )
    population = models.ForeignKey(
        "therapy_pages.Population",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A group of people this clinician works with.",
    )

    # A plain list (not the snippet chooser, which is the editors'): clinicians choose too.
    panels = [FieldPanel("population", widget=forms.Select)]

    class Meta(Orderable.Meta):
        verbose_name = "group worked with"
        verbose_name_plural = "groups worked with"
        constraints = [
            models.UniqueConstraint(
                fields=["clinician", "population"], name="unique_clinician_population"
            )
        ]
