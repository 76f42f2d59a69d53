from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """The ground floor: settings, the base page, site-wide settings, team and shared blocks."""

    name = "practice"
    verbose_name = "Practice"

    def ready(self):
        from practice.page_cache import connect_signals

        connect_signals()
