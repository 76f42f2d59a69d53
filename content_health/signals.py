"""Keeping the reading levels and the Content health rows current (connected in apps.py)."""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished


def store_reading_level(sender, instance, created, **kwargs):
    """Each saved page revision's reading level, for page types with a reading target."""
    if not created or not isinstance(instance.content_object, Page):
        return
    from content_health.checks import reading_target
    from content_health.models import ReadingLevel
    from content_health.readability import reading_level

    page = instance.as_object()
    target = reading_target(page)
    if target is None:
        return
    reading = reading_level(page)
    if reading is None:
        return
    ReadingLevel.objects.update_or_create(
        revision=instance,
        defaults={
            "page_id": instance.object_id,
            "grade": reading.grade,
            "target": target,
            "words": reading.words,
            "sentences": reading.sentences,
            "longest": reading.longest,
            "user": instance.user,
        },
    )


# The pages published in the current transaction, whose rows are marked stale once it commits.
_pending = threading.local()


def _mark_on_commit(page_id=None):
    pending = getattr(_pending, "ids", None)
    first = pending is None
    if first:
        pending = _pending.ids = set()
    pending.add(ALL if page_id is None else page_id)
    if first:
        # Outside a transaction this runs at once; inside one, once it commits.
        transaction.on_commit(_flush)


def _flush():
    ids, _pending.ids = _pending.ids, None
    from content_health.health import mark_stale

    mark_stale(None if ALL in ids else ids)


ALL = "all"


def refresh_published(sender, instance, **kwargs):
    from practice.models import ClinicianPage

    # A profile's license shows wherever the clinician is named: every row may change.
    _mark_on_commit(None if isinstance(instance, ClinicianPage) else instance.pk)


def forget_unpublished(sender, instance, **kwargs):
    from content_health.models import PageHealth

    PageHealth.objects.filter(page_id=instance.pk).delete()


def refresh_everything(sender, **kwargs):
    _mark_on_commit(None)


def connect():
    from content_health.models import ClaimRule, ContentStandards

    post_save.connect(store_reading_level, sender=Revision, dispatch_uid="content_health_reading")
    page_published.connect(refresh_published, dispatch_uid="content_health_published")
    page_unpublished.connect(forget_unpublished, dispatch_uid="content_health_unpublished")
    for model in (ClaimRule, ContentStandards):
        post_save.connect(
            refresh_everything, sender=model, dispatch_uid=f"ch_save_{model.__name__}"
        )
        post_delete.connect(
            refresh_everything, sender=model, dispatch_uid=f"ch_delete_{model.__name__}"
        )
