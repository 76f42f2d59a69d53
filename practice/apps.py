from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _forget_query_plans(sender, using=None, **kwargs):
    from django.db import connections

    from practice.query_plans import forget_prepared_statements

    forget_prepared_statements(connections[using or "default"])


class PracticeConfig(AppConfig):
    """The ground floor: settings, the base page, site-wide settings, team and shared blocks."""

    name = "practice"
    verbose_name = "Practice"

    def ready(self):
        from practice.exports import protect_spreadsheet_exports
        from practice.page_cache_invalidation import connect_signals
        from practice.wagtail_internals import remember_child_relations

        connect_signals()
        # A changed schema (migrate, also in tests) makes prepared statements and the SQL of
        # every query plan out of date.
        post_migrate.connect(_forget_query_plans, dispatch_uid="practice.query_plans")
        # Every admin export (the clinical reviews report's, Wagtail's own reports and listings)
        # neutralises cells a spreadsheet would run as formulas.
        protect_spreadsheet_exports()
        # Each page read from the database no longer works out its model's child relations.
        remember_child_relations()
