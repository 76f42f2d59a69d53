"""Every private Wagtail or Django detail the project relies on, in this package (Django's ORM
in `orm.py`, imported here; the rest in this module).

Each function names the private detail it reads or writes, why the public API is not used (what
the private path saves, measured with tests/practice/test_query_budgets.py's pages), and has a
contract test in tests/practice/test_wagtail_internals.py (remember_child_relations's in
test_wagtail_internals_child_relations.py) that fails with a message naming the
detail when a new Wagtail or Django changes it. On an upgrade, run that file first: a failure
there names the function to rewrite, instead of a wrong page somewhere else.

Nothing else in `practice`, `therapy_pages` or `blog` touches a private Wagtail or Django
attribute; names the project invents and stores on its own objects (`_practice_…` on a request)
are not counted.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import URLPattern
from wagtail.models.sites import SiteRootPath

from .orm import compile_queryset, copy_with_related, run_compiled

__all__ = [
    "cache_parent",
    "cached_parent",
    "compile_queryset",
    "copy_with_related",
    "frontend_urlpatterns",
    "page_references",
    "pending_on_commit",
    "picture_node_parts",
    "remember_child_relations",
    "remember_site",
    "remember_site_root_paths",
    "remember_site_setting",
    "remembered_site_root_paths",
    "request_hostname",
    "run_compiled",
    "wrap_spreadsheet_exports",
]


# Routing and preloading (practice/models/preload.py)

# Wagtail's `Page._get_site_root_paths(request)` keeps `Site.get_site_root_paths()` here.
SITE_ROOT_PATHS_ATTR = "_wagtail_cached_site_root_paths"
# Wagtail's `Site.find_for_request(request)` keeps the request's site here.
SITE_ATTR = "_wagtail_site"
# django-treebeard's `MP_Node.get_parent()` returns this when set (Wagtail's routing sets it).
CACHED_PARENT_ATTR = "_cached_parent_obj"


def remember_site_root_paths(request, sites):
    """Give Wagtail the site root paths of `sites` (each with `root_page` and its `locale`
    loaded, in Wagtail's order: most specific root path first) for this request.

    Relies on: `Page.get_url()` reading the request's `_wagtail_cached_site_root_paths` (set by
    `Page._get_site_root_paths`) before calling `Site.get_site_root_paths()`, and on that list
    being `SiteRootPath` tuples as `get_site_root_paths` builds them. Without i18n only: with it,
    each site has a root path per translation, and Wagtail's own build is left to run.

    Why: the sites are already read with the site settings (`preload_site`, one query); Wagtail's
    public path reads them again from Django's cache, or from the database when the cache is
    cold. Measured without it: one query more on every page with a cold cache (a blog post 10 →
    11, over its budget), a cache round trip with a warm one."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    setattr(
        request,
        SITE_ROOT_PATHS_ATTR,
        [
            SiteRootPath(
                site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
            )
            for site in sites
        ],
    )


def remembered_site_root_paths(request):
    """The site root paths remembered on `request` (by `remember_site_root_paths`, or by
    Wagtail's `Page._get_site_root_paths`), or None.

    Relies on: the same `_wagtail_cached_site_root_paths` attribute, the list `Page.get_url()`
    and `get_url_parts()` use for the request (practice.models.page_urls keys page URLs by it)."""
    if request is None:
        return None
    return getattr(request, SITE_ROOT_PATHS_ATTR, None)


def request_hostname(request):
    """The request's hostname as Wagtail matches it to a site: the raw Host header (or
    X-Forwarded-Host), its port cut off, lowercased.

    Relies on: Wagtail's `Site._find_for_request` reading `request._get_raw_host()` (Django's
    private method: the host before the ALLOWED_HOSTS check, which Django makes on its own).

    Why: finding the site among the sites `preload_site` reads (practice.models.sites) must use
    the very host Wagtail would use, or a request could get another site than Wagtail gives it."""
    from django.http.request import split_domain_port

    return split_domain_port(request._get_raw_host())[0]


def remember_site(request, site):
    """Make `Site.find_for_request(request)` return `site` (or None: no site) without a query.

    Relies on: `Site.find_for_request` returning the request's `_wagtail_site` when the
    attribute is set.

    Why: the request's site is chosen among the sites read with the site settings
    (`preload_site`, one query, practice.models.sites); Wagtail's own lookup costs a query of
    its own on every page. Measured without it: one query more on every page (a blog post 9 →
    10), and 0.8 ms of PostgreSQL time with the ORM's 1 ms of building it. A site Wagtail has
    already found for the request stays."""
    if not hasattr(request, SITE_ATTR):
        setattr(request, SITE_ATTR, site)


def remember_site_setting(request, setting):
    """Make `type(setting).for_request(request)` return `setting` (a BaseSiteSetting read with
    the site) without a query, as if `for_request` had read it.

    Relies on: `BaseSiteSetting.for_request` returning the request's attribute named by
    `get_cache_attr_name()` when present, and setting the instance's `_request` (read by its
    `page_url` to build page links from the request's cached site root paths).

    Why: `preload_site` reads every site setting with the sites in one query; `for_request`
    costs a query per setting model a page reads. Measured without it: one query more on every
    page (practice details), two on a blog post (10 → 12)."""
    attr = type(setting).get_cache_attr_name()
    if hasattr(request, attr):  # already asked for in this request: that one stays
        return
    setting._request = request
    setattr(request, attr, setting)


def cache_parent(page, parent):
    """Make `page.get_parent()` return `parent` without a query, as Wagtail's `Page.route`
    does for each page it passes through.

    Relies on: django-treebeard's `MP_Node.get_parent()` returning `_cached_parent_obj` when the
    attribute is set (Wagtail's own routing sets it the same way).

    Why: the routing query has read every page of the path; without it the breadcrumbs and the
    served page's `get_parent()` query them again. Measured without it: the home page 6 (no
    parent to show), a standard page 7 → 8, a therapy 9 → 10, a blog post 10 → 13."""
    setattr(page, CACHED_PARENT_ATTR, parent)


def cached_parent(page):
    """The parent routing cached on `page` (`cache_parent`, or Wagtail's own routing), or None.

    Relies on: the same `_cached_parent_obj` attribute, read without a query (`get_parent()`
    would query when it is not set)."""
    return page.__dict__.get(CACHED_PARENT_ATTR)


# Pictures (practice/templatetags/practice_images.py)


def picture_node_parts(node):
    """(image expression, filter specs, attributes, output variable name) of the node Wagtail's
    `{% picture %}` tag compiles to.

    Relies on: `wagtail.images.templatetags.wagtailimages_tags.image` (the parser of `image`,
    `srcset_image` and `picture`) returning a node with `image_expr` (a FilterExpression),
    `filter_specs` (the specs as written), `attrs` (name: FilterExpression) and
    `output_var_name` (None without `as`), as in Wagtail 7.4 and 8.0.

    Why: Wagtail builds a `Filter` and its operations for every format and size of a picture
    on every render (measured: a quarter of the seed post's render went to its four pictures,
    twelve renditions each), and has no public way to keep the finished markup."""
    return node.image_expr, tuple(node.filter_specs), dict(node.attrs), node.output_var_name


# Page cache (practice/page_cache.py)


def pending_on_commit(kind):
    """The callback of class `kind` waiting for the commit of the current transaction, or None
    (also outside a transaction, where a callback runs at once).

    Relies on: Django's `connection.run_on_commit`, the list of the callbacks waiting for the
    commit, each entry a tuple whose second item is the callback (`(savepoint ids, callback,
    robust)` in Django 4.2 to 5.2); a rolled-back savepoint removes its entries.

    Why: publishing 1,000 pages in one transaction asks 1,000 times to invalidate the page
    cache. Measured: one callback at commit, which gathers what every request asked for,
    instead of 1,000 (each an UPDATE of the generation). Django has no public way to ask what
    is pending."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:
        if isinstance(entry[1], kind):
            return entry[1]
    return None


# Bulk publishing (devtools/bulk.py: the scale generator and the query-budget tests)


def page_references(obj):
    """The reference-index entries of `obj` as (to_content_type_id, to_object_id, model_path,
    content_path, content_path_hash) tuples, without writing them (the caller bulk-inserts).

    Relies on: `ReferenceIndex._extract_references_from_object(obj)` yielding the first four and
    `ReferenceIndex._get_content_path_hash(content_path)` (wagtail/models/reference_index.py, 7.4
    and 8.0).

    Why: the public `ReferenceIndex.create_or_update_for_object` costs two queries an object;
    seeding 1,000 posts for the benchmarks and the query budgets writes them in one INSERT."""
    from wagtail.models import ReferenceIndex

    return [
        (*entry, ReferenceIndex._get_content_path_hash(entry[3]))
        for entry in set(ReferenceIndex._extract_references_from_object(obj))
    ]


# Admin exports (practice/exports.py)


def wrap_spreadsheet_exports(cell, heading):
    """Make every Wagtail admin export (CSV and XLSX) pass each body cell through
    `cell(value, export_format)` and each heading through `heading(text)`. Idempotent.

    Relies on: `SpreadsheetExportMixin` (every Wagtail listing and report with "Download CSV /
    XLSX", and ours) writing each body cell through `preprocess_field_value(field, value,
    export_format)` and each heading through `get_heading(queryset, field)`; both are replaced
    on the mixin itself (a patch of Wagtail's class).

    Why: Wagtail has no setting or hook for what a cell may hold, and its own reports (search
    terms, site history, redirects…) cannot be subclassed from here."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin  # the admin's, once apps load

    original_cell = getattr(SpreadsheetExportMixin.preprocess_field_value, "wrapped", None)
    original_heading = getattr(SpreadsheetExportMixin.get_heading, "wrapped", None)
    original_cell = original_cell or SpreadsheetExportMixin.preprocess_field_value
    original_heading = original_heading or SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return cell(original_cell(self, field, value, export_format), export_format)

    def get_heading(self, queryset, field):
        return heading(original_heading(self, queryset, field))

    preprocess_field_value.wrapped = original_cell
    get_heading.wrapped = original_heading
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading


# URLs (practice/urls.py)


def frontend_urlpatterns(views_by_name):
    """Wagtail's front-end URL patterns (`wagtail.urls.urlpatterns`: the password form, the
    front-end login and the page-serving catch-all), in Wagtail's order, with the view of each
    pattern named in `views_by_name` replaced. A name Wagtail no longer has is an error at
    start-up, not a view silently left as Wagtail's.

    Relies on: the names Wagtail gives those patterns ("wagtail_serve", "wagtailcore_login",
    "wagtailcore_authenticate_with_password"), and each entry being a `URLPattern` whose
    `pattern` can be reused with another view.

    Why: Wagtail has no setting for these views; writing the routes out again here would copy
    Wagtail's regular expressions (which follow WAGTAIL_APPEND_SLASH) and their order."""
    from wagtail import urls as wagtail_urls

    names = {getattr(pattern, "name", None) for pattern in wagtail_urls.urlpatterns}
    missing = set(views_by_name) - names
    if missing:
        raise ImproperlyConfigured(
            f"wagtail.urls has no URL pattern named {', '.join(sorted(missing))}: "
            "practice.wagtail_internals.frontend_urlpatterns cannot replace its view."
        )
    return [
        URLPattern(pattern.pattern, views_by_name[pattern.name], name=pattern.name)
        if getattr(pattern, "name", None) in views_by_name
        else pattern
        for pattern in wagtail_urls.urlpatterns
    ]


# Clusterable models' child relations (practice/apps.py installs this at start-up)


def remember_child_relations():
    """Keep each model's child relations, as modelcluster works them out, until a model class is
    added, instead of working them out again for every page read from the database.

    Relies on: `modelcluster.models.get_all_child_relations(model)` and
    `get_all_child_m2m_relations(model)`, module functions of a model class or instance, which
    `ClusterableModel.__init__` (and the rest of that module) looks up in the module at each call;
    replaced here by functions that return a new list of the same fields, kept per model class.
    A model class added later (Django sends `class_prepared`) forgets them all, as Django's own
    `_meta` caches forget their fields then.

    Why: every Page built from a row (the routing query's, a listing's) goes through
    `ClusterableModel.__init__`, which filters all of the model's fields twice to learn that no
    child relation was passed in. A therapy page builds 36, the seed post 34, search 31: measured
    in-process, interleaved, 120 rounds, two runs, 0.65-0.96 ms of the therapy page's 15-18 ms,
    0.5-1.3 ms of the seed post's, 0.3-1.0 ms of search's, 0.5 ms of the team page's."""
    from django.db.models.signals import class_prepared
    from modelcluster import models as cluster

    if getattr(cluster.get_all_child_relations, "remembered", None) is not None:
        return
    remembered = {}

    def remembering(name, work_out):
        def child_fields(model):
            model = model if isinstance(model, type) else type(model)
            fields = remembered.get((name, model))
            if fields is None:
                fields = remembered[(name, model)] = tuple(work_out(model))
            return list(fields)

        child_fields.__wrapped__ = work_out
        child_fields.remembered = remembered
        return child_fields

    for name in ("get_all_child_relations", "get_all_child_m2m_relations"):
        setattr(cluster, name, remembering(name, getattr(cluster, name)))
    class_prepared.connect(
        lambda sender, **kwargs: remembered.clear(),
        weak=False,
        dispatch_uid="practice.wagtail_internals.remember_child_relations",
    )
