from django.apps import AppConfig


class ContentHealthConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content_health"
    verbose_name = "Content health"

    def ready(self):
        from content_health import signals

        signals.connect()
