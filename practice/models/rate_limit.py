"""Rate-limit counters for the public forms, when there is no Redis (see practice/http.py).

One row per scope and hashed client address, counted with one atomic upsert, so every worker and
app server sees the same count and no amount of page traffic can evict it (the page cache lives
elsewhere). Expired rows are overwritten by the next attempt and deleted now and then on write.
"""

from django.db import models

__all__ = ["RateLimitCounter"]


class RateLimitCounter(models.Model):
    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self):
        return f"{self.key}: {self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
