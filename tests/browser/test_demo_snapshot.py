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
