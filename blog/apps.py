from django.apps import AppConfig


class BlogConfig(AppConfig):
    """The clinicians' blog. Stands on `practice` and `therapy_pages`."""

    name = "blog"
    verbose_name = "Blog"
