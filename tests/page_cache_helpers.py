"""What the page cache's tests share: the invalidations a test's changes leave waiting for a
commit that never comes (each test runs in a transaction that is rolled back), run as a commit
would run them."""

from contextlib import contextmanager

from django.db import connection

from practice.page_cache import PendingInvalidation


def take_pending_invalidations():
    """The page cache's invalidations waiting for the commit, taken off the list."""
    pending = [c for c in connection.run_on_commit if isinstance(c[1], PendingInvalidation)]
    connection.run_on_commit[:] = [c for c in connection.run_on_commit if c not in pending]
    return [callback for _, callback, _ in pending]


def run_pending_invalidations():
    """What the set-up changed would have committed before a visitor's request."""
    for callback in take_pending_invalidations():
        callback()


def committed_block(django_capture_on_commit_callbacks):
    """For a `committed` fixture: `with committed():` runs the block as if its transaction
    committed at the end, once."""

    @contextmanager
    def block():
        run_pending_invalidations()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        take_pending_invalidations()  # run once, as at a commit: not again by the next get()

    return block
