"""`{% picture %}`, as Wagtail's, with the finished markup kept per process.

    {% load practice_images %}
    {% picture page.hero_image format-{avif,webp,jpeg} width-{480,800} sizes="…" alt="" %}

Wagtail's tag builds a Filter and its operations for every format and size on every render and
looks up each rendition (measured on the seed post: a quarter of its render, for four pictures
of up to nine renditions each). The markup depends only on the image (its file, size, focal
point, title and alt text: every stored field is in the key), the specs and the attributes, so
it is kept under exactly those: an image whose file, focal point or text changes gets a new key,
and nothing can be stale. Renditions not made yet are made by Wagtail's tag the first time, as
before. `{% picture … as name %}` is Wagtail's own, unchanged.

The node's parts are read through practice.wagtail_internals (`picture_node_parts`).
"""

import threading

from django import template
from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag

from practice.wagtail_internals import picture_node_parts

register = template.Library()

MAX_ENTRIES = 2000  # pictures times specs and attributes; a full store is emptied, not grown
_markup = {}
_lock = threading.Lock()


def image_key(image):
    """Every stored field of `image` (its file by name): what its renditions and markup are
    made from."""
    fields = image._meta.concrete_fields
    return (image._meta.label, *(str(field.value_from_object(image)) for field in fields))


def forget_pictures():
    """Empty the store (tests that change media storage)."""
    with _lock:
        _markup.clear()


def kept_rendition(image, spec):
    """(url, width, height) of `image`'s rendition `spec` (made by Wagtail the first time),
    kept per process under every stored field of the image, as the pictures' markup is: the
    link-preview image (practice.seo.meta) then needs no rendition read on a page already
    shown. Raises what `get_rendition` raises (OSError: the original file is missing)."""
    key = (image_key(image), "rendition", spec)
    found = _markup.get(key)
    if found is None:
        rendition = image.get_rendition(spec)
        found = (rendition.url, rendition.width, rendition.height)
        with _lock:
            if len(_markup) >= MAX_ENTRIES:
                _markup.clear()
            _markup[key] = found
    return found


class KeptPictureNode(template.Node):
    def __init__(self, node):
        self.node = node
        self.image_expr, self.specs, self.attrs, self.output_var_name = picture_node_parts(node)

    def render(self, context):
        if self.output_var_name:
            return self.node.render(context)
        try:
            image = self.image_expr.resolve(context)
        except template.VariableDoesNotExist:
            image = None
        if not image or not getattr(image, "pk", None) or image.get_deferred_fields():
            return self.node.render(context)  # Wagtail's own answer (empty, or its error)
        attrs = tuple(
            sorted((name, str(value.resolve(context))) for name, value in self.attrs.items())
        )
        key = (image_key(image), self.specs, attrs)
        markup = _markup.get(key)
        if markup is None:
            markup = self.node.render(context)
            with _lock:
                if len(_markup) >= MAX_ENTRIES:
                    _markup.clear()
                _markup[key] = markup
        return markup


@register.tag("picture")
def picture(parser, token):
    return KeptPictureNode(wagtail_image_tag(parser, token))
