"""Blocks for therapy explainers and condition pages. Citations come from `practice.citations`."""

from wagtail import blocks

from practice.blocks import FigureBlock, HeadingBlock, ParagraphBlock, QuoteBlock
from practice.citations import CitedStreamBlock, EvidenceBlock


class FocusAreasBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="e.g. 'Main areas of focus'.")
    intro = blocks.TextBlock(
        required=False, max_length=600, help_text="Optional sentence before the list."
    )
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        min_num=1,
        label="Areas",
        help_text="One area per line, in order.",
    )

    class Meta:
        label = "Areas of focus"
        icon = "list-ol"
        template = "blocks/focus_areas_block.html"
        description = "A numbered list of what the therapy focuses on."
        preview_value = {
            "heading": "Main areas of focus",
            "items": ["Noticing feelings and finding words for them", "Seeing patterns repeat"],
        }


class ContrastBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="e.g. 'What psychodynamic therapy is not'."
    )
    intro = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link"], help_text="Optional explanation."
    )
    is_label = blocks.CharBlock(
        max_length=60,
        default="What it is",
        label="First list's heading",
        help_text="Heading of the first list.",
    )
    is_items = blocks.ListBlock(blocks.CharBlock(max_length=160), min_num=1, label="What it is")
    is_not_label = blocks.CharBlock(
        max_length=60,
        default="What it is not",
        label="Second list's heading",
        help_text="Heading of the second list.",
    )
    is_not_items = blocks.ListBlock(
        blocks.CharBlock(max_length=160), min_num=1, label="What it is not"
    )

    class Meta:
        label = "What it is and is not"
        icon = "tasks"
        template = "blocks/contrast_block.html"
        description = "Two lists side by side: what the therapy is, and what it is not."


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Questions people ask")
    items = blocks.ListBlock(FaqItemBlock(), min_num=1, label="Questions")

    class Meta:
        label = "Questions and answers"
        icon = "help"
        template = "blocks/faq_block.html"
        description = "Questions and answers; each answer opens when its question is chosen."


class WhoItHelpsBlock(blocks.StructBlock):
    """Marks where the therapy's populations and conditions appear; they come from the page's
    'Who it helps' fields, so they are never typed twice."""

    populations_heading = blocks.CharBlock(
        max_length=120, default="Who can it help?", label="Heading above the groups"
    )
    populations_intro = blocks.TextBlock(
        required=False,
        max_length=400,
        label="Before the groups",
        help_text="Sentence before the list of groups.",
    )
    conditions_heading = blocks.CharBlock(
        max_length=120, default="What can it help with?", label="Heading above the conditions"
    )
    helps_you = blocks.ListBlock(
        blocks.CharBlock(max_length=160),
        default=[],
        label="What it helps a person do",
        help_text="Optional list of what it helps a person do, e.g. 'Develop new ways of relating'.",
    )
    conditions_intro = blocks.TextBlock(
        required=False,
        max_length=400,
        label="Before the conditions",
        help_text="Sentence before the list of conditions.",
    )

    class Meta:
        icon = "group"
        template = "blocks/who_it_helps_block.html"
        description = "Shows the groups and conditions chosen on the page's 'Who it helps' tab."


class SignsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Common signs")
    intro = blocks.TextBlock(required=False, max_length=600)
    items = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label="Signs")

    class Meta:
        label = "Common signs"
        icon = "list-ul"
        template = "blocks/signs_block.html"
        description = "A list of signs or symptoms people notice."


class SeekHelpBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="When to seek help now")
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        label = "When to seek help now"
        icon = "warning"
        template = "blocks/seek_help_block.html"
        description = "When to get help right away; the practice's crisis line is added below it."


class TherapyBodyBlock(CitedStreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    who_it_helps = WhoItHelpsBlock()
    focus_areas = FocusAreasBlock()
    contrast = ContrastBlock()
    evidence = EvidenceBlock()
    quote = QuoteBlock()
    faq = FaqBlock()
    image = FigureBlock()

    class Meta:
        block_counts = {"who_it_helps": {"max_num": 1}}


class ConditionBodyBlock(CitedStreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    signs = SignsBlock()
    seek_help = SeekHelpBlock()
    evidence = EvidenceBlock()
    quote = QuoteBlock()
    faq = FaqBlock()
    image = FigureBlock()
