from django.apps import AppConfig


class TherapyPagesConfig(AppConfig):
    """Therapy explainers and the conditions the practice treats. Stands on `practice`."""

    name = "therapy_pages"
    verbose_name = "Therapies and conditions"
