from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

__all__ = ["BlogSettings"]


@register_setting(icon="comment")
class BlogSettings(BaseSiteSetting):
    """Site-wide switches for the blog's comments."""

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

    panels = [FieldPanel("comments_open"), FieldPanel("comment_note")]

    class Meta:
        verbose_name = "blog settings"
