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
import threading

from django.db import connections

from practice.wagtail_internals import compile_queryset, run_compiled

__all__ = ["QueryPlan"]

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


class _Plan:
    __slots__ = ("compiler", "params", "queryset", "slots", "sql")

    def __init__(self, queryset, compiler, sql, params, slots):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots = slots  # (position in params, index in the flat values, (prefix, suffix))

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


def _make_plan(build, shape):
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
    return _Plan(queryset, compiler, sql_a, params_a, slots)


def _slot(position, a, b, flat_a, flat_b):
    for index, (value_a, value_b) in enumerate(zip(flat_a, flat_b, strict=True)):
        if a == value_a and b == value_b and type(a) is type(value_a):
            return (position, index, None)
        if isinstance(value_a, str) and isinstance(a, str) and isinstance(b, str):
            prefix, found, suffix = a.partition(value_a)
            if found and b == f"{prefix}{value_b}{suffix}":
                return (position, index, (prefix, suffix))
    return None


class QueryPlan:
    """One query of the site whose SQL is built once per key and shape (see the module)."""

    MAX_PLANS = 500  # keys times shapes; a full dict is emptied, not grown

    def __init__(self, name):
        self.name = name
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
            plan = _make_plan(build, shape) or _NOT_PLANNABLE
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
                return run_compiled(plan.queryset, plan.compiler, plan.sql, params)
        return list(build(*values))

    def clear(self):
        with self._lock:
            self._plans.clear()
