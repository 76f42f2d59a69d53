"""Contract tests for practice.wagtail_internals: one or more per function, each showing that the
private Wagtail or Django detail the function relies on still behaves as it did, by setting it
and watching Wagtail's (or Django's) own code use it. A failure names the function to rewrite
after an upgrade. They run on Wagtail 7.4 and on the newest 8.x (`make test-next`)."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from django.urls import resolve, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page, PageViewRestriction, Site

from practice import csrf as practice_csrf
from practice import wagtail_internals
from practice.exports import protect_spreadsheet_exports
from practice.models import PracticeSettings
from practice.restricted_pages import authenticate_with_password, sign_in_for_page
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def site_request(path="/"):
    return RequestFactory().get(path, HTTP_HOST="localhost")


def sites_as_wagtail_orders_them():
    return list(
        Site.objects.select_related("root_page", "root_page__locale").order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )


# remember_site_root_paths


def test_remembered_site_root_paths_are_what_wagtail_builds(site):
    request = site_request()
    wagtail_internals.remember_site_root_paths(request, sites_as_wagtail_orders_them())
    remembered = getattr(request, wagtail_internals.SITE_ROOT_PATHS_ATTR)
    assert remembered == Site.get_site_root_paths(), (
        "Site.get_site_root_paths() builds its list differently now: update "
        "wagtail_internals.remember_site_root_paths to build the same."
    )


def test_page_urls_are_built_from_the_remembered_site_root_paths(site, home_page):
    request = site_request()
    wagtail_internals.remember_site_root_paths(request, sites_as_wagtail_orders_them())
    wagtail_built = home_page.get_full_url(request)
    fake = [p._replace(root_url="https://elsewhere.example") for p in Site.get_site_root_paths()]
    setattr(request, wagtail_internals.SITE_ROOT_PATHS_ATTR, fake)
    assert home_page.get_full_url(request) == "https://elsewhere.example/", (
        "Page.get_url() no longer reads the site root paths from "
        "request._wagtail_cached_site_root_paths: wagtail_internals.remember_site_root_paths "
        "has no effect (each page URL would read them again)."
    )
    assert wagtail_built == "http://localhost/"


def test_the_site_root_paths_wagtail_keeps_on_a_request_are_the_ones_remembered_there(
    site, home_page
):
    request = site_request()
    assert wagtail_internals.remembered_site_root_paths(request) is None
    home_page.get_url(request=request)  # Wagtail reads them and keeps them on the request
    assert wagtail_internals.remembered_site_root_paths(request) == Site.get_site_root_paths(), (
        "Page.get_url() no longer keeps the site root paths on the request where "
        "remembered_site_root_paths reads them (practice.models.page_urls keys URLs by them)"
    )


# remember_site, request_hostname (practice.models.sites chooses the site among all of them)


def test_a_remembered_site_is_what_find_for_request_returns_without_a_query(
    site, django_assert_num_queries
):
    request = site_request()
    other = Site(hostname="elsewhere.example", port=80, root_page_id=site.root_page_id)
    wagtail_internals.remember_site(request, other)
    with django_assert_num_queries(0):
        found = Site.find_for_request(request)
    assert found is other, (
        "Site.find_for_request no longer returns the site kept on the request as _wagtail_site: "
        "wagtail_internals.remember_site has no effect (every page pays Wagtail's site query)."
    )


def test_a_site_wagtail_has_found_already_is_kept(site):
    request = site_request()
    found = Site.find_for_request(request)
    wagtail_internals.remember_site(request, None)
    assert Site.find_for_request(request) is found


@pytest.mark.parametrize(
    "host",
    ["localhost", "LocalHost:8000", "www.practice.test", "www.practice.test:8080", "[::1]:80"],
)
def test_the_hostname_is_the_one_wagtail_matches(host, monkeypatch):
    from wagtail.models import sites as wagtail_sites

    asked = []
    monkeypatch.setattr(
        wagtail_sites, "get_site_for_hostname", lambda hostname, port: asked.append(hostname)
    )
    request = RequestFactory().get("/", HTTP_HOST=host)
    Site._find_for_request(request)
    assert asked == [wagtail_internals.request_hostname(request)], (
        "Wagtail matches another hostname to a site than wagtail_internals.request_hostname "
        "gives: update it to read the host as Site._find_for_request does."
    )


# remember_site_setting


def test_a_remembered_setting_is_what_for_request_returns_without_a_query(
    practice_settings, django_assert_num_queries
):
    request = site_request()
    setting = PracticeSettings.objects.get(pk=practice_settings.pk)
    wagtail_internals.remember_site_setting(request, setting)
    with django_assert_num_queries(0):
        found = PracticeSettings.for_request(request)
    assert found is setting, (
        "BaseSiteSetting.for_request no longer returns the instance cached on the request under "
        "get_cache_attr_name(): wagtail_internals.remember_site_setting has no effect."
    )


def test_a_remembered_setting_carries_the_request_as_for_request_leaves_it(practice_settings):
    request = site_request()
    from_wagtail = PracticeSettings.for_request(request)
    assert getattr(from_wagtail, "_request", None) is request, (
        "BaseSiteSetting.for_request no longer sets _request on the setting: update "
        "wagtail_internals.remember_site_setting to leave the setting as Wagtail does."
    )
    other = site_request()
    setting = PracticeSettings.objects.get(pk=practice_settings.pk)
    wagtail_internals.remember_site_setting(other, setting)
    assert setting._request is other
    # A setting already asked for in this request stays.
    wagtail_internals.remember_site_setting(request, setting)
    assert PracticeSettings.for_request(request) is from_wagtail


# cache_parent, cached_parent


def test_a_cached_parent_is_what_get_parent_returns_without_a_query(
    home_page, django_assert_num_queries
):
    child = Page.objects.get(pk=StandardPageFactory(parent=home_page, slug="about").pk)
    wagtail_internals.cache_parent(child, home_page)
    with django_assert_num_queries(0):
        parent = child.get_parent()
    assert parent is home_page, (
        "Page.get_parent() no longer returns _cached_parent_obj: wagtail_internals.cache_parent "
        "has no effect (breadcrumbs and get_parent() would query)."
    )
    assert wagtail_internals.cached_parent(child) is home_page


def test_wagtails_own_routing_caches_the_parent_where_cached_parent_reads_it(site, home_page):
    StandardPageFactory(parent=home_page, slug="about")
    result = Page.route(home_page, site_request("/about/"), ["about"])
    assert result.page.slug == "about"
    assert wagtail_internals.cached_parent(result.page) is home_page, (
        "Wagtail's Page.route no longer caches the parent as _cached_parent_obj: check that "
        "wagtail_internals.cache_parent and cached_parent still match what get_parent() reads."
    )


# pending_on_commit


class Bump:
    def __call__(self):
        pass


@pytest.mark.django_db
def test_page_references_are_the_rows_wagtails_own_reference_index_writes(team_index):
    """page_references: if this fails, Wagtail's ReferenceIndex._extract_references_from_object
    or _get_content_path_hash changed; rewrite page_references (devtools/bulk.py uses it)."""
    from wagtail.models import ReferenceIndex

    from tests.factories import ClinicianPageFactory, ImageFactory

    page = ClinicianPageFactory(parent=team_index, slug="dr-ref", photo=ImageFactory())
    ReferenceIndex.create_or_update_for_object(page)
    written = set(
        ReferenceIndex.get_references_for_object(page).values_list(
            "to_content_type_id", "to_object_id", "model_path", "content_path", "content_path_hash"
        )
    )
    ours = set(wagtail_internals.page_references(page))
    assert ours == written, "wagtail_internals.page_references no longer matches Wagtail's index"
    assert any(path == "photo" for _type, _id, path, _content, _hash in ours)


def test_a_callback_waiting_for_the_commit_is_found(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        bump = Bump()
        transaction.on_commit(bump)
        assert wagtail_internals.pending_on_commit(Bump) is bump, (
            "connection.run_on_commit no longer holds (savepoint ids, callback, robust) tuples: "
            "update wagtail_internals.pending_on_commit."
        )
    assert callbacks == [bump]


def test_nothing_is_pending_before_a_callback():
    assert transaction.get_connection().in_atomic_block
    transaction.on_commit(lambda: None)
    assert wagtail_internals.pending_on_commit(Bump) is None


def test_a_callback_of_a_rolled_back_savepoint_is_not_found(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        try:
            with transaction.atomic():
                transaction.on_commit(Bump())
                raise RuntimeError
        except RuntimeError:
            pass
        assert wagtail_internals.pending_on_commit(Bump) is None, (
            "A rolled-back savepoint left its callback in connection.run_on_commit: the page "
            "cache would add an invalidation to a callback that never runs."
        )


# wrap_spreadsheet_exports


class ExportProbe(SpreadsheetExportMixin):
    """The smallest Wagtail export: one column, its heading overridden."""

    list_export = ["name"]
    export_headings = {"name": "=Heading"}


ROWS = [{"name": "=1+1"}]


def test_every_csv_cell_and_heading_goes_through_the_wrapped_methods():
    response = ExportProbe().as_spreadsheet(ROWS, "csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["'=Heading"], ["'=1+1"]], (
        "Wagtail's SpreadsheetExportMixin no longer writes CSV cells through "
        "preprocess_field_value or headings through get_heading: "
        "wagtail_internals.wrap_spreadsheet_exports no longer protects exports."
    )


def test_every_xlsx_heading_goes_through_the_wrapped_method():
    response = ExportProbe().as_spreadsheet(ROWS, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A1"].value == "'=Heading", (
        "Wagtail's SpreadsheetExportMixin no longer writes XLSX headings through get_heading."
    )
    assert sheet["A2"].data_type == "s"  # Wagtail's own rule: no formula cell in an XLSX


def test_wrapping_again_wraps_wagtails_methods_not_the_wrappers():
    calls = []
    try:
        for _ in range(2):
            wagtail_internals.wrap_spreadsheet_exports(
                cell=lambda value, export_format: calls.append(value) or value,
                heading=lambda text: text,
            )
        ExportProbe().preprocess_field_value("name", "x", "csv")
        assert calls == ["x"]
    finally:
        protect_spreadsheet_exports()
    assert ExportProbe().preprocess_field_value("name", "=x", "csv") == "'=x"


# compile_queryset, run_compiled


def test_a_compiled_query_reads_its_rows_as_the_queryset_would(site, home_page):
    StandardPageFactory(parent=home_page, title="Compiled", slug="compiled")
    queryset = (
        Page.objects.filter(depth__gte=1)
        .select_related("locale")
        .annotate(flag=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .order_by("path")
    )
    compiler, sql, params = wagtail_internals.compile_queryset(queryset)
    rows = wagtail_internals.run_compiled(queryset, compiler, sql, params)
    expected = list(queryset.all())
    assert [(row.pk, row.title, row.flag) for row in rows] == [
        (row.pk, row.title, row.flag) for row in expected
    ], "run_compiled no longer reads rows as QuerySet iteration does (ModelIterable changed)"
    assert all("locale" in row._state.fields_cache for row in rows), (
        "run_compiled lost select_related: the compiler's klass_info is no longer what "
        "ModelIterable reads"
    )


def test_a_compiled_query_runs_with_new_parameters_and_no_compilation(site, home_page, monkeypatch):
    other = StandardPageFactory(parent=home_page, title="Other", slug="other")
    queryset = Page.objects.filter(pk=home_page.pk)
    compiler, sql, params = wagtail_internals.compile_queryset(queryset)
    assert params == (home_page.pk,)
    from django.db.models.sql.compiler import SQLCompiler

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(SQLCompiler, "as_sql", refuse)
    rows = wagtail_internals.run_compiled(queryset, compiler, sql, (other.pk,))
    assert [row.pk for row in rows] == [other.pk], (
        "run_compiled no longer makes ModelIterable run the given SQL through the copied "
        "compiler (get_compiler or execute_sql changed)"
    )
    assert queryset._result_cache is None  # the planned queryset itself is never evaluated


def test_a_compiled_querys_converters_are_found_once_and_still_convert(
    site, home_page, monkeypatch
):
    from django.db.models.sql.compiler import SQLCompiler

    from practice.models import StandardPage

    page = StandardPageFactory(parent=home_page, title="Converted", slug="converted")
    queryset = StandardPage.objects.filter(pk=page.pk).select_related("locale")
    compiler, sql, params = wagtail_internals.compile_queryset(queryset)
    found = []
    find = SQLCompiler.get_converters

    def counted(self, expressions):
        found.append(len(expressions))
        return find(self, expressions)

    monkeypatch.setattr(SQLCompiler, "get_converters", counted)
    runs = [wagtail_internals.run_compiled(queryset, compiler, sql, params) for _ in range(3)]
    assert len(found) == 1, (
        "run_compiled found the converters on every run: SQLCompiler.results_iter no longer asks "
        "get_converters for select[:col_count] (the columns run_compiled keeps them for)"
    )
    for rows in runs:
        assert [type(row.body).__name__ for row in rows] == ["StreamValue"], (
            "the kept converters no longer convert: a StreamField came back unconverted"
        )


# copy_with_related


def test_a_copy_with_related_can_change_without_changing_the_original(site, home_page):
    original = Site.objects.select_related("root_page", "root_page__locale").get(pk=site.pk)
    copied = wagtail_internals.copy_with_related(original)
    assert copied == original and copied.root_page == original.root_page
    assert copied.root_page is not original.root_page, (
        "copy.copy of a model instance no longer copies _state.fields_cache (Django's "
        "Model.__getstate__): copy_with_related must copy the related objects another way"
    )
    other = StandardPageFactory(parent=home_page, title="Elsewhere", slug="elsewhere")
    copied.root_page = other
    copied.hostname = "copy.example"
    assert original.root_page.pk == home_page.pk and original.hostname == site.hostname
    with_locale = wagtail_internals.copy_with_related(original)
    assert "locale" in with_locale.root_page._state.fields_cache  # still read with it


# frontend_urlpatterns


def test_wagtails_front_end_views_are_replaced_by_name():
    assert resolve("/some/page/").func is practice_csrf.serve
    assert resolve(reverse("wagtailcore_login")).func is sign_in_for_page
    password_url = reverse("wagtailcore_authenticate_with_password", args=[1, 2])
    assert resolve(password_url).func is authenticate_with_password, (
        "Wagtail's front-end URL patterns changed: "
        "wagtail_internals.frontend_urlpatterns no longer swaps the view in."
    )


def test_a_front_end_view_wagtail_no_longer_names_fails_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="wagtail_login_renamed"):
        wagtail_internals.frontend_urlpatterns({"wagtail_login_renamed": sign_in_for_page})


# Public behaviour the project relies on


def test_the_route_is_found_once_per_request(site, django_assert_num_queries):
    """practice.csrf.serve finds the page of a POST with `Page.find_for_request`, and Wagtail's
    `serve` then reuses the route it keeps on the request."""
    request = site_request()
    assert Page.find_for_request(request, "/").pk == site.root_page_id
    with django_assert_num_queries(0):
        assert Page.route_for_request(request, "/").page.pk == site.root_page_id


def test_pages_come_in_their_specific_type_without_a_query_each(
    home_page, django_assert_num_queries
):
    """PageSitemap reads every page this way, so a page type's own `get_sitemap_urls` answers."""
    StandardPageFactory(parent=home_page, slug="about")
    Page.objects.get(pk=home_page.pk).specific_class  # noqa: B018 - content types, once
    with django_assert_num_queries(1):
        pages = list(Page.objects.filter(depth__gte=home_page.depth).specific(defer=True))
    assert {type(page).__name__ for page in pages} >= {"HomePage", "StandardPage"}


def test_a_page_type_with_its_own_sitemap_entries_is_asked_for_them(client, home_page, monkeypatch):
    """PageSitemap keeps Wagtail's own entry loop (no private `Sitemap._urls`): it hands Wagtail
    pages in their specific type once a page type answers `get_sitemap_urls` itself."""
    from practice.models import StandardPage
    from practice.seo import sitemap as sitemap_module

    StandardPageFactory(parent=home_page, slug="about")

    def get_sitemap_urls(self, request=None):
        return [{"location": f"http://localhost{self.url_path}own-entry/", "lastmod": None}]

    monkeypatch.setattr(StandardPage, "get_sitemap_urls", get_sitemap_urls, raising=False)
    sitemap_module._a_page_type_has_its_own_sitemap_urls.cache_clear()
    try:
        body = client.get("/sitemap.xml").content.decode()
    finally:
        monkeypatch.undo()
        sitemap_module._a_page_type_has_its_own_sitemap_urls.cache_clear()
    assert "own-entry/</loc>" in body
    assert "<loc>http://localhost/</loc>" in body  # the home page answers as before
