"""The pages of every page's layout: the main menu and the pages the footer links to.

Read once per request (`layout_pages`), and kept per process while nothing changes where the
fragments of every page are kept (practice.fragment_cache `kept`: until the page cache's
generation moves, which every publish, move, restriction and setting does): a page's own
routing query then reads only its path (practice.models.preload `routed_pages`). Where
fragments are not used (a preview, a POST, FRAGMENT_CACHE off, tests), routing reads them in
its own query, as before. The kept pages are shared by the requests of a generation: read
them (titles, paths, URLs), never change them.
"""

from django.db.models import Q
from wagtail.models import Page, Site

from practice import fragment_cache
from practice.query_plans import QueryPlan

from .public import restricted_flag

__all__ = [
    "footer_link_page_ids",
    "layout_is_kept",
    "layout_pages",
    "layout_q",
    "remember_layout",
]

_LAYOUT_ATTR = "_practice_layout_pages"

LAYOUT = QueryPlan("layout")


def footer_link_page_ids(practice):
    """The ids of the pages the footer links to, read from the stored links without fetching
    them (the layout's query fetches them with the menu)."""
    links = [item.get("value") for item in practice.footer_links.raw_data if item["type"] == "link"]
    return [value["page"] for value in links if isinstance(value, dict) and value.get("page")]


def layout_q(site, footer_ids):
    """The main menu (the site root's live children marked "show in menus") and the pages the
    footer links to (`footer_ids`, from `footer_link_page_ids`)."""
    root = site.root_page
    q = Q(path__startswith=root.path, depth=root.depth + 1, live=True, show_in_menus=True)
    if footer_ids:
        q |= Q(pk__in=footer_ids)
    return q


def _layout(site, rows, footer_ids):
    root = site.root_page
    # A page under a view restriction is left out of both: its title is the practice's to keep.
    public = [page for page in rows if not page._under_restriction]
    return {
        "menu": [
            page
            for page in public
            if page.depth == root.depth + 1
            and page.path.startswith(root.path)
            and page.live
            and page.show_in_menus
        ],
        "pages": {page.pk: page for page in public if page.pk in footer_ids},
    }


def remember_layout(request, site, rows, footer_ids):
    """The layout of `rows` (read by routing's query, with `layout_q`), for this request."""
    layout = _layout(site, rows, footer_ids)
    setattr(request, _LAYOUT_ATTR, layout)
    return layout


def layout_is_kept(request):
    """Whether `layout_pages` keeps the layout for `request` (routing then leaves it out)."""
    return fragment_cache.usable(request)


def layout_pages(request):
    """{"menu": [pages], "pages": {id: page}}: the menu's pages in tree order and the footer's
    linked pages by id, read once per request (by routing, when the page was routed and the
    layout is not kept) and kept per process (see the module)."""
    layout = getattr(request, _LAYOUT_ATTR, None)
    if layout is not None:
        return layout
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"menu": [], "pages": {}}
    from .preload import preload_site
    from .settings import PracticeSettings

    preload_site(request)
    footer_ids = footer_link_page_ids(PracticeSettings.for_request(request))
    root = site.root_page

    def load():
        rows = LAYOUT.rows(
            (root.path, root.depth),  # the SQL's constants: no ids (practice.query_plans)
            lambda ids: (
                Page.objects.filter(layout_q(site, ids))
                .annotate(_under_restriction=restricted_flag())
                .order_by("path")
            ),
            footer_ids,
        )
        return _layout(site, list(rows), footer_ids)

    key = ("layout", site.pk, root.path, tuple(footer_ids))
    layout = fragment_cache.kept(request, key, load)
    setattr(request, _LAYOUT_ATTR, layout)
    return layout
