"""A copy of the test database as the migrations left it, for tests that build a whole site.

tests/practice/test_backup.py needs a scratch PostgreSQL database that the real migrations and
`seed_demo` built. Migrating one from nothing cost it 22 s on an idle machine (about a minute
under the suite's load, in each of the two suites CI runs), the same migrations pytest-django
has just run to make this worker's test database. So, when that module is collected, the test
database is copied as a template (`CREATE DATABASE ... TEMPLATE`, a fraction of a second) right
after pytest-django migrates it and before any test writes to it; the scratch database is made
from that copy and `migrate` there only confirms that nothing is left to apply.

PostgreSQL only; elsewhere `template_name()` is None and the tests build from nothing as before.

The migrated rows are also kept in memory (`remember_rows`), for every run on PostgreSQL. A test
on a transactional database (a live server, threads, two instances) ends with Django emptying
every table; the tests after it would then make the tree's roots again with new ids, so no later
seed would start from rows an earlier one started from and `seed_demo_in_transaction`'s copies
(tests/demo_snapshot.py) would never be used again in that process: each such module or test
seeded for real, 5-11 s. `put_back_rows` returns the migrated rows after such a test.
"""

import os

from django.db import connection, connections

NEEDED_BY = "tests/practice/test_backup.py"

_taken = {"name": None}
_rows = {"snapshot": None}


def wanted(items):
    return any(item.nodeid.replace(os.sep, "/").startswith(NEEDED_BY) for item in items)


def _admin(statement):
    """Run a statement on the server's maintenance database, outside any transaction."""
    import psycopg2

    params = connection.settings_dict
    maintenance = psycopg2.connect(
        dbname="postgres",
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    maintenance.autocommit = True
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(statement)
    finally:
        maintenance.close()


def take():
    """Copy the freshly migrated test database (call before any test has written to it)."""
    if connection.vendor != "postgresql":
        return
    source = connection.settings_dict["NAME"]
    name = f"{source}_migrated"
    # CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template.
    connections.close_all()
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    _taken["name"] = name


def template_name():
    return _taken["name"]


def drop():
    if _taken["name"]:
        _admin(f'DROP DATABASE IF EXISTS "{_taken["name"]}" WITH (FORCE)')
        _taken["name"] = None


def remember_rows():
    """Keep the freshly migrated test database's rows (call before any test has written)."""
    if connection.vendor != "postgresql":
        return
    from tests.demo_snapshot import Snapshot

    _rows["snapshot"] = Snapshot.take()


def remembered_rows():
    """The migrated rows `remember_rows` kept (a tests/demo_snapshot.py Snapshot), or None."""
    return _rows["snapshot"]


def put_back_rows():
    """The migrated rows again, in place of what an emptied database holds now (the content
    types, permissions and groups Django's flush made again, with new ids). Sequences stay where
    they are, so rows made later never take an id a copied-back seed's row holds."""
    snapshot = _rows["snapshot"]
    if snapshot is None:
        return
    from tests.demo_snapshot import forget_process_state

    snapshot.restore(sequences=False)
    forget_process_state()
