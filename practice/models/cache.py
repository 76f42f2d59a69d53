"""The full-page cache's generation counter, for app servers that do not share a cache.

See practice/page_cache.py: with a shared cache (Redis) the counter lives there; with the
default per-process local-memory cache, every worker reads it from this one-row table so that a
publish handled by one worker is seen by all the others at once.
"""

from django.db import models

__all__ = ["PageCacheChange", "PageCacheGeneration"]


class PageCacheGeneration(models.Model):
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache generation"

    def __str__(self):
        return f"Page cache generation {self.value}"


class PageCacheChange(models.Model):
    """A generation that changed only some pages (practice/page_cache_changes.py): a stored page
    that showed none of them stays fresh. A generation without a row changed every page."""

    generation = models.PositiveBigIntegerField(primary_key=True)
    pages = models.JSONField(default=list)

    class Meta:
        verbose_name = "page cache change"

    def __str__(self):
        return f"Page cache generation {self.generation}: pages {self.pages}"
