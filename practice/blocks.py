"""StreamField blocks shared by every page family. Apps above `practice` extend these."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateformat import time_format
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


WEEKDAYS = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
]
WEEKDAY_NAMES = dict(WEEKDAYS)
WEEKDAY_ORDER = [code for code, _ in WEEKDAYS]


def days_text(days):
    """The days as visitors read them: 'Monday-Friday' (an en dash) for a run of three or more,
    'Saturday and Sunday', 'Monday, Wednesday and Friday', 'Monday-Wednesday and Friday'."""
    chosen = sorted({day for day in days or [] if day in WEEKDAY_NAMES}, key=WEEKDAY_ORDER.index)
    if len(chosen) == 7:
        return "Every day"
    runs = []
    for day in chosen:
        index = WEEKDAY_ORDER.index(day)
        if runs and WEEKDAY_ORDER.index(runs[-1][-1]) == index - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_NAMES[run[0]]}–{WEEKDAY_NAMES[run[-1]]}")
        else:
            parts += [WEEKDAY_NAMES[day] for day in run]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def clock_text(value):
    """'8 a.m.', '8:30 p.m.', 'noon': the US 12-hour clock in AP style (Django's "P")."""
    return time_format(value, "P") if value else ""


class OpeningHoursValue(blocks.StructValue):
    @property
    def days_in_order(self):
        """['monday', 'tuesday']: the days chosen, Monday first."""
        days = {day for day in self.get("days") or [] if day in WEEKDAY_NAMES}
        return sorted(days, key=WEEKDAY_ORDER.index)

    @property
    def days_text(self):
        return days_text(self.get("days"))

    @property
    def hours_text(self):
        """'8 a.m.-9 p.m.' (an en dash); empty when the line has no times (a note such as 'By appointment')."""
        opens, closes = self.get("opens"), self.get("closes")
        if not (opens and closes):
            return ""
        return f"{clock_text(opens)}–{clock_text(closes)}"

    @property
    def text(self):
        """The line in words: 'Monday-Friday, 8 a.m.-9 p.m. (evenings by appointment)'."""
        line = ", ".join(part for part in (self.days_text, self.hours_text) if part)
        note = (self.get("note") or "").strip()
        if note:
            line = f"{line} ({note})" if line else note
        return line

    @property
    def is_structured(self):
        """True when days and both times are given: what search engines are told."""
        return bool(self.get("days") and self.get("opens") and self.get("closes"))


class OpeningHoursBlock(blocks.StructBlock):
    """One line of opening hours: the days it covers, when the practice opens and closes on
    them, and an optional note ('Evenings by appointment'). A line with only a note (no days or
    no times) is shown to visitors as written and left out of the structured data."""

    days = blocks.MultipleChoiceBlock(
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The days these hours apply to.",
    )
    opens = blocks.TimeBlock(required=False, help_text="e.g. 8:00 a.m.")
    closes = blocks.TimeBlock(required=False, help_text="e.g. 9:00 p.m.")
    note = blocks.CharBlock(
        max_length=160,
        required=False,
        help_text="Optional, e.g. 'Evenings by appointment'. Shown after the hours.",
    )

    def clean(self, value):
        value = super().clean(value)
        days, opens, closes = value.get("days"), value.get("opens"), value.get("closes")
        note = (value.get("note") or "").strip()
        errors = {}
        if opens and not closes:
            errors["closes"] = ValidationError("Give the closing time too.")
        elif closes and not opens:
            errors["opens"] = ValidationError("Give the opening time too.")
        elif opens and closes and closes <= opens:
            errors["closes"] = ValidationError(
                "The closing time must be after the opening time (same day)."
            )
        if (opens or closes) and not days:
            errors["days"] = ValidationError("Choose the days these hours are for.")
        elif not days and not note:
            errors["days"] = ValidationError("Choose the days, or write a note.")
        elif days and not (opens or closes) and not note:
            errors["opens"] = ValidationError(
                "Give the opening and closing times, or a note such as 'By appointment'."
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "time"
        template = "blocks/opening_hours_block.html"
        value_class = OpeningHoursValue
        description = "One line of opening hours: days, opening and closing times."


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
