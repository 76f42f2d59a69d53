from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

__all__ = ["BlogSettings"]


@register_setting(icon="comment", order=20)
class BlogSettings(BaseSiteSetting):
    """Site-wide switches for the blog: comments, and whether posts need an editor's approval
    (blog.workflow)."""

    comments_open = models.BooleanField(
        default=True,
        help_text="Untick to close comments on every post (each post can also close its own).",
    )
    comment_note = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        default=(
            "<p>Please do not share personal health details here: approved comments are public. "
            "If you need help now, use the crisis numbers at the foot of this page.</p>"
        ),
        help_text="Shown above the comment form.",
    )

    posts_need_approval = models.BooleanField(
        "Posts need an editor's approval",
        default=False,
        help_text=(
            "Tick to have an editor approve each post before it goes live: a clinician then "
            "submits a post to 'Editor approval' instead of publishing it. Untick to let "
            "clinicians publish their own posts."
        ),
    )

    panels = [
        FieldPanel("posts_need_approval"),
        FieldPanel("comments_open"),
        FieldPanel("comment_note"),
    ]

    def save(self, *args, **kwargs):
        from blog.workflow import apply_approval_setting

        super().save(*args, **kwargs)
        apply_approval_setting(self)

    class Meta:
        verbose_name = "blog settings"
