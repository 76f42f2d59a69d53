"""The base page every page type inherits, and how a request finds its page in few queries.

Wagtail's own routing costs two queries per level of the URL (the child by slug, then its
specific row), its view-restriction check two more, and the menu, the footer's page links, the
site root paths and each site setting one each. `BasePage.route` does the same work with one
query for the whole path, the menu, the footer links and the view restrictions
(`routed_pages`), one for the site root paths and every site setting (`preload_site`), and one
for the page served with what it shows (`_serve_specific`). Everything is memoised on the
request only: nothing is kept between requests.
"""

from functools import cache, reduce
from operator import or_

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, prefetch_related_objects
from django.db.models.lookups import StartsWith
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageQuerySet, PageViewRestriction, Site, get_page_models
from wagtail.models.sites import SiteRootPath
from wagtail.search import index

__all__ = [
    "BasePage",
    "IndexPage",
    "footer_link_page_ids",
    "layout_pages",
    "listing_page",
    "prefetch_renditions",
    "preload_site",
    "public_flag",
    "public_pages",
    "public_q",
    "public_related_pages",
    "public_relation_pages",
    "with_listing_fields",
    "with_public_flags",
]

_SITE_ATTR = "_practice_site_preloaded"
_LAYOUT_ATTR = "_practice_layout_pages"
_ROUTED_ATTR = "_practice_routed_pages"
# Set on a routed page: the ids of the pages whose view restrictions apply to it, and the live
# pages of its `serve_related_pages`.
_RESTRICTIONS_ATTR = "_practice_restriction_page_ids"
_RELATED_ATTR = "_practice_related_pages"


def public_relation_pages(manager, ordering="title", site=None):
    """The public pages (`public_q`) of a many-to-many page relation: one query for a saved
    page, and one for a preview, whose relation holds unsaved choices in memory."""
    pages = manager.all()
    if isinstance(pages, PageQuerySet):
        return list(public_pages(pages, site).defer_streamfields().order_by(ordering))
    pages = list(pages)
    public_ids = set(
        public_pages(Page.objects.filter(pk__in=[page.pk for page in pages]), site).values_list(
            "pk", flat=True
        )
    )
    return sorted(
        (page for page in pages if page.pk in public_ids), key=lambda page: page.title.lower()
    )


def _lookup_from_page(model):
    """The select_related path from Page down to a page model ("blogpostpage"; "" for Page)."""
    names = []
    while model is not Page:
        parent, link = next(iter(model._meta.parents.items()))
        names.append(link.remote_field.get_accessor_name())
        model = parent
    return "__".join(reversed(names))


def public_related_pages(*relations, site=None):
    """The public pages (`public_q`) of several page relations of one page, each a list of
    specific pages, in one query for a saved page (`public_relation_pages` for each in a
    preview).

    `relations` are (manager, ordering) pairs, e.g. `(self.conditions, "title"), (self.clinicians,
    "path")`. The database sorts by the first ordering; another relation may ask for the same
    ordering or for "path", whose order Python's sort matches exactly. StreamFields are not
    loaded.
    """
    first = relations[0][1]
    if any(ordering not in (first, "path") for _, ordering in relations):
        raise ValueError('Each ordering must be the first one or "path".')
    querysets = [manager.all() for manager, _ in relations]
    if len(relations) < 2 or not all(isinstance(qs, PageQuerySet) for qs in querysets):
        return [public_relation_pages(manager, ordering, site) for manager, ordering in relations]
    flags = {
        f"_in_relation_{n}": Exists(qs.filter(pk=OuterRef("pk"))) for n, qs in enumerate(querysets)
    }
    lookups = [_lookup_from_page(qs.model) for qs in querysets]
    deferred = [
        path
        for lookup, qs in zip(lookups, querysets, strict=True)
        for path in _streamfield_paths(qs.model, lookup)
    ]
    rows = list(
        Page.objects.filter(public_q(site))
        .filter(reduce(or_, (Q(pk__in=qs.values("pk")) for qs in querysets)))
        .annotate(**flags)
        .select_related(*{lookup for lookup in lookups if lookup})
        .defer(*deferred)
        .order_by(first, "pk")
    )
    return [
        _relation_pages(rows, n, lookups[n], ordering, first)
        for n, (_, ordering) in enumerate(relations)
    ]


def _follow(obj, lookup):
    """The object at the end of a select_related path ("" is the object itself)."""
    for name in filter(None, lookup.split("__")):
        obj = getattr(obj, name)
    return obj


def prefetch_renditions(*images):
    """Fetch every rendition of these images in one query, so each `{% picture %}` and the
    link-preview image find theirs in memory. Empty values and images whose renditions are
    already in memory are skipped."""
    todo = {}
    for image in images:
        if image is not None and "renditions" not in getattr(
            image, "_prefetched_objects_cache", {}
        ):
            todo[id(image)] = image
    if todo:
        prefetch_related_objects(list(todo.values()), "renditions")


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


# What "public" means, once for every listing, feed, related block, sitemap, search and JSON-LD


def _restricted_page_ids():
    """The ids of the pages under a view restriction on themselves or an ancestor, as a
    subquery. Wagtail's `PageQuerySet.public()` reads every restriction first, a query of its
    own; this form is one the search backend also accepts as a filter."""
    restriction_above = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return Page.objects.filter(Exists(restriction_above)).values("pk")


def public_q(site=None):
    """The one definition of a public page, as a filter: live, in `site` (its root page or a
    descendant of it) and under no view restriction (password, login or groups) on itself or
    an ancestor. Every listing a visitor can read goes through it, through `public_pages`:
    the blog and its filters, the feeds, related posts, the index pages, the pages a page
    links to by relation, bylines and reviewers, search, the sitemap and the JSON-LD.

    `site` None leaves out the site bound: only where no request tells the site (a listing
    already inside one page's children). One filter, folded into the listing's own query as
    subqueries: it costs no query of its own."""
    q = Q(live=True) & ~Q(pk__in=_restricted_page_ids())
    if site is not None:
        q &= Q(path__startswith=site.root_page.path)
    return q


def public_pages(queryset, site):
    """`queryset` (of Page or a page model) narrowed to its public pages (`public_q`)."""
    return queryset.filter(public_q(site))


def public_flag(field, site):
    """An annotation: whether the page a foreign key of the outer query points to (`field`,
    e.g. "author") is public (`public_q`). In the listing's own query, as a subquery."""
    return Exists(Page.objects.filter(public_q(site), pk=OuterRef(field)))


def _public_fk_attr(name):
    return f"_public_fk_{name}"


def with_public_flags(queryset, site, *names):
    """`queryset` with, for each foreign key to a page in `names` ("author"), whether its page
    is public, read in the same query; `BasePage.public_foreign_page` reads the flags."""
    return queryset.annotate(**{_public_fk_attr(name): public_flag(name, site) for name in names})


def _page_foreign_keys(model, names):
    """The names among `names` (select_related paths) that are a foreign key of `model` itself
    to a page model."""
    found = []
    for name in names:
        if "__" in name:
            continue
        field = model._meta.get_field(name)
        related = getattr(field, "related_model", None)
        if isinstance(related, type) and issubclass(related, Page):
            found.append(name)
    return found


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
                lookup = f"{_lookup_from_page(model)}__{name}"
                found.append((model, name, "_listing_" + lookup, lookup))
    return found


def with_listing_fields(queryset):
    """A Page queryset that also reads each page type's listing fields (summary, intro…) from
    its own table in the same query, for `listing_page`: a list of pages of many types then
    costs one query instead of one more per type (`.specific()`)."""
    return queryset.annotate(**{alias: F(lookup) for _, _, alias, lookup in _listing_lookups()})


def listing_page(page):
    """A page from a `with_listing_fields` queryset in its specific type, without a query: its
    listing fields are filled in, its other specific fields are left deferred."""
    specific = page.specific_deferred
    for model, name, alias, _ in _listing_lookups():
        if isinstance(specific, model) and alias in page.__dict__:
            specific.__dict__[name] = page.__dict__[alias]
    return specific


# The site, its settings and its root paths


def _site_setting_models():
    return [model for model in settings_registry if issubclass(model, BaseSiteSetting)]


def preload_site(request):
    """Every site with its root page and all its site settings (practice details, blog
    settings…), in one query, memoised on the request where Wagtail looks for them: the site
    root paths that every page URL needs, and each setting `for_request` returns. A setting not
    yet saved for the site is left to `for_request`, which creates it."""
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
    sites = list(
        Site.objects.select_related(*related).order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        # What Site.get_site_root_paths() builds, which Page.get_url() reads from the request.
        request._wagtail_cached_site_root_paths = [
            SiteRootPath(
                site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
            )
            for site in sites
        ]
    current = Site.find_for_request(request)
    for site in sites:
        if current is None or site.pk != current.pk:
            continue
        for model, accessor in accessors.items():
            attr = model.get_cache_attr_name()
            if hasattr(request, attr):
                continue
            instance = getattr(site, accessor, None)  # None: not saved for this site yet
            if instance is not None:
                instance._request = request  # as BaseSiteSetting.for_request does
                setattr(request, attr, instance)


# The pages of the layout: main menu and footer links


def footer_link_page_ids(practice):
    """The ids of the pages the footer links to, read from the stored links without fetching
    them (the routing query fetches them with the menu)."""
    ids = []
    for item in practice.footer_links.raw_data:
        value = item.get("value")
        if item.get("type") == "link" and isinstance(value, dict) and value.get("page"):
            ids.append(value["page"])
    return ids


def _layout_q(request, site):
    """The main menu (the site root's live children marked "show in menus") and the pages the
    footer links to."""
    from .settings import PracticeSettings

    root = site.root_page
    q = Q(path__startswith=root.path, depth=root.depth + 1, live=True, show_in_menus=True)
    footer_ids = footer_link_page_ids(PracticeSettings.for_request(request))
    if footer_ids:
        q |= Q(pk__in=footer_ids)
    return q, footer_ids


def _store_layout(request, site, rows, footer_ids):
    root = site.root_page
    layout = {
        "menu": [
            page
            for page in rows
            if page.depth == root.depth + 1
            and page.path.startswith(root.path)
            and page.live
            and page.show_in_menus
        ],
        "pages": {page.pk: page for page in rows if page.pk in footer_ids},
    }
    setattr(request, _LAYOUT_ATTR, layout)
    return layout


def layout_pages(request):
    """{"menu": [pages], "pages": {id: page}}: the menu's pages in tree order and the footer's
    linked pages by id, read once per request (by routing, when the page was routed)."""
    layout = getattr(request, _LAYOUT_ATTR, None)
    if layout is not None:
        return layout
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"menu": [], "pages": {}}
    preload_site(request)
    q, footer_ids = _layout_q(request, site)
    return _store_layout(request, site, list(Page.objects.filter(q).order_by("path")), footer_ids)


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


def routed_pages(request, root, path_components):
    """The pages a request's path goes through below `root`, read in one query and memoised on
    the request. At the site root the same query reads the root and its ancestors (for the
    view-restriction check), the main menu and the footer's linked pages. Only Page's own
    columns: a query joining every page type's table costs more to plan than it saves."""
    prefixes = _prefixes(root, path_components)
    routed = getattr(request, _ROUTED_ATTR, None)
    if routed is not None and set(prefixes) <= routed.prefixes:
        return routed
    q = Q(url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth)
    site = Site.find_for_request(request)
    at_site_root = routed is None and site is not None and site.root_page_id == root.pk
    if at_site_root:
        preload_site(request)
        root_and_ancestors = [
            root.path[:end] for end in range(Page.steplen, len(root.path) + 1, Page.steplen)
        ]
        layout_q, footer_ids = _layout_q(request, site)
        q |= Q(path__in=root_and_ancestors) | layout_q
    rows = list(
        Page.objects.filter(q)
        .annotate(_restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .order_by("path")
    )
    if at_site_root:
        _store_layout(request, site, rows, footer_ids)
    if routed is None:
        routed = _Routed()
        setattr(request, _ROUTED_ATTR, routed)
    routed.add(rows, prefixes)
    return routed


def _walks_on_to_children(model, live, remaining):
    """True when `model.route` would pass `remaining` on to the page's children the way
    BasePage.route does: a routable page whose own routes do not match the path (or that is
    not live) falls back to BasePage.route."""
    if model.route is BasePage.route:
        return True
    if not (
        issubclass(model, RoutablePageMixin)
        and model.route is RoutablePageMixin.route
        and super(RoutablePageMixin, model).route is BasePage.route
    ):
        return False
    if not live:
        return True
    try:
        model.get_resolver().resolve("/" + "".join(f"{slug}/" for slug in remaining))
    except Http404:
        return True
    return False


def _serve_specific(row, routed, site):
    """The page served, in its specific type, in one query with the foreign keys its class
    shows (`serve_select_related`, each page among them flagged public or not) and the public
    pages of its `serve_related_pages` relations, keeping what routing set on the generic row
    (its cached parent)."""
    model = row.specific_class
    lookup = _lookup_from_page(model)
    if not lookup:  # a plain Page: the row is the page
        return row
    relations = getattr(model, "serve_related_pages", ())
    select_related = getattr(model, "serve_select_related", ())
    related = [lookup, *(f"{lookup}__{name}" for name in select_related)]
    wanted = Q(pk=row.pk)
    flags, lookups, deferred = {}, [], []
    page_keys = _page_foreign_keys(model, select_related)
    for name in page_keys:
        flags[_public_fk_attr(name)] = public_flag(f"{lookup}__{name}", site)
    if relations:
        shell = row.specific_deferred  # the relation managers, without a query
        linked_q = Q()
        for n, (name, _) in enumerate(relations):
            linked = getattr(shell, name).all()
            # IN to find the rows (a semi-join), EXISTS to tell them apart (only on those rows).
            linked_q |= Q(pk__in=linked.values("pk"))
            flags[f"_in_relation_{n}"] = Exists(linked.filter(pk=OuterRef("pk")))
            lookups.append(_lookup_from_page(linked.model))
            if linked.model is not model:
                deferred += _streamfield_paths(linked.model, lookups[-1])
        wanted |= public_q(site) & linked_q
    rows = list(
        Page.objects.annotate(**flags)
        .filter(wanted)
        .select_related(*related, *{name for name in lookups if name})
        .defer(*deferred)
        .order_by(relations[0][1] if relations else "path", "pk")
    )
    served = next(page for page in rows if page.pk == row.pk)
    specific = _follow(served, lookup)
    for name, value in row.__dict__.items():
        specific.__dict__.setdefault(name, value)
    for name in page_keys:
        specific.__dict__[_public_fk_attr(name)] = getattr(served, _public_fk_attr(name))
    restriction_ids = routed.restriction_ids(row)
    if restriction_ids is not None:
        specific.__dict__[_RESTRICTIONS_ATTR] = restriction_ids
    specific.__dict__[_RELATED_ATTR] = {
        name: _relation_pages(rows, n, lookups[n], ordering, relations[0][1], row.pk)
        for n, (name, ordering) in enumerate(relations)
    }
    return specific


def _streamfield_paths(model, lookup):
    """The select_related paths of a page model's StreamFields, to defer them."""
    return [
        f"{lookup}__{field.name}"
        for field in model._meta.concrete_fields
        if lookup and isinstance(field, StreamField) and field.model is not Page
    ]


def _relation_pages(rows, n, lookup, ordering, db_ordering, served_id=None):
    """The pages flagged as in relation `n` (public: the query's filter), in `ordering` (the
    database's, or "path"). The page served is in the rows whether public or not, so it is
    left out."""
    pages = [
        _follow(row, lookup)
        for row in rows
        if row.pk != served_id and row.live and getattr(row, f"_in_relation_{n}")
    ]
    if ordering != db_ordering:
        pages.sort(key=lambda page: getattr(page, ordering))
    return pages


class BasePage(Page):
    """Every page of the site inherits this, so site-wide page behaviour (meta description,
    listing text, routing in few queries) is written once."""

    show_in_menus_default = False

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

    def route(self, request, path_components):
        """Wagtail's routing, with the path's pages read in one query (`routed_pages`) instead
        of two per level, and only the page served fetched in its specific type, with what it
        shows (`_serve_specific`). Each page on the way is still asked in turn: a routable page
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
                self.__dict__[_RESTRICTIONS_ATTR] = ids
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
            child._cached_parent_obj = node  # for get_parent() and the breadcrumbs
            remaining = path_components[position + 1 :]
            if not remaining or not _walks_on_to_children(
                child.specific_class, child.live, remaining
            ):
                return _serve_specific(child, routed, site).route(request, remaining)
            # Only passed through: its specific type without a query (its own fields are
            # deferred), for the breadcrumbs and the served page's get_parent().
            node = child.specific_deferred
        raise Http404  # not reached: the last component is always served above

    def get_related_pages(self, *relations, request=None):
        """The public pages (`public_q`) of these page relations, (name, ordering) pairs as for
        `public_related_pages`: read by routing with the page itself when it was served with
        them as its `serve_related_pages`, else in one query of their own (for the site of
        `request`)."""
        routed = self.__dict__.get(_RELATED_ATTR, {})
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
        attr = _public_fk_attr(name)
        flag = self.__dict__.get(attr)
        if flag is None:
            site = Site.find_for_request(request) if request is not None else None
            flag = public_pages(Page.objects.filter(pk=target.pk), site).exists()
            self.__dict__[attr] = flag
        return target if flag else None

    def get_view_restrictions(self):
        """The view restrictions of this page and its ancestors. A routed page knows from the
        routing query which pages have any, so most pages need no query here."""
        ids = self.__dict__.get(_RESTRICTIONS_ATTR)
        if ids is None:
            return super().get_view_restrictions()
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=ids)


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
