"""Queries whose shape never changes, compiled once per process and run with new values.

A page's own queries (the routing query, the page served with what it shows, the related
posts) have the same SQL on every request: only a few values change (the page's id, the path's
URL prefixes, a post's topics). Building that SQL with the ORM costs more than PostgreSQL takes
to plan and run it (measured on the seed post: 25 ms of an 80 ms render). `QueryPlan.rows`
builds a query's SQL once for each key and shape of values, then only puts the new values in:

    ROUTING = QueryPlan("routing")
    rows = ROUTING.rows((site.pk, root.path), build, prefixes, footer_ids)

`build(*values)` returns the QuerySet. It must use `values` only as the query's parameters
(filters on them), never to decide the query's shape: what decides the shape goes in the key.
The plan is found by compiling `build` twice with two sets of stand-in values and reading where
each stand-in landed in the parameters; a query whose SQL or other parameters differ between
the two (a value that changed the shape, a clock read while building) is never planned and is
simply built every time. Lists are part of the shape by their length. A string value lands
either as the whole parameter or inside one (`LIKE 'value%'`); in the latter case a value with
a character LIKE escapes (`%`, `_`, `\\`) is run the ordinary way.

Plans live in this process only (a dict per plan, bounded), hold no data (only SQL and where to
put the values) and are rebuilt after a restart: nothing here can be stale. The private Django
detail this relies on is fenced in practice.wagtail_internals (`compile_queryset`,
`run_compiled`).
"""

import logging
import re
import threading

from django.db import DatabaseError, connections, transaction

from practice.wagtail_internals import compile_queryset, run_compiled

__all__ = [
    "QueryPlan",
    "forget_prepared_statements",
    "prepared_statements_enabled",
    "statement_sql",
]

logger = logging.getLogger("practice.query_plans")

_LIKE_SPECIAL = ("%", "_", "\\")
_NOT_PLANNABLE = object()


def _shape(values):
    shape = []
    for value in values:
        if isinstance(value, (list, tuple)):
            shape.append(("list", tuple(_kind(item) for item in value)))
        else:
            shape.append(_kind(value))
    return tuple(shape)


def _kind(value):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"a planned query's values are ints and strings, not {value!r}")
    return "int" if isinstance(value, int) else "str"


def _stand_ins(shape, letter):
    """Values of `shape` that cannot be mistaken for anything else in a query's parameters."""
    counter = iter(range(10_000))
    base = {"A": 1_987_650_000, "B": 1_987_660_001}[letter]  # odd and even: a parity test shows

    def one(kind):
        n = next(counter)
        return base + n if kind == "int" else f"zq{letter}{n}qz"

    values = []
    for kind in shape:
        if isinstance(kind, tuple):
            values.append([one(item) for item in kind[1]])
        else:
            values.append(one(kind))
    return values


def _flat(values):
    flat = []
    for value in values:
        if isinstance(value, (list, tuple)):
            flat.extend(value)
        else:
            flat.append(value)
    return flat


_PG_TYPES = {int: "bigint", str: "text", float: "double precision"}
_plan_numbers = iter(range(1, 10**9))
_STATEMENTS = {}  # statement name: its SQL, for statement_sql()


def statement_sql(sql):
    """The SQL a logged query ran: `sql` itself, or for "EXECUTE practice_…" the prepared
    statement's SQL (for the tests that read what queries touch, and for debugging)."""
    if sql.startswith("EXECUTE practice_"):
        name = sql.removeprefix("EXECUTE ").split(" ", 1)[0]
        return _STATEMENTS.get(name, sql)
    return sql


class _Plan:
    __slots__ = (
        "compiler",
        "name",
        "params",
        "pg_types",
        "queryset",
        "slots",
        "sql",
        "variable",
    )

    def __init__(self, label, queryset, compiler, sql, params, slots):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots = slots  # (position in params, index in the flat values, (prefix, suffix))
        # Named after its QueryPlan, so a query log tells which it is: "practice_routing_2".
        self.name = f"practice_{label}_{next(_plan_numbers)}"
        if len(_STATEMENTS) >= 5000:
            _STATEMENTS.clear()
        _STATEMENTS[self.name] = sql
        # The parameters that change, in order ($1, $2… of the prepared statement), and their
        # types for PREPARE (None: one PREPARE could not be told about). The others are
        # written into the prepared SQL as literals, so PostgreSQL plans with them known (a
        # LIKE on the site's root path is estimated from its value, not as "one row").
        self.variable = sorted({position for position, _, _ in slots})
        types = [_PG_TYPES.get(type(params[position])) for position in self.variable]
        self.pg_types = None if None in types else types

    def params_for(self, flat):
        params = list(self.params)
        for position, index, around in self.slots:
            value = flat[index]
            if around is None:
                params[position] = value
            elif any(char in value for char in _LIKE_SPECIAL):
                return None  # the ORM would escape it: run the ordinary way
            else:
                params[position] = f"{around[0]}{value}{around[1]}"
        return tuple(params)


def _make_plan(label, build, shape):
    values_a, values_b = _stand_ins(shape, "A"), _stand_ins(shape, "B")
    queryset = build(*values_a)
    compiler, sql_a, params_a = compile_queryset(queryset)
    _, sql_b, params_b = compile_queryset(build(*values_b))
    if sql_a != sql_b or len(params_a) != len(params_b):
        return None
    flat_a, flat_b = _flat(values_a), _flat(values_b)
    slots = []
    for position, (a, b) in enumerate(zip(params_a, params_b, strict=True)):
        if a == b:
            if a in flat_a or (isinstance(a, str) and "zqA" in a):
                return None  # a stand-in that did not change: the value is not a parameter
            continue
        slot = _slot(position, a, b, flat_a, flat_b)
        if slot is None:
            return None
        slots.append(slot)
    if len({index for _, index, _ in slots}) != len(flat_a):
        return None  # a value that is not a parameter decided something: not plannable
    return _Plan(label, queryset, compiler, sql_a, params_a, slots)


def _slot(position, a, b, flat_a, flat_b):
    for index, (value_a, value_b) in enumerate(zip(flat_a, flat_b, strict=True)):
        if a == value_a and b == value_b and type(a) is type(value_a):
            return (position, index, None)
        if isinstance(value_a, str) and isinstance(a, str) and isinstance(b, str):
            prefix, found, suffix = a.partition(value_a)
            if found and b == f"{prefix}{value_b}{suffix}":
                return (position, index, (prefix, suffix))
    return None


# Prepared statements (PostgreSQL): PostgreSQL plans a page's bigger queries (their joins and
# the public flags' subqueries) in 2 to 6 ms each, several times what running them takes. A
# plan's SQL never changes, so it is PREPAREd once per database connection (connections live
# for DB_CONN_MAX_AGE) and EXECUTEd with the values. Off with DB_PREPARED_STATEMENTS=off (a
# pooler in transaction mode, such as PgBouncer's, cannot keep them).
_PREPARED_ATTR = "_practice_prepared_statements"
_UNPREPARABLE = set()  # names PREPARE refused (a parameter type PostgreSQL could not take)


def prepared_statements_enabled(connection):
    from django.conf import settings

    return connection.vendor == "postgresql" and getattr(settings, "DB_PREPARED_STATEMENTS", True)


def _prepared(connection, plan):
    """Whether `plan` is prepared on `connection`'s current database session (preparing it
    now if it can be)."""
    if plan.pg_types is None or plan.name in _UNPREPARABLE:
        return False
    if not prepared_statements_enabled(connection):
        return False
    # Django checks a reused connection's health when the request's first cursor opens: do it
    # now, before asking which session this is, so that a connection cut while idle is
    # replaced first and the statement is prepared on the new session, not on the dead one.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    state = getattr(connection, _PREPARED_ATTR, None)
    if state is None or state[0] is not raw:  # a new session: nothing is prepared on it yet
        state = (raw, set())
        setattr(connection, _PREPARED_ATTR, state)
    if plan.name in state[1]:
        return True
    types = f" ({', '.join(plan.pg_types)})" if plan.pg_types else ""
    try:
        # A savepoint inside a transaction: a refused PREPARE leaves the transaction usable.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            numbers = {position: f"${n}" for n, position in enumerate(plan.variable, start=1)}
            parts = tuple(
                numbers.get(position) or cursor.mogrify("%s", [param]).decode()
                for position, param in enumerate(plan.params)
            )
            cursor.execute(f"PREPARE {plan.name}{types} AS {plan.sql % parts}")
    except DatabaseError:
        logger.warning("query plan %s: PREPARE refused, run as plain SQL", plan.name)
        _UNPREPARABLE.add(plan.name)
        return False
    state[1].add(plan.name)
    return True


def forget_prepared_statements(connection):
    """After the schema changed (migrate): deallocate this session's statements and forget
    every plan, whose SQL was built for the old schema."""
    state = getattr(connection, _PREPARED_ATTR, None)
    if state is not None and connection.connection is state[0] and state[1]:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
    if hasattr(connection, _PREPARED_ATTR):
        delattr(connection, _PREPARED_ATTR)
    for plan in QueryPlan.instances:
        plan.clear()


class QueryPlan:
    """One query of the site whose SQL is built once per key and shape (see the module)."""

    MAX_PLANS = 500  # keys times shapes; a full dict is emptied, not grown

    instances = []  # every plan of the site, for forget_prepared_statements

    def __init__(self, name):
        QueryPlan.instances.append(self)
        self.name = name
        self.label = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")  # in statement names
        self._plans = {}
        self._lock = threading.Lock()
        self.compiled = 0  # how many plans were made (for the tests and the benchmark)

    def rows(self, key, build, *values):
        """The rows of `build(*values)`, as `list(build(*values))` would give them."""
        shape = _shape(values)
        connection = connections["default"]
        plan_key = (connection.alias, connection.vendor, key, shape)
        plan = self._plans.get(plan_key)
        if plan is None:
            plan = _make_plan(self.label, build, shape) or _NOT_PLANNABLE
            if plan is _NOT_PLANNABLE:
                logger.info("query plan %s %r: not plannable, built every time", self.name, key)
            with self._lock:
                if len(self._plans) >= self.MAX_PLANS:
                    self._plans.clear()
                self._plans[plan_key] = plan
                self.compiled += 1
        if plan is not _NOT_PLANNABLE:
            params = plan.params_for(_flat(values))
            if params is not None and plan.queryset.db == connection.alias:
                if _prepared(connection, plan):
                    values = tuple(params[position] for position in plan.variable)
                    placeholders = ", ".join(["%s"] * len(values))
                    sql = f"EXECUTE {plan.name}" + (f" ({placeholders})" if values else "")
                    return run_compiled(plan.queryset, plan.compiler, sql, values)
                return run_compiled(plan.queryset, plan.compiler, plan.sql, params)
        return list(build(*values))

    def clear(self):
        with self._lock:
            self._plans.clear()
