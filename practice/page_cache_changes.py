"""Which pages a publish changed, so the page cache keeps the pages that never showed them.

Every change an editor makes moves the page cache's generation (practice.page_cache), and a
stored page made in an older generation is stale. Most publishes of a live page, though, change
only what that page shows where it is shown: a post's summary or body rewritten, a typo fixed.
Which pages list it, and in which order, stays the same. Such a publish (a *display change*)
still moves the generation, but the generation is logged with the page's id, and a page stored
before it stays fresh if it never showed that page. Everything else (a title, a slug, a date, a
topic, an author, a first publish, an unpublish, a move, a restriction, a setting, an image, a
comment) moves the generation for every page, as before.

What a stored page showed: the id of every page instance made while it was rendered (Django's
`post_init` signal on every page model, recorded only inside the page cache's own request). A
page can show another page's fields only by reading that page from the database as a model
instance: a listing, a card, a related post, a menu, a breadcrumb, a chooser block. (The
queries that read pages as plain values read ids, sort keys and counts; the fields a display
change may change are never sorted, filtered or counted on.)

A display change: the page was live with a live revision, is live after the publish, and the
new revision's content differs from the live one only in the page type's
`page_cache_display_fields` and in Wagtail's bookkeeping of revisions (BOOKKEEPING). A field
added to a page type later is not a display field until someone says so: it moves the
generation for every page.

The log: with a shared cache (Redis) one key per logged generation, written after the
generation moved (a reader that comes between finds no key and treats the generation as
changing every page); without one, a row per logged generation in the database, written in the
same transaction as the generation (practice.models.cache.PageCacheChange).
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection

# A stored page more generations behind than this is stale, whatever changed.
MAX_CHANGES = 100
CHANGE_KEY = "pagecache:changed:{}"

# What Wagtail writes in every revision and changes on every publish (or on locking), which no
# page shows to a visitor. `live` and `expired` are checked on the page itself.
BOOKKEEPING = frozenset(
    {
        "live",
        "expired",
        "has_unpublished_changes",
        "latest_revision",
        "live_revision",
        "latest_revision_created_at",
        "last_published_at",
        "first_published_at",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)

# The page's row before a full save: (live, live_revision_id), set by a pre_save receiver.
BEFORE_ATTR = "_page_cache_before_save"

# --- What a render showed ---------------------------------------------------------------------

_shown = ContextVar("page_cache_shown", default=None)


def start_recording():
    """Record the pages made from here on (in this thread or task); give the token to
    `stop_recording`."""
    return _shown.set(set())


def stop_recording(token):
    """The ids of the pages made since `start_recording` gave `token`."""
    shown = _shown.get()
    _shown.reset(token)
    return shown or set()


def _page_made(sender, instance, **kwargs):
    shown = _shown.get()
    if shown is not None and instance.pk is not None:
        shown.add(instance.pk)


def _remember_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a full save of an existing page (a publish is one), what its row said: whether it
    was live and its live revision. Wagtail's page_published signal no longer knows."""
    if raw or update_fields is not None or instance.pk is None:
        return
    from wagtail.models import Page

    row = Page.objects.filter(pk=instance.pk).values_list("live", "live_revision_id").first()
    instance.__dict__[BEFORE_ATTR] = row


def connect_signals():
    """The receivers on every page model: what a render made, and a page's row before a save."""
    from django.apps import apps
    from django.db.models.signals import post_init, pre_save
    from wagtail.models import Page

    for model in apps.get_models():
        if issubclass(model, Page):
            uid = f"page_cache_changes.{model._meta.label}"
            post_init.connect(_page_made, sender=model, weak=False, dispatch_uid=uid + ".made")
            pre_save.connect(
                _remember_before_save, sender=model, weak=False, dispatch_uid=uid + ".before"
            )


# --- Which publishes change one page only -------------------------------------------------------


def display_change(page, revision):
    """Whether publishing `revision` of `page` changed only what the page shows where it is shown
    (see the module): then only the stored pages that showed it are stale."""
    before = page.__dict__.pop(BEFORE_ATTR, None)
    if before is None or revision is None or not page.live:
        return False
    was_live, live_revision_id = before
    if not was_live or live_revision_id is None or live_revision_id == revision.pk:
        return False
    from wagtail.models import Revision

    # Both as stored (a revision made in this process holds dates, not their JSON).
    contents = dict(
        Revision.objects.filter(pk__in=[live_revision_id, revision.pk]).values_list("pk", "content")
    )
    old, new = contents.get(live_revision_id), contents.get(revision.pk)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    ignored = BOOKKEEPING | set(getattr(page, "page_cache_display_fields", ()))
    return all(old.get(key) == new.get(key) for key in (set(old) | set(new)) - ignored)


# --- The log ------------------------------------------------------------------------------------

# Without a shared cache: what this process has read of the log (generation: frozenset of page
# ids, or None for a generation that changed every page). A logged generation never changes.
_read = {}


def forget():
    """Read the log from the database again (its generations were rolled back, in tests)."""
    _read.clear()


def _shared():
    return getattr(settings, "PAGE_CACHE_SHARED", False)


def log(generation, pages):
    """Log that `generation` changed `pages` only. Without a shared cache this runs in the
    transaction that moved the generation."""
    pages = sorted(pages)
    if _shared():
        timeout = settings.PAGE_CACHE_SECONDS + 60  # outlives every entry made before it
        cache.set(CHANGE_KEY.format(generation), pages, timeout=timeout)
        return
    from practice.models.cache import PageCacheChange

    PageCacheChange.objects.create(generation=generation, pages=pages)
    PageCacheChange.objects.filter(generation__lte=generation - MAX_CHANGES).delete()


def _changes(after, upto):
    """What each generation after `after` up to `upto` changed: frozensets, None for every page."""
    wanted = range(after + 1, upto + 1)
    if _shared():
        found = cache.get_many([CHANGE_KEY.format(g) for g in wanted])
        return [_pages(found.get(CHANGE_KEY.format(g))) for g in wanted]
    missing = [g for g in wanted if g not in _read]
    if missing:
        from practice.models.cache import PageCacheChange

        table = connection.ops.quote_name(PageCacheChange._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT generation, pages FROM {table} WHERE generation > %s AND generation <= %s",  # noqa: S608 - table name from the model
                [missing[0] - 1, missing[-1]],
            )
            rows = dict(cursor.fetchall())
        if len(_read) > 4 * MAX_CHANGES:
            _read.clear()
        for g in missing:
            # A generation without a row changed every page (the row is written in the same
            # transaction as the generation, so a committed generation has its row).
            _read[g] = _pages(rows.get(g))
    return [_read.get(g) for g in wanted]


def _pages(value):
    if isinstance(value, str):  # a JSON column read through a plain cursor
        import json

        value = json.loads(value)
    return frozenset(value) if isinstance(value, list) else None


def still_fresh(made, shown, generation):
    """Whether a page stored in generation `made`, which showed the pages `shown` (None: not
    known), is fresh in `generation`: nothing logged since changed any page it showed."""
    if made == generation:
        return True
    if shown is None or made > generation or generation - made > MAX_CHANGES:
        return False
    shown = set(shown)
    return all(
        changed is not None and changed.isdisjoint(shown) for changed in _changes(made, generation)
    )
