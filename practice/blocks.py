"""StreamField blocks shared by every page family. Apps above `practice` extend these."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="The heading's words, short and plain.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="Use H2 for a new section and H3 for a part of that section.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "How does therapy work?", "level": "h2"}
        description = "A section heading, listed in the page's outline for screen readers."


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        preview_value = "<p>Therapy is a conversation with a trained professional.</p>"
        description = "Text with bold, italics, links and lists."


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="The image's alt text is set on the image itself.")
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Optional, shown below.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional photographer or source credit."
    )

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"
        description = "An image with an optional caption and credit."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600, help_text="The quoted words, without quote marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said or wrote it, e.g. 'D. W. Winnicott'."
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "It is a joy to be hidden, and disaster not to be found.",
            "attribution": "D. W. Winnicott",
        }
        description = "A pull quote with who said it."


class LinkStructValue(blocks.StructValue):
    """Resolves a link to one URL and one label, whichever of page or address was chosen."""

    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""

    def label(self):
        page = self.get("page")
        return self.get("heading") or (page.title if page else "")


class LinkBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False, max_length=80, help_text="Link text; leave empty to use the page title."
    )
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    external_url = blocks.URLBlock(required=False, help_text="…or an address elsewhere.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError("Choose either a page or an external address.")
                }
            )
        if not value.get("page") and not value.get("heading"):
            raise StructBlockValidationError(
                block_errors={"heading": ValidationError("An external link needs link text.")}
            )
        return value

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"
        value_class = LinkStructValue
        description = "A link to a page on this site or to another address."


class FeaturedLinkBlock(LinkBlock):
    text = blocks.TextBlock(required=False, max_length=300, help_text="One or two sentences.")

    class Meta:
        icon = "link"
        template = "blocks/featured_link_block.html"
        value_class = LinkStructValue
        description = "A card linking to a page, with a short description."


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.CharBlock(max_length=60, help_text="e.g. 'Monday through Friday' or 'Weekends'.")
    hours = blocks.CharBlock(max_length=60, help_text="e.g. '8 a.m. – 9 p.m.' or 'By appointment'.")

    class Meta:
        icon = "time"
        template = "blocks/opening_hours_block.html"
        description = "One line of opening hours."


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("youtube", "YouTube"),
            ("x", "X (Twitter)"),
            ("psychology_today", "Psychology Today"),
            ("other", "Other"),
        ],
        help_text="Which network this profile is on.",
    )
    url = blocks.URLBlock(help_text="The full address of the practice's profile.")

    class Meta:
        icon = "site"
        description = "A link to the practice's profile on another site."


class StandardStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts = {}
