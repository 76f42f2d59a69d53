"""Blocks for blog posts. Citations and evidence come from `practice.citations`."""

from wagtail import blocks

from practice.blocks import FigureBlock, HeadingBlock, ParagraphBlock, QuoteBlock
from practice.citations import CitedStreamBlock, EvidenceBlock


class CallToActionBlock(blocks.StructBlock):
    """Invites the reader to call. The heading and phone number come from the practice's details
    unless the writer gives a heading of their own."""

    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Leave empty to use the practice's call-to-action heading.",
    )
    text = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="Leave empty to use the practice's call-to-action text.",
    )

    class Meta:
        label = "Invitation to call"
        icon = "mobile-alt"
        template = "blocks/call_to_action_block.html"
        description = "A box inviting readers to call the practice, with its phone number."
        preview_value = {"heading": "", "text": ""}


class BlogBodyBlock(CitedStreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    evidence = EvidenceBlock()
    call_to_action = CallToActionBlock()
