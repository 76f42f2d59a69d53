"""How a request finds its page, and what every page shows, in few queries.

Wagtail's own routing costs two queries per level of the URL (the child by slug, then its
specific row), its view-restriction check two more, and the menu, the footer's page links, the
site root paths and each site setting one each. `PreloadingPage.route` (BasePage's) does the same
work with one query for the whole path and the view restrictions (`routed_pages`; with the
menu and the footer links where practice.models.layout does not keep them), one for the site
root paths and every site setting (`preload_site`), and one for the page served with what it
shows (`serve_specific`, practice.models.served_page). The sites with their settings and the
layout's pages are kept per process while the page cache's generation stays (where fragments
are: practice.fragment_cache); the rest is memoised on the request only, and the queries' SQL
per process (practice.query_plans). What Wagtail reads from the request and the pages to use
them (its private attributes) is written through practice.wagtail_internals."""

from functools import cache, partial

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from practice.query_plans import QueryPlan
from practice.wagtail_internals import (
    cache_parent,
    remember_site,
    remember_site_root_paths,
    remember_site_setting,
)

from .layout import footer_link_page_ids, layout_is_kept, layout_q, remember_layout
from .public import lookup_from_page, restricted_flag
from .served_page import RESTRICTIONS_ATTR, serve_specific
from .sites import kept_sites, site_for_request

__all__ = [
    "PreloadingPage",
    "listing_field",
    "listing_page",
    "preload_routing",
    "preload_site",
    "with_listing_fields",
]

_SITE_ATTR = "_practice_site_preloaded"
_ROUTED_ATTR = "_practice_routed_pages"


# Listings of pages of mixed types (search results)


@cache  # the page models, not data: fixed once the apps are loaded
def _listing_lookups():
    """(model, field, alias, lookup from Page) for each page model's `listing_fields`."""
    found = []
    for model in get_page_models():
        names = getattr(model, "listing_fields", ())
        local = {field.name for field in model._meta.concrete_fields if field.model is model}
        for name in names:
            if name in local:
                lookup = f"{lookup_from_page(model)}__{name}"
                found.append((model, name, "_listing_" + lookup, lookup))
    return found


def with_listing_fields(queryset):
    """A Page queryset that also reads each page type's listing fields (summary, intro…) from
    its own table in the same query, for `listing_page`: a list of pages of many types then
    costs one query instead of one more per type (`.specific()`)."""
    return queryset.annotate(**{alias: F(lookup) for _, _, alias, lookup in _listing_lookups()})


def listing_field(page, name, default=""):
    """One listing field (`summary`…) of a page from a `with_listing_fields` queryset, read from
    its annotation without building the specific page (`listing_page`), for code that only
    compares it; a page that is not from such a queryset gives its own attribute."""
    for _, field, alias, _ in _listing_lookups():
        if field == name:
            value = getattr(page, alias, None)
            if value is not None:
                return value
    return getattr(page, name, default)


def listing_page(page):
    """A page from a `with_listing_fields` queryset in its specific type, without a query: its
    listing fields are filled in, its other specific fields are left deferred."""
    specific = page.specific_deferred
    for model, name, alias, _ in _listing_lookups():
        if isinstance(specific, model) and hasattr(page, alias):
            setattr(specific, name, getattr(page, alias))  # a deferred field, now loaded
    return specific


# The site, its settings and its root paths


def _site_setting_models():
    return [model for model in settings_registry if issubclass(model, BaseSiteSetting)]


SITES = QueryPlan("sites and settings")


def _sites(related):  # in Wagtail's order
    return Site.objects.select_related(*related).order_by(
        "-root_page__url_path", "-is_default_site", "hostname"
    )


def preload_site(request):
    """Every site with its root page and all its site settings (practice details, blog
    settings…), in one query, memoised on the request where Wagtail looks for them: the site
    root paths that every page URL needs, and each setting `for_request` returns. A setting not
    yet saved for the site is left to `for_request`, which creates it. The request's site is
    chosen among them as Wagtail would choose it (practice.models.sites), so
    `Site.find_for_request` then costs no query. Kept per process while nothing changes
    (`kept_sites`): each request gets its own copies."""
    if request is None or getattr(request, _SITE_ATTR, False):
        return
    setattr(request, _SITE_ATTR, True)
    accessors = {}
    related = ["root_page", "root_page__locale"]
    for model in _site_setting_models():
        accessor = model._meta.get_field("site").remote_field.get_accessor_name()
        accessors[model] = accessor
        related.append(accessor)
        related += [f"{accessor}__{name}" for name in model.select_related or ()]
    related = tuple(related)
    sites = kept_sites(request, related, partial(SITES.rows, related, partial(_sites, related)))
    remember_site_root_paths(request, sites)
    remember_site(request, site_for_request(sites, request))
    current = Site.find_for_request(request)
    for site in sites:
        if current is None or site.pk != current.pk:
            continue
        for accessor in accessors.values():
            instance = getattr(site, accessor, None)  # None: not saved for this site yet
            if instance is not None:
                remember_site_setting(request, instance)


def preload_routing(request, path):
    """Before Wagtail routes a request to a page: its site found with the settings
    (`preload_site`), and the root page in its specific type (Wagtail would read it with a
    query of its own): without a query for a path below it, which routing passes through
    (the page served is read by `serve_specific`), or by `serve_specific` when it is served."""
    preload_site(request)
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page
        served = not any(path.split("/"))
        site.root_page = serve_specific(root, None, site) if served else root.specific_deferred


# Routing


class _Routed:
    """The pages read for one request's path: by URL path (the path's pages) and by tree path
    (those and every ancestor of the site root), with their view-restriction flags."""

    def __init__(self):
        self.prefixes = set()
        self.by_path = {}
        self.by_url_path = {}

    def add(self, rows, prefixes):
        self.prefixes |= set(prefixes)
        for page in rows:
            self.by_path.setdefault(page.path, page)
            if page.url_path in prefixes:
                self.by_url_path.setdefault(page.url_path, page)

    def restriction_ids(self, page):
        """The ids of the pages whose restrictions apply to `page` (itself and its ancestors),
        or None when that cannot be told from memory (an ancestor was not read, or is an alias,
        whose restrictions are its source page's): Wagtail's own check then runs."""
        ids = []
        for end in range(Page.steplen, len(page.path) + 1, Page.steplen):
            row = self.by_path.get(page.path[:end])
            if row is None or row.alias_of_id or not hasattr(row, "_restricted"):
                return None
            if row._restricted:
                ids.append(row.pk)
        return ids


def _prefixes(root, path_components):
    return [
        root.url_path + "".join(f"{slug}/" for slug in path_components[:n])
        for n in range(1, len(path_components) + 1)
    ]


def _routing_queryset(root, site, at_site_root, with_layout, prefixes, footer_ids):
    """The query `routed_pages` runs (see there)."""
    q = Q(url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth)
    if at_site_root:
        root_and_ancestors = [
            root.path[:end] for end in range(Page.steplen, len(root.path) + 1, Page.steplen)
        ]
        q |= Q(path__in=root_and_ancestors)
    if with_layout:
        q |= layout_q(site, footer_ids)
    return (
        Page.objects.filter(q)
        .annotate(
            _restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))),
            _under_restriction=restricted_flag(),
        )
        .order_by("path")
    )


ROUTING = QueryPlan("routing")


def routed_pages(request, root, path_components):
    """The pages a request's path goes through below `root`, read in one query and memoised on
    the request. At the site root the same query reads the root and its ancestors (for the
    view-restriction check), and the main menu and the footer's linked pages where they are
    not kept (`layout_pages`). Only Page's own columns: a query joining every page type's
    table costs more to plan than it saves."""
    prefixes = _prefixes(root, path_components)
    routed = getattr(request, _ROUTED_ATTR, None)
    if routed is not None and set(prefixes) <= routed.prefixes:
        return routed
    site = Site.find_for_request(request)
    at_site_root = routed is None and site is not None and site.root_page_id == root.pk
    footer_ids = []
    with_layout = at_site_root and not layout_is_kept(request)
    if with_layout:
        from .settings import PracticeSettings

        preload_site(request)
        footer_ids = footer_link_page_ids(PracticeSettings.for_request(request))
    # The SQL is the same for every path of the same depth: built once (practice.query_plans).
    key = (root.path, root.depth, at_site_root, with_layout)  # the SQL's constants: no ids
    rows = ROUTING.rows(
        key,
        lambda prefixes, ids: _routing_queryset(
            root, site, at_site_root, with_layout, prefixes, ids
        ),
        prefixes,
        footer_ids,
    )
    if with_layout:
        remember_layout(request, site, rows, footer_ids)
    if routed is None:
        routed = _Routed()
        setattr(request, _ROUTED_ATTR, routed)
    routed.add(rows, prefixes)
    return routed


def _walks_on_to_children(model, live, remaining):
    """True when `model.route` would pass `remaining` on to the page's children the way
    PreloadingPage.route does: a routable page whose own routes do not match the path (or that is
    not live) falls back to PreloadingPage.route."""
    if model.route is PreloadingPage.route:
        return True
    if not (
        issubclass(model, RoutablePageMixin)
        and model.route is RoutablePageMixin.route
        and super(RoutablePageMixin, model).route is PreloadingPage.route
    ):
        return False
    if not live:
        return True
    try:
        model.get_resolver().resolve("/" + "".join(f"{slug}/" for slug in remaining))
    except Http404:
        return True
    return False


class PreloadingPage(Page):
    """The routing every page of the site uses (BasePage inherits it): Wagtail's, in one query
    for the path (see the module's docstring)."""

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing, with the path's pages read in one query (`routed_pages`) instead
        of two per level, and only the page served fetched in its specific type, with what it
        shows (`serve_specific`). Each page on the way is still asked in turn: a routable page
        (the blog's /blog/topic/<tag>/) answers the rest of the path itself when one of its
        routes matches, exactly as in Wagtail, and the page served decides whether it is live.
        A path the query cannot explain is handed back to Wagtail's own routing, so 404s are
        unchanged."""
        site = Site.find_for_request(request)
        at_site_root = site is not None and site.root_page_id == self.pk
        if not path_components and not at_site_root:
            return super().route(request, path_components)
        routed = routed_pages(request, self, path_components)
        if not path_components:
            ids = routed.restriction_ids(self)
            if ids is not None:
                setattr(self, RESTRICTIONS_ATTR, ids)
            return super().route(request, path_components)

        node = self
        for position, slug in enumerate(path_components):
            child = routed.by_url_path.get(f"{node.url_path}{slug}/")
            if (
                child is None
                or child.depth != node.depth + 1
                or not child.path.startswith(node.path)
                or child.specific_class is None
            ):
                return Page.route(node, request, path_components[position:])
            cache_parent(child, node)  # for get_parent() and the breadcrumbs
            remaining = path_components[position + 1 :]
            if not remaining or not _walks_on_to_children(
                child.specific_class, child.live, remaining
            ):
                return serve_specific(child, routed, site).route(request, remaining)
            # Only passed through: its specific type without a query (its own fields are
            # deferred), for the breadcrumbs and the served page's get_parent().
            node = child.specific_deferred
        raise Http404  # not reached: the last component is always served above

    def get_view_restrictions(self):
        """The view restrictions of this page and its ancestors. A routed page knows from the
        routing query which pages have any, so most pages need no query here."""
        ids = getattr(self, RESTRICTIONS_ATTR, None)
        if ids is None:
            return super().get_view_restrictions()
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=ids)
