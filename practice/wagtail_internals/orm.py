"""Django ORM details the project relies on (part of practice.wagtail_internals: see its
docstring; contract tests in tests/practice/test_wagtail_internals.py)."""

import copy

__all__ = ["compile_queryset", "copy_with_related", "run_compiled"]


# Compiled queries (practice/query_plans.py)


def compile_queryset(queryset):
    """(compiler, sql, params) of a QuerySet, compiled as iterating it would compile it.

    Relies on: `queryset.query.get_compiler(using=queryset.db).as_sql()` returning the SQL and
    its parameters and leaving on the compiler what reading the rows needs afterwards (`select`,
    `klass_info`, `annotation_col_map`, `col_count`, `has_extra_select`: set up by
    `pre_sql_setup`), as Django 4.2 to 5.2's `ModelIterable` reads them."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    return compiler, sql, tuple(params)


def run_compiled(queryset, compiler, sql, params):
    """The rows of `queryset` (as `list(queryset)` gives them: instances, select_related,
    annotations) read with `sql` and `params` through a copy of `compiler`, the compiler
    `compile_queryset(queryset)` returned, without compiling the query again.

    Relies on: `ModelIterable` asking `queryset.query.get_compiler()` for its compiler and that
    compiler's `execute_sql()` calling `self.as_sql()` for the SQL (both replaced on copies
    made for this one run: the queryset, its Query and the compiler are never shared with
    another run), and the compiler's `connection` being the one it runs on.

    The converters of the selected columns (`get_converters`, the same for every run of one
    compiled query on one kind of database) are found on the first run and kept on `compiler`.

    Why: building the SQL of a page's query (its select_related joins, the public flags'
    subqueries) costs more than PostgreSQL takes to plan and run it: measured on the seed post,
    25 ms of its 80 ms render went to the ORM compiling nine queries whose shape never changes.
    Finding the converters again walks each of a page query's 40 to 90 columns: a twentieth of
    the seed post's render. Django has no public way to keep a compiled query."""
    from django.db import connections

    clone = queryset.all()  # a new QuerySet and Query; the template queryset stays unevaluated
    run = copy.copy(compiler)
    run.connection = connections[clone.db]
    run.as_sql = lambda *args, **kwargs: (sql, params)
    run.get_converters = _kept_converters(compiler, run)
    clone.query.get_compiler = lambda *args, **kwargs: run
    return list(clone)


_CONVERTERS_ATTR = "_practice_converters"


def _kept_converters(compiler, run):
    """`run.get_converters`, answered for the selected columns from what `compiler` kept.

    Relies on: `SQLCompiler.results_iter` asking `self.get_converters(columns)` for the
    selected columns (`select[:col_count]`, the objects `compiler` holds and its copies share),
    and the converters found depending only on the columns and the database's vendor."""
    kept = compiler.__dict__.setdefault(_CONVERTERS_ATTR, {})
    vendor = run.connection.vendor
    find = type(run).get_converters.__get__(run)

    def get_converters(expressions):
        columns = kept.get("columns")
        if columns is None:
            columns = kept["columns"] = tuple(s[0] for s in compiler.select[: compiler.col_count])
        if len(expressions) != len(columns) or any(
            a is not b for a, b in zip(expressions, columns, strict=True)
        ):
            return find(expressions)  # other columns (a composite's parts): not kept
        if vendor not in kept:
            kept[vendor] = find(expressions)
        return kept[vendor]

    return get_converters


# Copies of model instances (practice/models/sites.py)


def copy_with_related(instance):
    """A copy of a model instance, with copies of the related objects cached on it (those read
    with `select_related`), so that the copy can be changed (a foreign key set, an attribute
    added) without changing `instance` or what was read with it.

    Relies on: `copy.copy` of a model instance copying its `_state` and the state's
    `fields_cache` dict (Django's `Model.__getstate__`), and that dict holding the related
    objects `select_related` read, by name.

    Why: the sites and their settings are kept per process (practice.models.sites
    `kept_sites`), and each request changes its own: routing puts the root page in its
    specific type on the site, a setting carries its request. Reading them again cost 1.2 to
    1.8 ms of every page."""
    instance = copy.copy(instance)
    related = instance._state.fields_cache
    for name, value in related.items():
        if value is not None:
            related[name] = copy.copy(value)
    return instance
