from django.db import models
from django.db.models import prefetch_related_objects
from wagtail.images.models import AbstractImage, AbstractRendition, Image

__all__ = ["CustomImage", "Rendition", "RenditionGroup"]


class RenditionGroup:
    """Images whose renditions are read together, in one query, when the first of them needs
    one (`prefetch_renditions`). Until then nothing is read: a page whose pictures' markup and
    link-preview image are kept in this process (practice_images, seo.meta) needs none, and
    reading every rendition of every picture (49 rows on the seed post) cost it about 2 ms."""

    __slots__ = ("images",)

    def __init__(self, images):
        self.images = images

    def fetch(self):
        images, self.images = self.images, ()
        if images:
            # Images whose renditions are already in memory are skipped by Django.
            prefetch_related_objects(list(images), "renditions")


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

    def find_existing_renditions(self, *filters):
        """Wagtail's, after reading the renditions of this image's group, if it has one."""
        group = self.__dict__.get("_rendition_group")
        if group is not None:
            group.fetch()
        return super().find_existing_renditions(*filters)

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        # Permissions: Wagtail checks wagtailimages.Image's (add_image, choose_image, …) for
        # custom image models too, so this model defines none of its own.


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
