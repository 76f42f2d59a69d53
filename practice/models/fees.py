"""The Fees page: what sessions cost, the sliding scale, insurance, payment and the No Surprises
Act notice (the right to a Good Faith Estimate), each edited as data, so the contact page's
summary and search read the same facts the page shows. A section the practice left empty is
left out of the page."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Site
from wagtail.search import index

from practice.query_plans import QueryPlan

from .base import BasePage, public_pages, relation_rows

__all__ = ["FeesPage", "SessionFee", "format_usd", "public_fees_page"]

# The session fee columns the contact page's summary reads with the page.
FEE_COLUMNS = ("id", "sort_order", "session_type", "fee", "note")
MAX_FEE = 100_000  # whole US dollars: a typing slip, not a fee, above this

GFE_HEADING = "Your right to a Good Faith Estimate"
GFE_TEXT = (
    "<p>You have the right to receive a Good Faith Estimate explaining how much your care will "
    "cost, if you do not have insurance or are not using insurance for this service.</p>"
    "<p>The estimate lists the expected charges for your sessions. We give it to you in writing "
    "before your first session, and you can ask for one at any time before you schedule. If "
    "your bill is at least $400 more than your Good Faith Estimate, you can dispute the bill. "
    "Please keep a copy of your estimate.</p>"
)
GFE_HOW_TO_ASK = (
    "<p>To ask for a Good Faith Estimate, call or e-mail us and tell us which sessions you are "
    "planning. We will send it to you within three business days.</p>"
)
GFE_MORE_INFO = (
    "<p>For questions or more information about your right to a Good Faith Estimate, visit "
    '<a href="https://www.cms.gov/nosurprises">www.cms.gov/nosurprises</a> or call '
    '<a href="tel:18009853059">1-800-985-3059</a>.</p>'
)
RICH_FEATURES = ["bold", "italic", "link", "ul"]


def format_usd(amount):
    """Whole US dollars as visitors read them: "$180", "$1,200"; 0 is "Free"."""
    if amount is None:
        return ""
    return "Free" if amount == 0 else f"${amount:,}"


class SessionFee(Orderable):
    """One kind of session and what it costs, in the order the admin gives them."""

    page = ParentalKey("practice.FeesPage", on_delete=models.CASCADE, related_name="session_fees")
    session_type = models.CharField(
        max_length=120,
        help_text="e.g. 'Individual session (50 minutes)' or 'First consultation call (15 minutes)'.",
    )
    fee = models.PositiveIntegerField(
        validators=[MaxValueValidator(MAX_FEE)],
        help_text="In whole US dollars, e.g. 200. Enter 0 for a free session: it shows as 'Free'.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, e.g. 'Evenings and weekends at the same fee'.",
    )

    panels = [
        FieldRowPanel([FieldPanel("session_type"), FieldPanel("fee")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "session fee"

    def __str__(self):
        return f"{self.session_type}: {self.fee_display}"

    @property
    def fee_display(self):
        return format_usd(self.fee)


class FeesPage(BasePage):
    """/fees/: the one place the practice's fees and insurance are written. One per site."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences under the title; also used in search results.",
    )
    intro = RichTextField(
        blank=True,
        features=RICH_FEATURES,
        help_text="Optional words above the fees, e.g. how the first call works.",
    )
    sliding_scale_offered = models.BooleanField(
        "we offer a sliding scale",
        default=False,
        help_text="Untick to leave the sliding scale off the page.",
    )
    sliding_scale_text = models.CharField(
        "about the sliding scale",
        max_length=300,
        blank=True,
        help_text="Optional short explanation, e.g. 'A limited number of reduced-fee spots for "
        "clients with financial need.' Shown only when the sliding scale is offered.",
    )
    sliding_scale_low = models.PositiveIntegerField(
        "lowest fee",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_FEE)],
        help_text="Optional, in whole US dollars.",
    )
    sliding_scale_high = models.PositiveIntegerField(
        "highest fee",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_FEE)],
        help_text="Optional, in whole US dollars.",
    )
    in_network_plans = StreamField(
        [("plan", blocks.CharBlock(max_length=100, label="Plan"))],
        blank=True,
        help_text="The insurance plans the practice is in network with, e.g. 'Aetna'. Leave "
        "empty if none.",
    )
    superbills_offered = models.BooleanField(
        "we give superbills for out-of-network claims",
        default=False,
        help_text="A superbill is the receipt a client sends their insurer to claim back part "
        "of the fee.",
    )
    out_of_network_note = models.TextField(
        "about out-of-network benefits",
        blank=True,
        max_length=400,
        help_text="Optional, e.g. 'Many PPO plans pay back part of the fee; ask your insurer "
        "about out-of-network benefits.'",
    )
    payment_methods = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, e.g. 'Credit and debit cards, HSA and FSA cards'.",
    )
    gfe_heading = models.CharField(
        "heading",
        max_length=120,
        blank=True,
        default=GFE_HEADING,
        help_text="Heading of the No Surprises Act notice.",
    )
    gfe_text = RichTextField(
        "your right",
        blank=True,
        features=RICH_FEATURES,
        default=GFE_TEXT,
        help_text="The right to a Good Faith Estimate, in plain words.",
    )
    gfe_how_to_ask = RichTextField(
        "how to ask for one",
        blank=True,
        features=RICH_FEATURES,
        default=GFE_HOW_TO_ASK,
        help_text="The practice's phone number and e-mail address (from the practice details) "
        "are shown after it.",
    )
    gfe_more_info = RichTextField(
        "where to learn more",
        blank=True,
        features=RICH_FEATURES,
        default=GFE_MORE_INFO,
        help_text="The federal government's page and phone number on the No Surprises Act.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        InlinePanel("session_fees", heading="Session fees", label="Session fee"),
        MultiFieldPanel(
            [
                FieldPanel("sliding_scale_offered"),
                FieldPanel("sliding_scale_text"),
                FieldRowPanel([FieldPanel("sliding_scale_low"), FieldPanel("sliding_scale_high")]),
            ],
            heading="Sliding scale",
        ),
        MultiFieldPanel(
            [
                FieldPanel("in_network_plans"),
                FieldPanel("superbills_offered"),
                FieldPanel("out_of_network_note"),
            ],
            heading="Insurance",
        ),
        FieldPanel("payment_methods"),
        MultiFieldPanel(
            [
                FieldPanel("gfe_heading"),
                FieldPanel("gfe_text"),
                FieldPanel("gfe_how_to_ask"),
                FieldPanel("gfe_more_info"),
            ],
            heading="Good Faith Estimate (No Surprises Act)",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("search_description"),
        index.SearchField("summary"),
        index.SearchField("intro"),
        index.RelatedFields(
            "session_fees", [index.SearchField("session_type"), index.SearchField("note")]
        ),
        index.SearchField("sliding_scale_text"),
        index.SearchField("in_network_plans"),
        index.SearchField("out_of_network_note"),
        index.SearchField("payment_methods"),
        index.SearchField("gfe_heading"),
        index.SearchField("gfe_text"),
        index.SearchField("gfe_how_to_ask"),
        index.SearchField("section_headings"),
    ]

    parent_page_types = ["practice.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/fees_page.html"
    listing_fields = ("summary",)
    search_label = "Fees"

    class Meta:
        verbose_name = "fees page"

    def clean(self):
        super().clean()
        low, high = self.sliding_scale_low, self.sliding_scale_high
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"sliding_scale_high": "The highest fee cannot be below the lowest fee."}
            )

    # What the page shows, section by section: empty when the practice entered nothing.

    @property
    def sliding_scale_range(self):
        """ "$80 to $160 a session", "From $80 a session", "Up to $160 a session" or ""."""
        low, high = self.sliding_scale_low, self.sliding_scale_high
        if low is not None and high is not None:
            if low == high:
                return f"{format_usd(low)} a session"
            return f"{format_usd(low)} to {format_usd(high)} a session"
        if low is not None:
            return f"From {format_usd(low)} a session"
        if high is not None:
            return f"Up to {format_usd(high)} a session"
        return ""

    @property
    def shows_sliding_scale(self):
        return self.sliding_scale_offered

    @property
    def plan_names(self):
        """The in-network plans' names, in order, blanks left out."""
        return [
            str(item["value"]).strip()
            for item in self.in_network_plans.raw_data
            if item.get("type") == "plan" and str(item.get("value") or "").strip()
        ]

    @property
    def shows_insurance(self):
        return bool(self.plan_names or self.superbills_offered or self.out_of_network_note.strip())

    @property
    def shows_good_faith_estimate(self):
        return any(
            str(value or "").strip()
            for value in (self.gfe_text, self.gfe_how_to_ask, self.gfe_more_info)
        )

    def section_headings(self, session_fees=None):
        """The headings of the sections shown (as the template writes them), for search."""
        fees = list(self.session_fees.all()) if session_fees is None else session_fees
        shown = [
            (fees, "Session fees: what sessions cost"),
            (self.shows_sliding_scale, "Sliding scale"),
            (self.shows_insurance, "Insurance"),
            (self.payment_methods.strip(), "Payment"),
            (self.shows_good_faith_estimate, self.gfe_heading or GFE_HEADING),
        ]
        return " ".join(heading for show, heading in shown if show)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["session_fees"] = relation_rows(self, "session_fees")
        return context


FEES_PAGE = QueryPlan("the fees page")  # the same SQL on every request of a site


def public_fees_page(request):
    """The site's Fees page when it is public (`public_pages`: live, in this site, under no
    view restriction), with its session fees as `public_session_fees`, else None. One query
    whatever there is: the page joined to its fees, a row per fee (one row, without a fee,
    for a page that has none)."""
    site = Site.find_for_request(request) if request is not None else None
    rows = FEES_PAGE.rows(
        site.root_page.path if site else None,
        lambda: (
            public_pages(FeesPage.objects.all(), site)
            .annotate(**{f"_fee_{name}": F(f"session_fees__{name}") for name in FEE_COLUMNS})
            .order_by("path", "_fee_sort_order", "_fee_id")
        ),
    )
    if not rows:
        return None
    page = rows[0]
    page.public_session_fees = [
        SessionFee(page=page, **{name: getattr(row, f"_fee_{name}") for name in FEE_COLUMNS})
        for row in rows
        if row.pk == page.pk and row._fee_id is not None
    ]
    return page
