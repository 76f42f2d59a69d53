from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class BlogConfig(AppConfig):
    """The clinicians' blog. Stands on `practice` and `therapy_pages`."""

    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from blog.models import BlogIndexPage, Comment

        post_migrate.connect(set_up_groups, dispatch_uid="blog.set_up_groups")
        post_save.connect(
            grant_clinicians_new_blog, sender=BlogIndexPage, dispatch_uid="blog.grant"
        )
        post_save.connect(comment_changed, sender=Comment, dispatch_uid="blog.comment_saved")
        post_delete.connect(comment_changed, sender=Comment, dispatch_uid="blog.comment_deleted")


def set_up_groups(sender, app_config=None, using="default", **kwargs):
    """After the last app has migrated (or a test database is flushed), make sure the groups and
    their permissions exist."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config.label == with_models[-1].label:
        from blog.permissions import ensure_groups

        ensure_groups(apps)


def grant_clinicians_new_blog(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from django.apps import apps

        from blog.permissions import grant_clinicians_blog

        grant_clinicians_blog(apps, instance.pk)


def comment_changed(sender, instance, created=False, raw=False, **kwargs):
    """Cached posts must show a comment once it is approved (and drop it when it is rejected or
    deleted). A visitor's new, pending comment changes nothing on the page, so it does not empty
    the cache."""
    from practice.page_cache import invalidate

    if raw or (created and instance.status == instance.Status.PENDING):
        return
    invalidate(f"comment {instance.pk} {instance.status}")
