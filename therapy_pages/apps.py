from django.apps import AppConfig


class TherapyPagesConfig(AppConfig):
    """Therapy explainers and the conditions the practice treats. Stands on `practice`."""

    name = "therapy_pages"
    verbose_name = "Therapies and conditions"

    def ready(self):
        from practice.page_cache_invalidation import invalidate_on_change
        from therapy_pages.models import Population

        # Populations are listed on therapy pages.
        invalidate_on_change(Population)
