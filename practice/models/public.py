"""The one definition of a public page (live, in the site, under no view restriction on itself
or an ancestor), for every listing, feed, related block, sitemap, search, JSON-LD and the page
cache, and the page relations read through it. Re-exported by practice.models.base."""

from functools import reduce
from operator import or_

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.fields import StreamField
from wagtail.models import Page, PageQuerySet, PageViewRestriction

from practice.query_plans import QueryPlan

__all__ = [
    "public_children",
    "public_flag",
    "public_pages",
    "public_q",
    "public_related_pages",
    "public_relation_pages",
    "restricted_flag",
    "with_public_flags",
]


# What "public" means, once for every listing, feed, related block, sitemap, search and JSON-LD


def restricted_flag():
    """An annotation: whether the page is under a view restriction on itself or an ancestor
    (password, login or groups). In the page's own query, as a subquery."""
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path"))))


def _restricted_page_ids():
    """The ids of the pages under a view restriction on themselves or an ancestor, as a
    subquery. Wagtail's `PageQuerySet.public()` reads every restriction first, a query of its
    own; this form is one the search backend also accepts as a filter."""
    return Page.objects.filter(restricted_flag()).values("pk")


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


def public_fk_attr(name):
    """The attribute holding whether the page of foreign key `name` is public (a flag the
    listing's or the routing's query reads)."""
    return f"_public_fk_{name}"


def with_public_flags(queryset, site, *names):
    """`queryset` with, for each foreign key to a page in `names` ("author"), whether its page
    is public, read in the same query; `BasePage.public_foreign_page` reads the flags."""
    return queryset.annotate(**{public_fk_attr(name): public_flag(name, site) for name in names})


def page_foreign_keys(model, names):
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


# Page relations, read through the definition


PUBLIC_CHILDREN = QueryPlan("a page's public children")


def public_children(model, parent, site, *ordering):
    """The public pages (`public_q`) of `model` among `parent`'s children, without their
    StreamFields, in `ordering` (tree order by default): a section's listing (therapies,
    conditions). Its SQL is built once per model, site and ordering (practice.query_plans)."""
    ordering = ordering or ("path",)

    def build(path, depth):
        children = model.objects.filter(path__startswith=path, depth=depth)  # child_of
        return public_pages(children, site).defer_streamfields().order_by(*ordering)

    return PUBLIC_CHILDREN.rows(
        (model._meta.label, site.root_page.path if site else None, ordering),
        build,
        parent.path,
        parent.depth + 1,
    )


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


def lookup_from_page(model):
    """The select_related path from Page down to a page model ("homepage"; "" for Page)."""
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
    lookups = [lookup_from_page(qs.model) for qs in querysets]
    deferred = [
        path
        for lookup, qs in zip(lookups, querysets, strict=True)
        for path in streamfield_paths(qs.model, lookup)
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
        relation_pages(rows, n, lookups[n], ordering, first)
        for n, (_, ordering) in enumerate(relations)
    ]


def follow(obj, lookup):
    """The object at the end of a select_related path ("" is the object itself)."""
    for name in filter(None, lookup.split("__")):
        obj = getattr(obj, name)
    return obj


def streamfield_paths(model, lookup):
    """The select_related paths of a page model's StreamFields, to defer them."""
    return [
        f"{lookup}__{field.name}"
        for field in model._meta.concrete_fields
        if lookup and isinstance(field, StreamField) and field.model is not Page
    ]


def relation_pages(rows, n, lookup, ordering, db_ordering, served_id=None):
    """The pages flagged as in relation `n` (public: the query's filter), in `ordering` (the
    database's, or "path"). The page served is in the rows whether public or not, so it is
    left out."""
    pages = [
        follow(row, lookup)
        for row in rows
        if row.pk != served_id and row.live and getattr(row, f"_in_relation_{n}")
    ]
    if ordering != db_ordering:
        pages.sort(key=lambda page: getattr(page, ordering))
    return pages
