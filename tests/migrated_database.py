"""A copy of the test database as the migrations left it, for tests that build a whole site.

tests/practice/test_backup.py needs a scratch PostgreSQL database that the real migrations and
`seed_demo` built. Migrating one from nothing cost it 22 s on an idle machine (about a minute
under the suite's load, in each of the two suites CI runs), the same migrations pytest-django
has just run to make this worker's test database. So, when that module is collected, the test
database is copied as a template (`CREATE DATABASE ... TEMPLATE`, a fraction of a second) right
after pytest-django migrates it and before any test writes to it; the scratch database is made
from that copy and `migrate` there only confirms that nothing is left to apply.

PostgreSQL only; elsewhere `template_name()` is None and the tests build from nothing as before.
"""

import os

from django.db import connection, connections

NEEDED_BY = "tests/practice/test_backup.py"

_taken = {"name": None}


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
