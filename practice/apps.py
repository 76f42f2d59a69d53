from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """The ground floor: settings, the base page, site-wide settings, team and shared blocks."""

    name = "practice"
    verbose_name = "Practice"

    def ready(self):
        from practice.exports import protect_spreadsheet_exports
        from practice.page_cache_invalidation import connect_signals

        connect_signals()
        # Every admin export (the clinical reviews report's, Wagtail's own reports and listings)
        # neutralises cells a spreadsheet would run as formulas.
        protect_spreadsheet_exports()
