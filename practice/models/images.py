from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image

__all__ = ["CustomImage", "Rendition"]


class CustomImage(AbstractImage):
    """Wagtail's image with alt text required: a practice's visitors include screen-reader users,
    so no new image can be saved without a description of what it shows."""

    description = models.CharField(
        "alt text",
        max_length=255,
        blank=False,
        default="",
        help_text=(
            "Describe what the image shows for people who cannot see it, in one sentence "
            "(e.g. 'A calm consulting room with two armchairs'). Required."
        ),
    )

    admin_form_fields = Image.admin_form_fields

    @property
    def alt_text(self):
        return self.description or self.title

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        # Permissions: Wagtail checks wagtailimages.Image's (add_image, choose_image, …) for
        # custom image models too, so this model defines none of its own.


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
