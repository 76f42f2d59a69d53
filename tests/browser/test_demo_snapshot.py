"""tests/demo_snapshot.py puts back exactly the rows and sequence positions it copied."""

import pytest
from django.db import connection

from tests.demo_snapshot import Snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_restore_gives_back_every_row_and_sequence_position():
    if connection.vendor != "postgresql":
        pytest.skip("the snapshot is PostgreSQL's COPY; other databases seed every time")
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from practice.demo import ensure_tree_roots
    from tests.factories import HomePageFactory

    home = HomePageFactory(parent=ensure_tree_roots(), title="Before")
    get_user_model().objects.create_user("kept", "", "secret")
    before = Snapshot.take()

    Page.objects.filter(pk=home.pk).update(title="After")
    get_user_model().objects.create_user("added", "", "secret")
    get_user_model().objects.filter(username="kept").delete()
    HomePageFactory(parent=ensure_tree_roots(), slug="added-home")
    assert Snapshot.take().rows != before.rows

    before.restore()

    after = Snapshot.take()
    assert after.rows == before.rows
    assert after.sequences == before.sequences
    assert Page.objects.get(pk=home.pk).title == "Before"
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["kept"]
    # The next row takes the id it would have taken right after the snapshot.
    user = get_user_model().objects.create_user("next", "", "secret")
    assert user.pk == get_user_model().objects.get(username="kept").pk + 1


def test_after_django_empties_the_database_the_migrated_rows_come_back_with_their_ids():
    """What tests/conftest.py does after a test on a transactional database: the rows the
    migrations made (the tree's root, the locale, content types), with the ids they had, so a
    later seed starts from rows an earlier one started from."""
    if connection.vendor != "postgresql":
        pytest.skip("the snapshot is PostgreSQL's COPY; other databases seed every time")
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from tests import migrated_database

    migrated = migrated_database.remembered_rows()
    assert migrated is not None and "wagtailcore_page" in migrated.rows
    call_command("flush", verbosity=0, interactive=False)
    assert not Page.objects.exists()
    assert Snapshot.take().rows != migrated.rows

    migrated_database.put_back_rows()

    assert Snapshot.take().rows == migrated.rows
    assert Page.get_first_root_node() is not None and Locale.objects.exists()
    # The content types' cache was forgotten with the ids the flush had given them.
    page_type = ContentType.objects.get_for_model(Page)
    assert ContentType.objects.get(app_label="wagtailcore", model="page").pk == page_type.pk
