from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from practice.blocks import FeaturedLinkBlock, StandardStreamBlock
from practice.query_plans import QueryPlan

from .base import BasePage, prefetch_renditions, public_pages
from .page_urls import page_url

__all__ = ["HomePage", "StandardPage"]


# The featured cards' pages: the same SQL for every request of a site (practice.query_plans).
FEATURED_PAGES = QueryPlan("featured pages")


class HomePage(BasePage):
    """The front door: who the practice is and where to go next. One per site."""

    hero_heading = models.CharField(
        max_length=120,
        help_text="The first words a visitor reads, e.g. 'Therapy that goes deeper'.",
    )
    hero_text = models.TextField(
        blank=True, max_length=400, help_text="One or two reassuring sentences under the heading."
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional page the main button leads to, e.g. the consultation request page.",
    )
    hero_cta_text = models.CharField(
        max_length=60,
        blank=True,
        help_text="Words on the main button, e.g. 'Request a consultation'.",
    )
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional picture beside the heading: a calm photo of the practice or an "
            "illustration, at least 1200 pixels wide. Its alt text is read to screen-reader "
            "users. Also shown when the site is shared."
        ),
    )
    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A short welcome under the hero.",
    )
    featured_links = StreamField(
        [("link", FeaturedLinkBlock())],
        blank=True,
        help_text="Cards pointing visitors to the main sections: therapies, conditions, team, blog.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_image"),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        FieldPanel("featured_links"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"
    listing_fields = ("hero_text",)  # its summary
    search_label = "Home page"
    # The hero picture and the button's page (flagged public or not), read with the page when
    # it is served.
    serve_select_related = ("hero_image", "hero_cta_page")

    class Meta:
        verbose_name = "home page"

    @property
    def summary(self):
        return self.hero_text

    def featured_cards(self, request=None):
        """The featured links as cards (label, url, text), their pages read in one query: a
        card whose page is not public (`public_pages`: a draft, a restricted page, a page of
        another site) is left out, so its title never shows on the home page."""
        links = [
            item["value"]
            for item in self.featured_links.raw_data
            if item.get("type") == "link" and isinstance(item.get("value"), dict)
        ]
        page_ids = [value["page"] for value in links if value.get("page")]
        pages = {}
        if page_ids:
            site = Site.find_for_request(request) if request is not None else None
            rows = FEATURED_PAGES.rows(
                site.root_page.path if site else None,
                lambda ids: public_pages(Page.objects.filter(pk__in=ids), site),
                page_ids,
            )
            pages = {page.pk: page for page in rows}
        cards = []
        for value in links:
            label, url = value.get("heading") or "", value.get("external_url") or ""
            if value.get("page"):
                page = pages.get(value["page"])
                if page is None:
                    continue
                label, url = label or page.title, page_url(page, request) or ""
            if url and label:
                cards.append({"label": label, "url": url, "text": value.get("text") or ""})
        return cards

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_cards"] = self.featured_cards(request)
        # The button leads only to a public page: a draft's or a restricted page's address is
        # never shown.
        context["hero_cta_page"] = self.public_foreign_page("hero_cta_page", request)
        # The hero picture and its link preview: their renditions in one query.
        prefetch_renditions(*self.get_content_images())
        return context


class StandardPage(BasePage):
    """A plain content page: About, Fees, Privacy, the Accessibility statement."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences under the title; also used in listings and search results.",
    )
    body = StreamField(StandardStreamBlock(), blank=True, help_text="The page's content.")

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=1.5),  # below the title (2), above the body
        index.SearchField("body"),
    ]

    parent_page_types = ["practice.HomePage", "practice.StandardPage"]
    subpage_types = ["practice.StandardPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = "standard page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The body's figures: their renditions in one query, not one per picture.
        prefetch_renditions(*self.get_content_images())
        return context
