"""Seed the demo once per test process, then put the database back to that state cheaply.

The browser journeys run on transactional databases that Django empties after every test, and
each journey needs the whole demo: running `seed_demo` again for each cost seconds a test. On
PostgreSQL the first seed is copied out of every table (COPY ... TO STDOUT, binary) with every
sequence's position; later tests get exactly those rows and sequence values back (DELETE,
COPY ... FROM STDIN, setval) in a fraction of the time. Anything else (SQLite) seeds as before.

The state restored is always "emptied as Django empties a transactional test's database, then
`seed_demo`": the first seed of a process starts from a flushed database too, whichever test
ran before it. A new day (the demo's dates are relative to today), another MEDIA_ROOT or a
picture or document file of the demo gone from disk (the rows would point at nothing) seeds again.

DEMO_SNAPSHOT=off seeds for every test, as before.
"""

import io
import os

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

# A binary COPY of an empty table: the 19-byte header and the 2-byte trailer.
_EMPTY_BINARY_COPY = 21


def _quote(name):
    return connection.ops.quote_name(name)


def _copy_out(cursor, table):
    raw = cursor.cursor
    sql = f"COPY {_quote(table)} TO STDOUT (FORMAT binary)"
    if hasattr(raw, "copy_expert"):  # psycopg2
        buffer = io.BytesIO()
        raw.copy_expert(sql, buffer)
        return buffer.getvalue()
    with raw.copy(sql) as copy:  # psycopg 3
        return b"".join(bytes(block) for block in copy)


def _copy_in(cursor, table, data):
    raw = cursor.cursor
    sql = f"COPY {_quote(table)} FROM STDIN (FORMAT binary)"
    if hasattr(raw, "copy_expert"):  # psycopg2
        raw.copy_expert(sql, io.BytesIO(data))
        return
    with raw.copy(sql) as copy:  # psycopg 3
        copy.write(data)


class Snapshot:
    """Every Django table's rows and every sequence's position in the current schema."""

    def __init__(self, tables, rows, sequences):
        self.tables = tables  # every table, emptied on restore
        self.rows = rows  # {table: binary COPY data}, tables with rows only
        self.sequences = sequences  # [(name, last_value, is_called)]

    @classmethod
    def take(cls):
        tables = sorted(
            connection.introspection.django_table_names(only_existing=True, include_views=False)
        )
        with connection.cursor() as cursor:
            rows = {}
            for table in tables:
                data = _copy_out(cursor, table)
                if len(data) > _EMPTY_BINARY_COPY:
                    rows[table] = data
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = current_schema() ORDER BY c.relname"
            )
            names = [name for (name,) in cursor.fetchall()]
            sequences = []
            if names:
                cursor.execute(
                    " UNION ALL ".join(
                        f"SELECT %s, last_value, is_called FROM {_quote(name)}"  # noqa: S608
                        for name in names
                    ),
                    names,
                )
                sequences = cursor.fetchall()
        return cls(tables, rows, sequences)

    def restore(self, sequences=True):
        try:
            self._restore(empty=self._delete_rows, sequences=sequences)
        except IntegrityError:
            # A constraint checked at once rather than at commit: empty every table at once.
            self._restore(empty=self._truncate, sequences=sequences)

    def _restore(self, empty, sequences=True):
        with transaction.atomic(), connection.cursor() as cursor:
            empty(cursor)
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit, so the
            # tables can be filled in any order.
            for table, data in self.rows.items():
                _copy_in(cursor, table, data)
            if sequences and self.sequences:
                cursor.execute(
                    "SELECT " + ", ".join("setval(%s::regclass, %s, %s)" for _ in self.sequences),
                    [
                        value
                        for name, last_value, is_called in self.sequences
                        for value in (_quote(name), last_value, is_called)
                    ],
                )
            # Fresh planner statistics, as seed_demo leaves them (it ends with ANALYZE).
            cursor.execute("ANALYZE " + ", ".join(_quote(table) for table in self.rows))

    def _delete_rows(self, cursor):
        """DELETE from the tables holding rows: after Django's flush only a few do (content
        types, permissions, groups), and TRUNCATE of every table cost far more (new files for
        each table and index)."""
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s WHERE EXISTS (SELECT 1 FROM {_quote(table)})"  # noqa: S608
                for table in self.tables
            ),
            self.tables,
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608

    def _truncate(self, cursor):
        cursor.execute("TRUNCATE " + ", ".join(_quote(table) for table in self.tables))


def _media_files():
    """The stored files the database's rows name (the demo's pictures and documents)."""
    from django.apps import apps
    from django.db.models import FileField

    files = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                names = model._default_manager.exclude(**{field.attname: ""})
                for name in names.values_list(field.attname, flat=True).iterator():
                    files.append((field.storage, name))
    return files


class _Key:
    """What the snapshot depends on besides the seeders' code."""

    def __init__(self):
        from django.conf import settings
        from django.utils import timezone

        self.day = timezone.localdate()
        self.media_root = str(settings.MEDIA_ROOT)

    def __eq__(self, other):
        return (self.day, self.media_root) == (other.day, other.media_root)


_snapshot = {"value": None, "key": None, "files": ()}


def _usable():
    snapshot = _snapshot["value"]
    if snapshot is None or _snapshot["key"] != _Key():
        return False
    return all(storage.exists(name) for storage, name in _snapshot["files"])


def forget_process_state():
    """What this process remembers about rows that a restore replaced under it."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    # Content types come back with the first seed's ids; the previous test's flush made others.
    ContentType.objects.clear_cache()
    # Seeding cleared cached menus, site root paths, settings and renditions through signals
    # (and the previous test's rows had other ids); restored rows send none.
    cache.clear()
    from practice import page_cache

    page_cache.forget_generation()


def seed_demo_state():
    """The demo practice, as `seed_demo --no-index` builds it on an emptied database."""

    def seed():
        call_command("seed_demo", "--no-index", stdout=open(os.devnull, "w"))  # noqa: SIM115

    if connection.vendor != "postgresql" or os.environ.get("DEMO_SNAPSHOT", "").lower() == "off":
        seed()
        return
    if _usable():
        _snapshot["value"].restore()
        forget_process_state()
        return
    # Start from the state every later test starts from: emptied as TransactionTestCase empties
    # a database after a test (its post_migrate handlers run again: content types, permissions,
    # the staff groups).
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    forget_process_state()
    seed()
    _snapshot.update(value=Snapshot.take(), key=_Key(), files=_media_files())


# Seeds inside a test's (or a module's) transaction, rolled back afterwards: {key: snapshot}.
_seeded = {}
_SEEDED_KEPT = 4


def _fingerprint(snapshot):
    import hashlib

    digest = hashlib.sha256()
    for table, data in sorted(snapshot.rows.items()):
        digest.update(table.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def seed_demo_in_transaction(*args):
    """`seed_demo *args` inside the open transaction of a test or a module (rolled back later).

    On PostgreSQL the rows the seed leaves are kept with the rows it started from: when a later
    seed starts from exactly the same rows (the same ids too), on the same day and MEDIA_ROOT,
    with the demo's files still on disk, it gets the rows back by COPY instead. Sequences are not
    moved back: rows made afterwards take new ids, as after a seed, none the seed's rows hold.
    """
    import io

    def seed():
        call_command("seed_demo", *args, stdout=io.StringIO())

    if connection.vendor != "postgresql" or os.environ.get("DEMO_SNAPSHOT", "").lower() == "off":
        seed()
        return
    before = Snapshot.take()
    key = (args, _fingerprint(before), _Key().day, _Key().media_root)
    found = _seeded.get(key)
    if found is not None:
        snapshot, files = found
        if all(storage.exists(name) for storage, name in files):
            # The restore empties only tables holding rows; the snapshot starts from `before`.
            snapshot.restore(sequences=False)
            forget_process_state()
            return
    seed()
    if len(_seeded) >= _SEEDED_KEPT:
        _seeded.pop(next(iter(_seeded)))
    _seeded[key] = (Snapshot.take(), _media_files())
