from django.db import models

__all__ = ["Comment"]


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A reader's comment on a post. Every comment waits for an editor; the e-mail address is kept
    so the practice can reply privately and is never shown on the site."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    post = models.ForeignKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(max_length=80)
    email = models.EmailField("e-mail", help_text="Never published.")
    body = models.TextField("comment", max_length=3000)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["post", "status", "created"])]

    def __str__(self):
        excerpt = self.body if len(self.body) <= 60 else self.body[:57] + "…"
        return f"{self.name}: {excerpt}"

    def body_excerpt(self):
        return self.body if len(self.body) <= 80 else self.body[:77] + "…"

    body_excerpt.short_description = "Comment"
