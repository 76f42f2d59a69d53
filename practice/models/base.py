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

    # Fields that may hold the page's picture, in order of preference: a blog post's hero image,
    # a clinician's photo. Link previews and structured data use the first one set.
    meta_image_fields = ("hero_image", "photo")

    @property
    def meta_title(self):
        """The page's title for search engines and link previews."""
        return self.seo_title or self.title

    @property
    def meta_description(self):
        """The page's description for search engines and link previews."""
        return self.search_description or getattr(self, "summary", "") or ""

    def get_meta_image(self):
        """The picture shown when the page is shared, or None."""
        for name in self.meta_image_fields:
            image = getattr(self, name, None)
            if image is not None:
                return image
        return None

    def get_structured_data(self, request, practice=None):
        """The schema.org objects (dicts) describing this page, for its JSON-LD. The practice
        and the breadcrumbs are added for every page; page types described in `practice.seo`
        (therapies, conditions, blog posts, clinicians) add their own, and a page class may
        override this to say more."""
        from practice.seo import page_structured_data

        return page_structured_data(self, request, practice)


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
