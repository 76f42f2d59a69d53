"""`scripts/backup.sh` and `scripts/restore.sh` bring the whole site back, or change nothing.

The scripts run for real against a scratch PostgreSQL database (`h_backup_<random>`, dropped at
the end even when a test fails) that the real migrations (pytest-django's, on the test database
copied right after: tests/migrated_database.py; then `manage.py migrate`) and `seed_demo` build, plus a
published post with a picture, its renditions, a draft, a document and comments. Every
`manage.py` and snapshot runs in a subprocess with DATABASE_URL and a temporary MEDIA_ROOT, under
`practice.settings.dev` (the test settings pin MEDIA_ROOT) with DEBUG on, so that the pages and
the media files are fetched through the real stack with Django's test client.

PostgreSQL only: skipped with the reason on SQLite, and failing instead under CI (CI=true).
"""

import datetime
import hashlib
import json
import os
import pty
import secrets
import shutil
import stat
import subprocess
import sys
import tarfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://", "postgis://")
# The test process's own settings must not leak into the site that the subprocesses run.
LEAKY_ENV = {
    "DATABASE_URL",
    "MEDIA_ROOT",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

# Every test here needs the test database only to exist: the scratch site is made from its copy
# as migrated (tests/migrated_database.py). The tests themselves work on the scratch database.
pytestmark = pytest.mark.django_db


def require_postgres():
    """The DATABASE_URL to build scratch databases beside, or skip (fail under CI) without it."""
    url = os.environ.get("DATABASE_URL", "")
    reason = None
    if not url.startswith(POSTGRES_SCHEMES):
        reason = (
            "backup.sh and restore.sh work on PostgreSQL only; run with "
            "DATABASE_URL=postgres://user@host:5432/name to test them"
        )
    elif missing := [t for t in ("pg_dump", "pg_restore", "psql") if not shutil.which(t)]:
        reason = f"{', '.join(missing)} not installed (apt-get install postgresql-client)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the backup tests: {reason}", pytrace=False)
        pytest.skip(reason)
    return url


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url):
    """A psycopg2 connection, waiting out a server restart (up to 30 s) rather than failing."""
    import psycopg2

    for attempt in range(30):
        try:
            return psycopg2.connect(url)
        except psycopg2.OperationalError:
            if attempt == 29:
                raise
            time.sleep(1)


def admin_sql(base_url, *statements):
    """Run statements outside a transaction on the maintenance database (CREATE/DROP DATABASE)."""
    connection = connect(with_database(base_url, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def drop_database(base_url, name):
    """Drop a scratch database, trying again if a server restart cuts the connection."""
    import psycopg2

    for attempt in range(10):
        try:
            return admin_sql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg2.OperationalError:
            if attempt == 9:
                raise
            time.sleep(2)


def sql(url, statement):
    """Run one statement on the scratch database and return its rows."""
    connection = connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


@dataclass
class ScratchSite:
    base_url: str
    name: str
    url: str
    media: Path
    work: Path
    content: dict | None = None  # what ADD_CONTENT made: the post's id, the image's file name

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
        env.update(
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            DJANGO_SETTINGS_MODULE="practice.settings.dev",
            DEBUG="true",
            ALLOWED_HOSTS="localhost",
        )
        env.update(extra)
        return env

    def run(self, args, *, check=True, **kwargs):
        kwargs.setdefault("env", self.env())
        result = subprocess.run(
            [str(a) for a in args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            **kwargs,
        )
        if check:
            assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
        return result

    def python(self, code):
        """Run Django code against the scratch site; it prints JSON, returned parsed."""
        setup = "import django, json\ndjango.setup()\n"
        result = self.run([sys.executable, "-c", setup + textwrap.dedent(code)])
        return json.loads(result.stdout.strip().splitlines()[-1])

    def snapshot(self, *, http=True):
        """Everything a restore must bring back: the database's rows, the media files and (unless
        http=False, for a quicker "nothing changed" check) the pages and pictures as served."""
        state = self.python(f"WITH_HTTP = {http}\n{SNAPSHOT}")
        state["media"] = media_files(self.media)
        return state

    def tables(self):
        return {
            name
            for (name,) in sql(
                self.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }

    def wipe(self):
        """Lose everything: an empty database of the same name and no media folder."""
        drop_database(self.base_url, self.name)
        admin_sql(self.base_url, f'CREATE DATABASE "{self.name}"')
        shutil.rmtree(self.media)

    def asides(self):
        return sorted(p.name for p in self.media.parent.glob(f"{self.media.name}.before-restore-*"))


def media_files(folder):
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


ADD_CONTENT = """
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page

from blog.models import BlogIndexPage, Comment
from practice.models import HomePage
from tests.factories import BlogPostPageFactory, CommentFactory, ImageFactory, StandardPageFactory

image = ImageFactory(title="Consulting room (backup test)")
image.get_rendition("fill-160x90")
post = BlogPostPageFactory(
    parent=BlogIndexPage.objects.get(), title="Backed up and restored", slug="backed-up",
    hero_image=image,
)
post.save_revision().publish()
post.title = "Backed up and restored, a later draft"
post.save_revision()
CommentFactory(post=post, status=Comment.Status.APPROVED)
CommentFactory(post=post, name="Second reader", body="A pending question.")
draft = StandardPageFactory(parent=HomePage.objects.get(), title="Not yet published", live=False)
draft.save_revision()
get_document_model().objects.create(
    title="Intake leaflet", file=ContentFile(b"What to expect at a first session.", "leaflet.txt")
)
# Render every live page once, so the renditions that templates make on first view are there
# before the backup rather than appearing later as a difference.
client = Client(HTTP_HOST="localhost")
for page in Page.objects.live().filter(depth__gt=1).specific():
    assert client.get(page.url).status_code == 200, page.url
print(json.dumps({"post": post.pk, "image": image.file.name}))
"""

SNAPSHOT = """
import hashlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from blog.models import BlogPostPage, Comment

state = {}
pages = Page.objects.order_by("path")
post = BlogPostPage.objects.get(slug="backed-up")
renditions = post.hero_image.renditions.order_by("id")
if WITH_HTTP:
    # First, as a first view may make renditions: every live page and the post's picture files.
    client = Client(HTTP_HOST="localhost")
    live = pages.live().filter(depth__gt=1)
    state["http"] = {p.url_path: client.get(p.url).status_code for p in live}
    html = client.get(post.url).content.decode()
    state["post_shows"] = sorted(r.url for r in renditions if r.url in html)
    state["renditions_served"] = {}
    for r in renditions:
        response = client.get(r.url)
        body = b"".join(response.streaming_content)
        state["renditions_served"][r.url] = (response.status_code, hashlib.sha256(body).hexdigest())
state.update({
    "pages": list(pages.values_list(
        "id", "title", "draft_title", "url_path", "live", "has_unpublished_changes",
        "latest_revision_id", "content_type__model",
    )),
    "revision_ids": sorted(Revision.objects.values_list("id", flat=True)),
    "comments": list(Comment.objects.order_by("id").values()),
    "images": list(get_image_model().objects.order_by("id").values()),
    "renditions": [(r.id, r.image_id, r.filter_spec, r.file.name) for r in renditions],
    "documents": list(get_document_model().objects.order_by("id").values()),
    "users": list(get_user_model().objects.order_by("id").values_list("username", "password")),
    "row_counts": {
        m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)
    },
})
print(json.dumps(state, default=str))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, django_db_setup):
    """A scratch database holding the demo practice and our content, dropped however tests end."""
    from tests import migrated_database

    base_url = require_postgres()
    name = f"h_backup_{secrets.token_hex(4)}"
    work = tmp_path_factory.mktemp("backup")
    scratch = ScratchSite(base_url, name, with_database(base_url, name), work / "media", work)
    # A copy of the test database as pytest-django's migrations left it, when there is one;
    # `migrate` below then has nothing left to apply.
    template = migrated_database.template_name()
    admin_sql(
        base_url, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    )
    try:
        # migrate, seed_demo and our content in one process: each start of Django costs seconds.
        scratch.content = scratch.python(
            "from django.core.management import call_command\n"
            "call_command('migrate', interactive=False, verbosity=0)\n"
            "call_command('seed_demo')\n" + ADD_CONTENT
        )
        yield scratch
    finally:
        drop_database(base_url, name)


@pytest.fixture(scope="module")
def backup(site):
    """One run of backup.sh, with the state it saved."""
    before = site.snapshot()
    dest = site.work / "backups"
    result = site.run([BACKUP, dest])
    sets = sorted(dest.iterdir())
    return {"result": result, "dest": dest, "sets": sets, "before": before}


def test_the_scratch_site_holds_the_content_a_backup_must_keep(site, backup):
    # Guards every comparison below from passing on an empty site.
    state = backup["before"]
    titles = {(p[1], p[4]) for p in state["pages"]}
    assert ("Backed up and restored", True) in titles
    assert ("Not yet published", False) in titles
    assert ("Dr. Cassidy Blair", True) in titles
    assert len(state["comments"]) == 2 and len(state["revision_ids"]) >= 3
    assert state["http"]["/home/blog/backed-up/"] == 200
    assert len(state["post_shows"]) >= 3  # the post's <picture> uses its renditions
    assert {status for status, _ in state["renditions_served"].values()} == {200}
    assert site.content["image"] in state["media"]
    assert any(path.startswith("images/") for path in state["media"])
    assert any(path.startswith("documents/") for path in state["media"])


def test_backup_writes_a_dump_a_media_archive_and_a_manifest_under_its_final_name(site, backup):
    (backup_set,) = backup["sets"]  # one set, and no partial folder left beside it
    assert f"Backup written to {backup_set}" in backup["result"].stdout
    assert backup_set.name.startswith(f"{site.name}-")
    assert sorted(p.name for p in backup_set.iterdir()) == [
        "database.dump",
        "manifest.txt",
        "media.tar.gz",
    ]
    manifest = (backup_set / "manifest.txt").read_text().splitlines()
    assert f"database: {site.name}" in manifest
    assert any(line.startswith("created: ") for line in manifest)
    for name in ("database.dump", "media.tar.gz"):
        data = (backup_set / name).read_bytes()
        assert f"file: {name} {len(data)} {hashlib.sha256(data).hexdigest()}" in manifest
    assert (backup_set / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    with tarfile.open(backup_set / "media.tar.gz") as archive:
        archived = {os.path.normpath(m.name) for m in archive.getmembers() if m.isfile()}
    assert archived == set(backup["before"]["media"])
    # Backups hold personal data: readable by their owner only.
    for path in [backup_set, *backup_set.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_restore_after_losing_everything_brings_back_every_page_revision_comment_and_file(
    site, backup
):
    (backup_set,) = backup["sets"]
    site.wipe()
    assert site.tables() == set() and not site.media.exists()

    result = site.run([RESTORE, "--yes", backup_set])

    assert f"Restored {backup_set}" in result.stdout
    after = site.snapshot()
    for key, value in backup["before"].items():
        assert after[key] == value, key
    # The sequences came back too: new rows get new ids rather than colliding with restored ones.
    new = site.python(
        """
        from blog.models import BlogPostPage
        from tests.factories import CommentFactory
        post = BlogPostPage.objects.get(slug="backed-up")
        print(json.dumps({"comment": CommentFactory(post=post).pk, "revision": post.save_revision().pk}))
        """
    )
    assert new["comment"] > max(c["id"] for c in backup["before"]["comments"])
    assert new["revision"] > max(backup["before"]["revision_ids"])
    # Put the site back as it was backed up for the tests that follow.
    site.run([RESTORE, "--yes", backup_set])


def test_restore_over_a_changed_site_replaces_it_and_keeps_the_old_media_aside(site, backup):
    (backup_set,) = backup["sets"]
    # After the backup: a newer migration's table pointing at a restored one, edits, lost files.
    sql(
        site.url,
        "CREATE TABLE h_newer (id serial PRIMARY KEY, comment_id bigint REFERENCES blog_comment (id))",
    )
    sql(site.url, "DELETE FROM blog_comment")
    sql(site.url, "UPDATE wagtailcore_page SET title = 'Edited after the backup' WHERE depth = 2")
    (site.media / site.content["image"]).unlink()
    (site.media / "uploaded-after-the-backup.txt").write_text("keep me")
    # An earlier restore's folder from this very second (two restores in one second) is kept.
    now = datetime.datetime.now(datetime.UTC)
    earlier_asides = []
    for seconds in range(4):
        stamp = (now + datetime.timedelta(seconds=seconds)).strftime("%Y%m%dT%H%M%SZ")
        earlier = site.media.parent / f"{site.media.name}.before-restore-{stamp}"
        earlier.mkdir(exist_ok=True)
        (earlier / "earlier.txt").write_text("from an earlier restore")
        earlier_asides.append(earlier)
    asides_before = site.asides()

    result = site.run([RESTORE, "--yes", backup_set])

    assert "public.h_newer" in result.stdout  # announced before it went
    after = site.snapshot()
    for key, value in backup["before"].items():
        assert after[key] == value, key
    assert "h_newer" not in site.tables()
    (aside,) = sorted(set(site.asides()) - set(asides_before))
    kept = media_files(site.media.parent / aside)
    assert "uploaded-after-the-backup.txt" in kept and site.content["image"] not in kept
    assert f"Previous media folder kept as {site.media.parent / aside}" in result.stdout
    for earlier in earlier_asides:
        assert (earlier / "earlier.txt").exists(), earlier


@pytest.mark.parametrize("tampered", ["database.dump", "media.tar.gz"])
def test_restore_refuses_a_set_whose_checksum_does_not_match(site, backup, tmp_path, tampered):
    (backup_set,) = backup["sets"]
    copy = tmp_path / backup_set.name
    shutil.copytree(backup_set, copy)
    data = bytearray((copy / tampered).read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, size unchanged
    (copy / tampered).write_bytes(bytes(data))
    before, asides = site.snapshot(http=False), site.asides()

    result = site.run([RESTORE, "--yes", copy], check=False)

    assert result.returncode != 0
    assert "checksum mismatch" in result.stderr and tampered in result.stderr
    assert "Restoring database" not in result.stdout
    assert site.snapshot(http=False) == before and site.asides() == asides


def test_restore_refuses_without_yes_when_nobody_can_confirm(site, backup):
    (backup_set,) = backup["sets"]
    before = site.snapshot(http=False)

    result = site.run([RESTORE, backup_set], check=False, stdin=subprocess.DEVNULL)

    assert result.returncode != 0
    assert "refusing to restore without confirmation" in result.stderr and "--yes" in result.stderr
    assert site.snapshot(http=False) == before


def test_restore_at_a_terminal_stops_unless_the_database_name_is_typed(site, backup):
    (backup_set,) = backup["sets"]
    before, asides = site.snapshot(http=False), site.asides()
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(RESTORE), str(backup_set)],
            cwd=ROOT,
            env=site.env(),
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(controller, b"yes\n")  # not the database's name
        _, err = process.communicate(timeout=120)
    finally:
        os.close(terminal)
        os.close(controller)

    assert process.returncode != 0
    assert f"Type the database name ({site.name})" in err and "not confirmed" in err
    assert site.snapshot(http=False) == before and site.asides() == asides


def test_a_restore_that_fails_midway_leaves_the_database_and_media_as_they_were(
    site, backup, tmp_path
):
    (backup_set,) = backup["sets"]
    # A pg_restore that dies half-way through its script, after the DROP statements.
    real = shutil.which("pg_restore")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "pg_restore").write_text(
        "#!/bin/sh\n"
        f'case " $* " in *" --list "*) exec {real} "$@";; esac\n'
        f'{real} "$@" | head -n 3000\n'
        "exit 1\n"
    )
    (shim / "pg_restore").chmod(0o755)
    sql(site.url, "CREATE TABLE h_newer (id int)")  # would be dropped by a complete restore
    before, asides = site.snapshot(http=False), site.asides()
    leftovers = sorted(site.work.iterdir())

    result = site.run(
        [RESTORE, "--yes", backup_set],
        check=False,
        env=site.env(PATH=f"{shim}:{os.environ['PATH']}"),
    )

    assert result.returncode != 0
    assert "it was rolled back" in result.stderr
    assert site.snapshot(http=False) == before and "h_newer" in site.tables()
    assert site.asides() == asides and sorted(site.work.iterdir()) == leftovers
    sql(site.url, "DROP TABLE h_newer")


def test_a_backup_whose_pg_dump_fails_leaves_no_set(site, tmp_path):
    # A pg_dump that writes part of its file and then fails, as on a dropped connection.
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "pg_dump").write_text(
        "#!/bin/sh\n"
        'for arg; do case "$arg" in --file=*) echo PGDMP-partial > "${arg#--file=}";; esac; done\n'
        'echo "pg_dump: error: connection lost" >&2\n'
        "exit 1\n"
    )
    (shim / "pg_dump").chmod(0o755)
    dest = tmp_path / "backups"

    result = site.run(
        [BACKUP, dest], check=False, env=site.env(PATH=f"{shim}:{os.environ['PATH']}")
    )

    assert result.returncode != 0
    assert "pg_dump failed" in result.stderr and "no backup was written" in result.stderr
    assert list(dest.iterdir()) == []  # not even a hidden partial folder
    assert "Backup written" not in result.stdout


@pytest.mark.parametrize("script", [BACKUP, RESTORE], ids=["backup", "restore"])
def test_scripts_refuse_a_database_that_is_not_postgres_with_a_clear_message(script, tmp_path):
    # Needs no database server: runs on SQLite set-ups too.
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [str(script), str(tmp_path / "set")]
        if script == BACKUP
        else [str(script), "--yes", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "is not a PostgreSQL database" in result.stderr and "PostgreSQL only" in result.stderr
    assert not (tmp_path / "set").exists()
