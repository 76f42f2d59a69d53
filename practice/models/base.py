from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageQuerySet
from wagtail.search import index

__all__ = ["BasePage", "IndexPage", "live_pages"]


def live_pages(manager, ordering="title"):
    """Live pages of a many-to-many page relation: one query for a saved page, and from memory
    for a preview (where the relation holds unsaved choices)."""
    pages = manager.all()
    if isinstance(pages, PageQuerySet):
        return list(pages.live().defer_streamfields().order_by(ordering))
    return sorted((page for page in pages if page.live), key=lambda page: page.title.lower())


class BasePage(Page):
    """Every page of the site inherits this, so site-wide page behaviour (meta description,
    listing text) is written once."""

    show_in_menus_default = False

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        """The page's description for search engines and link previews."""
        return self.search_description or getattr(self, "summary", "") or ""


class IndexPage(BasePage):
    """A section's landing page (team, therapies, conditions): a short intro above a listing of
    its children. One per site."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A short introduction shown above the list.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["practice.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
