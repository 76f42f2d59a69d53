"""The base page every page type inherits, and what every page type shares.

The one definition of a public page lives in practice.models.public, and how a request finds
its page in few queries (the routing and preloading engine) in practice.models.preload; both are
re-exported here, where the page classes and the other apps import them.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.search import index

from content_health.gate import CheckedPageForm
from content_health.panels import ContentChecksPanel

from .images import RenditionGroup
from .layout import footer_link_page_ids, layout_pages
from .page_urls import kept_url_parts, page_url
from .preload import (
    PreloadingPage,
    listing_field,
    listing_page,
    preload_site,
    with_listing_fields,
)
from .public import (
    public_children,
    public_fk_attr,
    public_flag,
    public_pages,
    public_q,
    public_related_pages,
    public_relation_pages,
    with_public_flags,
)
from .served_page import RELATED_ATTR, relation_rows

__all__ = [
    "BasePage",
    "IndexPage",
    "footer_link_page_ids",
    "layout_pages",
    "listing_field",
    "listing_page",
    "prefetch_renditions",
    "preload_site",
    "public_children",
    "public_flag",
    "public_pages",
    "public_q",
    "public_related_pages",
    "public_relation_pages",
    "relation_rows",
    "with_listing_fields",
    "with_public_flags",
]


def prefetch_renditions(*images):
    """Read every rendition of these images in one query when the first of them needs one, so
    each `{% picture %}` and the link-preview image find theirs in memory; when none does (their
    markup is kept in this process), nothing is read. Empty values are skipped, and so (by
    `prefetch_related_objects`) are images whose renditions are already in memory."""
    todo = {id(image): image for image in images if image is not None}
    if todo:
        group = RenditionGroup(list(todo.values()))
        for image in group.images:
            image._rendition_group = group


def stream_images(value):
    """The images inside a StreamField value (figure blocks and the like), in order."""
    found = []

    def walk(item):
        if isinstance(item, AbstractImage):
            found.append(item)
        elif isinstance(item, StreamValue):
            for child in item:
                walk(child.value)
        elif isinstance(item, StructValue):
            for child in item.values():
                walk(child)
        elif isinstance(item, ListValue | list | tuple):
            for child in item:
                walk(child)

    walk(value)
    return found


class BasePage(PreloadingPage):
    """Every page of the site inherits this, so site-wide page behaviour (meta description,
    listing text, routing in few queries: `PreloadingPage`) is written once."""

    show_in_menus_default = False
    base_form_class = CheckedPageForm
    # The content checks (content_health.checks) that apply to this page type, the fields a
    # visitor reads (for the reading level and the claims check), and the Content standards
    # setting that is its reading-grade target (None: no target).
    content_checks = ("claims", "meta", "alt", "links", "license")
    reading_fields = ("body",)
    reading_target_setting = None
    content_panels = [ContentChecksPanel(), *Page.content_panels]

    # Foreign keys the served page shows, read with the page when it is served, e.g.
    # ("author", "hero_image").
    serve_select_related = ()
    # Page relations the served page lists, (name, ordering) pairs as for
    # `public_related_pages`: their public pages are read in the same query as the page (see
    # `get_related_pages`).
    serve_related_pages = ()
    # The page's own fields that listings of many page types (search results) show; read with
    # the listing's query by `with_listing_fields`.
    listing_fields = ("summary", "intro")
    # Fields only ever shown (never sorted, filtered or counted on, and read from the page's own
    # instance wherever they are shown): a publish that changes only these leaves fresh every
    # cached page that never showed this page (practice/page_cache_changes.py).
    page_cache_display_fields = ()

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        """Wagtail's, found once per process for this page's path (practice.models.page_urls)."""
        return kept_url_parts(self, request, lambda: super(BasePage, self).get_url_parts(request))

    def get_url(self, request=None, current_site=None):
        """Wagtail's, from the parts kept for this page's path (`page_url`)."""
        if request is None or current_site is not None:
            return super().get_url(request=request, current_site=current_site)
        return page_url(self, request, Page.get_url)

    # Fields that may hold the page's picture, in order of preference: a blog post's hero image,
    # a clinician's photo. Link previews and structured data use the first one set.
    meta_image_fields = ("hero_image", "photo")

    def clean(self):
        super().clean()
        intent = getattr(self, "publish_intent", None)
        if intent is not None and intent.publishing:
            refusals = {field: msg for field, msg in self.publish_refusals(intent).items() if msg}
            if refusals:
                raise ValidationError(refusals)

    def publish_refusals(self, intent):
        """What stops this page being published, as {field name: message} (content_health.gate).
        Page classes add their own rules and call super()."""
        from content_health.checks import reading_level_refusal

        return reading_level_refusal(self)

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

    def get_content_images(self):
        """The pictures this page shows: its link-preview picture and those in its body."""
        body = getattr(self, "body", None)
        return [self.get_meta_image(), *stream_images(body)]

    # How search results name the page's type ("Therapy", "Section"); whether a search that
    # finds nothing points to it (a section's index, the contact page); its Open Graph type.
    search_label = "Page"
    search_help_link = False
    og_type = "website"

    def get_structured_data(self, request, practice=None):
        """The schema.org objects (dicts) describing this page, for its JSON-LD. The practice
        and the breadcrumbs are added for every page (`practice.seo`); a page type that is
        something to schema.org (a clinician, a therapy, a blog post) overrides this."""
        return []

    def get_related_pages(self, *relations, request=None):
        """The public pages (`public_q`) of these page relations, (name, ordering) pairs as for
        `public_related_pages`: read by routing with the page itself when it was served with
        them as its `serve_related_pages`, else in one query of their own (for the site of
        `request`)."""
        routed = getattr(self, RELATED_ATTR, {})
        if all(name in routed for name, _ in relations):
            return [routed[name] for name, _ in relations]
        site = Site.find_for_request(request) if request is not None else None
        return public_related_pages(
            *((getattr(self, name), ordering) for name, ordering in relations), site=site
        )

    def public_foreign_page(self, name, request=None):
        """The page the foreign key `name` ("author", "reviewed_by") points to when it is
        public (`public_q`), else None: a byline or a reviewer line never names a restricted
        or unpublished profile. Read from the flag routing or the listing's query set
        (`with_public_flags`); otherwise (a preview) from a query of its own."""
        target = getattr(self, name, None)
        if target is None:
            return None
        attr = public_fk_attr(name)
        flag = getattr(self, attr, None)
        if flag is None:
            site = Site.find_for_request(request) if request is not None else None
            flag = public_pages(Page.objects.filter(pk=target.pk), site).exists()
            setattr(self, attr, flag)
        return target if flag else None


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
    search_label = "Section"

    class Meta:
        abstract = True
