"""practice.query_plans: a query compiled once answers exactly what the ORM would build afresh,
for every value, and a query whose shape depends on a value is never planned."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from practice.query_plans import QueryPlan, forget_prepared_statements, statement_sql
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    return [
        StandardPageFactory(parent=home_page, title=f"Page {n}", slug=f"page_{n}") for n in range(4)
    ]


def by_ids(ids, prefix):
    return Page.objects.filter(Q(pk__in=ids) | Q(url_path__startswith=prefix)).order_by("path")


def test_a_plan_answers_what_the_orm_builds_for_every_value(pages, home_page):
    plan = QueryPlan("test")
    prefix = home_page.url_path + "page_1"
    for ids in ([pages[0].pk], [pages[2].pk], [pages[3].pk]):
        planned = plan.rows("k", by_ids, ids, prefix)
        assert planned == list(by_ids(ids, prefix))
        assert {page.pk for page in planned} == {ids[0], pages[1].pk}
    assert plan.compiled == 1  # one shape, compiled once


def test_a_planned_query_is_not_compiled_again(pages):
    plan = QueryPlan("test")
    plan.rows("k", by_ids, [pages[0].pk], "/none/")
    with CaptureQueriesContext(connection) as queries:
        rows = plan.rows("k", by_ids, [pages[1].pk], "/none/")
    assert [page.pk for page in rows] == [pages[1].pk]
    assert len(queries) == 1


def test_each_list_length_is_its_own_plan(pages):
    plan = QueryPlan("test")
    assert len(plan.rows("k", by_ids, [pages[0].pk], "/none/")) == 1
    assert len(plan.rows("k", by_ids, [pages[0].pk, pages[1].pk], "/none/")) == 2
    assert len(plan.rows("k", by_ids, [], "/none/")) == 0
    assert plan.compiled == 3


def test_a_like_value_the_orm_would_escape_runs_the_ordinary_way(pages, home_page):
    """`page_1` holds an underscore, which LIKE reads as "any character": the plan would have to
    escape it as the ORM does, so it runs the ORM's query instead."""
    plan = QueryPlan("test")
    plan.rows("k", by_ids, [pages[0].pk], "/plain/")
    tricky = home_page.url_path + "page%"
    assert plan.rows("k", by_ids, [], tricky) == list(by_ids([], tricky)) == []
    underscore = home_page.url_path + "page_"
    assert plan.rows("k", by_ids, [], underscore) == list(by_ids([], underscore))


def test_a_value_that_decides_the_shape_is_never_planned(pages):
    def shaped(pk):
        query = Page.objects.filter(pk=pk)
        return query.order_by("-path") if pk % 2 else query.order_by("path")

    plan = QueryPlan("test")
    for page in pages:
        assert [row.pk for row in plan.rows("k", shaped, page.pk)] == [page.pk]
    assert plan.compiled == 1  # the one try, remembered as not plannable


def test_a_value_not_used_as_a_parameter_is_never_planned(pages):
    plan = QueryPlan("test")
    rows = plan.rows("k", lambda pk: Page.objects.filter(pk=pages[0].pk), pages[1].pk)
    assert [row.pk for row in rows] == [pages[0].pk]
    rows = plan.rows("k", lambda pk: Page.objects.filter(pk=pages[2].pk), pages[1].pk)
    assert [row.pk for row in rows] == [pages[2].pk]  # built again: nothing was kept


def test_values_are_ints_and_strings_only(pages):
    with pytest.raises(TypeError):
        QueryPlan("test").rows("k", lambda flag: Page.objects.filter(live=flag), True)


def test_the_plans_are_bounded(pages):
    plan = QueryPlan("test")
    plan.MAX_PLANS = 2
    for n in range(5):
        plan.rows(("k", n), lambda pk: Page.objects.filter(pk=pk), pages[0].pk)
    assert len(plan._plans) <= 2


# Prepared statements (PostgreSQL)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


@postgres_only
def test_a_plan_is_prepared_once_per_session_and_executed_with_its_values(pages):
    plan = QueryPlan("prepared test")
    for page in pages[:2]:
        plan.rows("k", lambda pk: Page.objects.filter(pk=pk), page.pk)
    with CaptureQueriesContext(connection) as queries:
        rows = plan.rows("k", lambda pk: Page.objects.filter(pk=pk), pages[2].pk)
    assert [row.pk for row in rows] == [pages[2].pk]
    [executed] = [query["sql"] for query in queries]
    assert executed.startswith("EXECUTE practice_prepared_test_")
    assert executed.endswith(f"({pages[2].pk})")  # only the value that changes is sent
    assert 'FROM "wagtailcore_page"' in statement_sql(executed)


@postgres_only
def test_the_site_root_path_is_written_into_the_prepared_sql(pages, home_page):
    """Constants (here the LIKE prefix) are literals of the prepared statement, so PostgreSQL
    plans with them known; only the changing values are parameters."""
    plan = QueryPlan("prepared test")
    path = home_page.path

    def build(pk):
        return Page.objects.filter(path__startswith=path).exclude(pk=pk)

    plan.rows("k", build, pages[0].pk)
    with CaptureQueriesContext(connection) as queries:
        rows = plan.rows("k", build, pages[1].pk)
    assert {row.pk for row in rows} == {page.pk for page in pages if page != pages[1]} | {
        home_page.pk
    }
    assert queries[-1]["sql"].endswith(f"({pages[1].pk})")


@postgres_only
def test_a_new_session_and_a_migration_prepare_again(pages):
    plan = QueryPlan("prepared test")
    build = lambda pk: Page.objects.filter(pk=pk)  # noqa: E731
    plan.rows("k", build, pages[0].pk)
    forget_prepared_statements(connection)  # what post_migrate does
    assert [row.pk for row in plan.rows("k", build, pages[1].pk)] == [pages[1].pk]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a new session has nothing prepared
    connection._practice_prepared_statements = None
    assert [row.pk for row in plan.rows("k", build, pages[2].pk)] == [pages[2].pk]


@postgres_only
def test_prepared_statements_can_be_turned_off(pages, settings):
    settings.DB_PREPARED_STATEMENTS = False
    plan = QueryPlan("prepared test")
    build = lambda pk: Page.objects.filter(pk=pk)  # noqa: E731
    plan.rows("k", build, pages[0].pk)
    with CaptureQueriesContext(connection) as queries:
        plan.rows("k", build, pages[1].pk)
    assert queries[0]["sql"].startswith("SELECT")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_session_cut_while_idle_is_replaced_before_the_plan_runs():
    """A worker's connection cut by a PostgreSQL restart: the next request's first planned query
    must run on a new session, with its statement prepared there (make fault-check)."""
    import psycopg2

    plan = QueryPlan("cut session test")
    build = lambda pk: Page.objects.filter(pk=pk)  # noqa: E731
    root = Page.objects.order_by("path").first()
    plan.rows("k", build, root.pk)
    assert [row.pk for row in plan.rows("k", build, root.pk)] == [root.pk]  # prepared
    pid = connection.connection.get_backend_pid()
    params = connection.settings_dict
    other = psycopg2.connect(
        dbname=params["NAME"], user=params["USER"] or None, host=params["HOST"] or None,
        port=params["PORT"] or None, password=params["PASSWORD"] or None,
    )  # fmt: skip
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    connection.health_check_enabled = True
    connection.health_check_done = False  # as at the start of the next request
    assert [row.pk for row in plan.rows("k", build, root.pk)] == [root.pk]
    assert connection.connection.get_backend_pid() != pid
