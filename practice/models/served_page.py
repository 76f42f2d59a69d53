"""The page a request is served, read in its specific type in one query with what it shows
(practice.models.preload routes to it)."""

from functools import cache

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Page

from practice.query_plans import QueryPlan
from practice.wagtail_internals import cache_parent, cached_parent

from .public import (
    follow,
    lookup_from_page,
    page_foreign_keys,
    public_fk_attr,
    public_flag,
    public_q,
    relation_pages,
    streamfield_paths,
)

__all__ = ["RELATED_ATTR", "RESTRICTIONS_ATTR", "relation_rows", "serve_specific"]

# Set on a routed page: the ids of the pages whose view restrictions apply to it, and the live
# pages of its `serve_related_pages` (read by BasePage.get_related_pages).
RESTRICTIONS_ATTR = "_practice_restriction_page_ids"
RELATED_ATTR = "_practice_related_pages"


def _served_queryset(model, site, pk):
    """The query `serve_specific` runs for the page of `model` with id `pk` (see there)."""
    lookup = lookup_from_page(model)
    relations = getattr(model, "serve_related_pages", ())
    select_related = getattr(model, "serve_select_related", ())
    related = [lookup, *(f"{lookup}__{name}" for name in select_related)]
    wanted = Q(pk=pk)
    flags, lookups, deferred = {}, [], []
    for name in page_foreign_keys(model, select_related):
        flags[public_fk_attr(name)] = public_flag(f"{lookup}__{name}", site)
    if relations:
        shell = _shell(model, pk)
        linked_q = Q()
        for n, (name, _) in enumerate(relations):
            linked = getattr(shell, name).all()
            # IN to find the rows (a semi-join), EXISTS to tell them apart (only on those rows).
            linked_q |= Q(pk__in=linked.values("pk"))
            flags[f"_in_relation_{n}"] = Exists(linked.filter(pk=OuterRef("pk")))
            lookups.append(lookup_from_page(linked.model))
            if linked.model is not model:
                deferred += streamfield_paths(linked.model, lookups[-1])
        wanted |= public_q(site) & linked_q
    return (
        Page.objects.annotate(**flags)
        .filter(wanted)
        .select_related(*related, *{name for name in lookups if name})
        .defer(*deferred)
        .order_by(relations[0][1] if relations else "path", "pk")
    )


def _shell(model, pk):
    """A page of `model` with id `pk` and every other field deferred: its relation managers,
    without a query."""
    from django.contrib.contenttypes.models import ContentType

    known = {
        "id": pk,
        model._meta.pk.attname: pk,
        "content_type_id": ContentType.objects.get_for_model(model).pk,  # cached per process
    }
    names = [f.attname for f in model._meta.concrete_fields if f.attname in known]
    return model.from_db(None, names, [known[name] for name in names])


RELATION_ROWS = QueryPlan("a page's relation")


def relation_rows(page, name):
    """`list(page.<name>.all())` for a child relation or a many-to-many relation of `page`
    (its session fees, the populations a therapy helps), with the query's SQL built once per
    page type and relation (practice.query_plans). A preview's relations are in memory, and
    are returned as they are."""
    rows = getattr(page, name).all()
    if not isinstance(rows, QuerySet) or page.pk is None:
        return list(rows)
    model = type(page)
    return RELATION_ROWS.rows(
        (model._meta.label, name), lambda pk: getattr(_shell(model, pk), name).all(), page.pk
    )


@cache  # the page models, not data
def _served_lookups(model):
    """For each of `model`'s `serve_related_pages`, the lookup from Page to the linked model."""
    shell = _shell(model, 0)
    return [
        lookup_from_page(getattr(shell, name).all().model)
        for name, _ in getattr(model, "serve_related_pages", ())
    ]


SERVED_PAGE = QueryPlan("served page")


def serve_specific(row, routed, site):
    """The page served, in its specific type, in one query with the foreign keys its class
    shows (`serve_select_related`, each page among them flagged public or not) and the public
    pages of its `serve_related_pages` relations, keeping what routing set on the generic row
    (its cached parent). The query's SQL is built once per page type and site
    (practice.query_plans). `routed` (the routing's rows) tells the pages whose view
    restrictions apply; None for the site's root page, served before routing (whose query
    tells them when it reaches the root)."""
    model = row.specific_class
    lookup = lookup_from_page(model)
    if not lookup:  # a plain Page: the row is the page
        return row
    relations = getattr(model, "serve_related_pages", ())
    page_keys = page_foreign_keys(model, getattr(model, "serve_select_related", ()))
    key = (model, site.root_page.path if site else None)  # the SQL's constants
    rows = SERVED_PAGE.rows(key, lambda pk: _served_queryset(model, site, pk), row.pk)
    lookups = _served_lookups(model)
    served = next(page for page in rows if page.pk == row.pk)
    specific = follow(served, lookup)
    parent = cached_parent(row)
    if parent is not None:
        cache_parent(specific, parent)
    for name in page_keys:
        setattr(specific, public_fk_attr(name), getattr(served, public_fk_attr(name)))
    restriction_ids = routed.restriction_ids(row) if routed is not None else None
    if restriction_ids is not None:
        setattr(specific, RESTRICTIONS_ATTR, restriction_ids)
    related_pages = {
        name: relation_pages(rows, n, lookups[n], ordering, relations[0][1], row.pk)
        for n, (name, ordering) in enumerate(relations)
    }
    setattr(specific, RELATED_ATTR, related_pages)
    return specific
