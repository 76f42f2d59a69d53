"""Full-page cache for anonymous visitors.

A practice's pages change a few times a week and are read thousands of times, so a finished page
is kept in Django's cache and served again without touching the page tree, the templates or the
session. What is cached, and when it is thrown away:

- Only GET and HEAD requests without a session or messages cookie (anyone who has logged in has a
  session cookie, so editors always see live pages), outside the admin, documents, health check
  and Wagtail's utility URLs; previews live under /admin/ and are never cached.
- Only 200 responses that set no cookie, did not use a CSRF token and do not say private/no-store.
- Never a page under a view restriction (on itself or an ancestor), whoever asks: the page
  serving hook marks the request from what routing already read, without a query for a public
  page. Adding, changing or removing a restriction (or its groups) invalidates the cache.
- Never what a view marks private (`never_store(request)`): search results, the contact page's
  thank-you. A view whose output shows a query parameter reads it with `private_param()` (the
  post's "comment received" note): a request carrying it is never served the page's entry.
- The key holds only the query parameters pages use (PAGE_CACHE_QUERY_PARAMS, sorted by name),
  so `?n=1` … `?n=4000` add no entries: a request with other parameters may be served the entry
  without them, but its own render is never stored (it might show what the parameter said). A
  known parameter is stored only where the view read it (`query_param()`, e.g. pagination), so
  `/robots.txt?page=1` … `?page=4000` add none either.
- Every entry carries the cache *generation* it was made in. Publishing, unpublishing, moving or
  deleting a page, saving site settings, images or snippets, and approving a comment bump the
  generation (`invalidate()`), which makes every older entry stale at once on every app server:
  the generation lives in the shared cache when there is one (Redis, REDIS_URL) and in the
  database otherwise (local-memory caches are per process), where each process rereads it at
  most every PAGE_CACHE_GENERATION_SECONDS (half a second). A publish that changed only what
  the page shows (a post's summary or body: a *display change*) moves the generation for the
  pages that showed it only; every entry records the pages its render read
  (practice.page_cache_changes).
- Entries also expire after PAGE_CACHE_SECONDS, which bounds how late date-driven content (the
  notice banner's first and last day) can appear.
- A page is stored gzipped, compressed once when it is stored, and a browser that accepts gzip
  gets it as it is: a hit does no compression work (GZipMiddleware leaves a response that already
  has a Content-Encoding alone); the rare client without gzip gets it decompressed.

What invalidates it is wired to Django's and Wagtail's signals in practice.page_cache_invalidation.

Settings: PAGE_CACHE_ENABLED (env PAGE_CACHE=on/off), PAGE_CACHE_SECONDS, PAGE_CACHE_SHARED,
PAGE_CACHE_GENERATION_SECONDS, PAGE_CACHE_QUERY_PARAMS, PAGE_CACHE_HEADER.
With PAGE_CACHE_HEADER on (development and tests; off in production unless the environment
turns it on), responses carry `X-Page-Cache: hit|miss|bypass` so the behaviour can be seen and
tested. Off, a stranger cannot tell from it that someone else just asked for the same URL.
"""

import gzip
import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.query import EmptyQuerySet
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from practice import page_cache_changes
from practice.accept_encoding import accepts_encoding
from practice.wagtail_internals import pending_on_commit

logger = logging.getLogger("practice.page_cache")

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/_util/", "/static/", "/media/")
# Headers that belong to one response only, or are re-computed when a stored page is served.
UNSTORED_HEADERS = {"set-cookie", "content-length", "date", HEADER.lower()}
# As GZipMiddleware decides: smaller bodies are not worth compressing.
MIN_COMPRESSED_LENGTH = 200
# Set on a request whose response must not be stored (never_store), and the query parameters
# its render showed (private_param).
NEVER_STORE_ATTR = "_page_cache_never_store"
PRIVATE_PARAMS_ATTR = "_page_cache_private_params"
# The known query parameters (PAGE_CACHE_QUERY_PARAMS) the view read with query_param().
USED_PARAMS_ATTR = "_page_cache_used_params"
# The generation read before the request's page was rendered (practice.fragment_cache uses it).
GENERATION_ATTR = "_page_cache_generation"


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def _shared():
    return getattr(settings, "PAGE_CACHE_SHARED", False)


def _set_header(response, state):
    if getattr(settings, "PAGE_CACHE_HEADER", True):
        response[HEADER] = state
    return response


# --- What views say about their responses -------------------------------------------------------


def never_store(request, reason="private"):
    """This request's response is never stored in the page cache (search results, a thank-you
    page). Whatever its URL, nothing is then ever served for it from the cache either: the
    entry it would be served from is the one it would have stored."""
    setattr(request, NEVER_STORE_ATTR, reason)


def private_param(request, name):
    """The value of query parameter `name` (or None) for a page that shows it (a post's
    `?comment=received` note). A request with the parameter is never stored, and the page's
    stored entry (made without it) is never served to a request that has it."""
    params = getattr(request, PRIVATE_PARAMS_ATTR, None)
    if params is None:
        params = set()
        setattr(request, PRIVATE_PARAMS_ATTR, params)
    params.add(name)
    if name in request.GET:
        never_store(request, f"query parameter {name}")
    return request.GET.get(name)


def query_param(request, name, default=None):
    """The value of query parameter `name` for a view whose page depends on it (`?page=`, read by
    practice.http.paginate). A request carrying a known parameter (PAGE_CACHE_QUERY_PARAMS) is
    stored only when the view read it this way: `/robots.txt?page=1` … `?page=4000` answer the
    same text and add no entries."""
    used = getattr(request, USED_PARAMS_ATTR, None)
    if used is None:
        used = set()
        setattr(request, USED_PARAMS_ATTR, used)
    used.add(name)
    return request.GET.get(name, default)


def _never_store_restricted(page, request, serve_args, serve_kwargs):
    """A `before_serve_page` hook: a page under a view restriction (its own or an ancestor's)
    is never stored, whoever asks. A routed page knows from the routing query whether any
    applies (BasePage.get_view_restrictions answers an empty queryset without a query); other
    pages ask the database."""
    restrictions = page.get_view_restrictions()
    if not isinstance(restrictions, EmptyQuerySet) and restrictions.exists():
        never_store(request, "view restriction")


# The database generation as this process last read it, and until when it may be reused
# (time.monotonic()). See current_generation().
_remembered = {"value": None, "until": 0.0}


def forget_generation():
    """Read the generation (and what it changed) from the database again on the next request
    of this process."""
    _remembered["value"] = None
    page_cache_changes.forget()


def current_generation():
    """The generation in force now (0 if nothing has been invalidated yet).

    From the database, each process reuses what it read for PAGE_CACHE_GENERATION_SECONDS
    (0.5 s by default; 0 reads it on every hit): the query was half the cost of a hit, and
    a change another worker or server commits still shows within that half second. A change
    made in this process shows at once (_bump_generation forgets the remembered value).
    """
    if _shared():
        return cache.get(GENERATION_KEY) or 0
    now = time.monotonic()
    if _remembered["value"] is not None and now < _remembered["until"]:
        return _remembered["value"]
    from practice.models.cache import PageCacheGeneration

    # Raw SQL: the ORM's query building cost more than the query itself (measured: 1.3 ms of
    # a 1.5 ms hit).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {PageCacheGeneration._meta.db_table} WHERE id = 1")  # noqa: S608 - table name from the model
        row = cursor.fetchone()
    value = row[0] if row else 0
    _remembered.update(value=value, until=now + settings.PAGE_CACHE_GENERATION_SECONDS)
    return value


def _bump_generation(pages=None):
    """Move the generation on: every stored page is stale, or (`pages`, a display change)
    only those that showed one of `pages` (practice.page_cache_changes)."""
    if _shared():
        # add() then incr() is atomic in Redis; the key never expires.
        generation = 1 if cache.add(GENERATION_KEY, 1, timeout=None) else cache.incr(GENERATION_KEY)
        if pages:
            page_cache_changes.log(generation, pages)
    else:
        from practice.models.cache import PageCacheGeneration

        table = connection.ops.quote_name(PageCacheGeneration._meta.db_table)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # RETURNING: PostgreSQL, and SQLite 3.35+.
                cursor.execute(
                    f"UPDATE {table} SET value = value + 1 WHERE id = 1 RETURNING value"  # noqa: S608 - table name from the model
                )
                row = cursor.fetchone()
            if row is None:
                PageCacheGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
                generation = PageCacheGeneration.objects.get(pk=1).value
            else:
                generation = row[0]
            if pages:
                page_cache_changes.log(generation, pages)
        forget_generation()
    if pages:
        logger.info("Page cache invalidated for the pages that showed %s", sorted(pages))
    else:
        logger.info("Page cache invalidated")


class PendingInvalidation:
    """The invalidation a transaction asked for, run once when it commits: every page, or the
    pages display changes changed (`pages`)."""

    def __init__(self):
        self.pages = set()  # None: every page

    def add(self, pages):
        self.pages = None if pages is None or self.pages is None else self.pages | set(pages)

    def __call__(self):
        _bump_generation(self.pages)


def _ask(pages, reason):
    logger.debug("Page cache invalidation requested (pages %s): %s", pages or "all", reason)
    pending = pending_on_commit(PendingInvalidation)
    if pending is None:
        pending = PendingInvalidation()
        pending.add(pages)
        transaction.on_commit(pending)  # outside a transaction: at once
    else:
        pending.add(pages)


def invalidate(reason=""):
    """Make every cached page stale, on every app server, once the current transaction commits.

    However many changes one transaction makes (a bulk publish of 1,000 posts), the generation
    is bumped once, at commit; outside a transaction, at once.
    """
    _ask(None, reason)


def invalidate_pages(pages, reason=""):
    """Make the cached pages that showed any of `pages` stale, as `invalidate` does: after a
    display change (practice.page_cache_changes) of those pages."""
    _ask(set(pages), reason)


def _query(request):
    """The request's query string as the cache key holds it (only the parameters pages use, in
    order of name; a parameter's values keep their order, since pages read the last one), and
    whether the request has other parameters."""
    known = getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ("page",))
    names = sorted(name for name in request.GET if name in known)
    query = urlencode([(name, value) for name in names for value in request.GET.getlist(name)])
    unknown = {name for name in request.GET if name not in known}
    return query, set(names), unknown


def _cache_key(request, query):
    # Host, path and the known query parameters; the scheme too, since http and https pages
    # differ in links.
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _request_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _response_storable(request, response):
    if getattr(request, NEVER_STORE_ATTR, None):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    # A user who logged in during this very request (or a preview) is never stored.
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _entry(request, response, generation, shown):
    """What is stored of a response: its status, headers and body, the body gzipped once when it
    is long enough to be worth it (one copy only: a hit reads half as much from the cache), and
    the query parameters it showed (`private_param`)."""
    content = response.content
    gzipped = len(content) >= MIN_COMPRESSED_LENGTH and not response.has_header("Content-Encoding")
    return {
        "generation": generation,
        "stored_at": time.time(),
        # The pages its render read: a display change of another page leaves it fresh.
        "shown": sorted(shown),
        "private_params": sorted(getattr(request, PRIVATE_PARAMS_ATTR, ())),
        "status": response.status_code,
        "headers": {
            name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
        },
        "content": compress_string(content) if gzipped else content,
        "gzipped": gzipped,
    }


def _restamp(key, entry, generation):
    """Store an entry found fresh in a later generation as of that generation, for the time it
    had left, so the next hit needs no look at what changed in between (with Redis, a second
    round trip)."""
    left = entry.get("stored_at", 0) + settings.PAGE_CACHE_SECONDS - time.time()
    if left >= 1:
        cache.set(key, {**entry, "generation": generation}, timeout=int(left))


def _stored_response(request, entry):
    """A new response from a stored entry, gzipped if the client accepts it."""
    content = entry["content"]
    gzipped = entry.get("gzipped") is True  # an entry from an older version may lack it
    accepts_gzip = accepts_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if gzipped and not accepts_gzip:
        content = gzip.decompress(content)  # the rare client without gzip
    response = HttpResponse(content, status=entry["status"], headers=entry["headers"])
    if gzipped:
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(content))
    return response


class PageCacheMiddleware:
    """Serve anonymous GETs from the cache; store what is safe to store.

    Sits before the session and authentication middleware, so a hit costs one cache round trip
    (plus one small query without a shared cache) and nothing else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _request_cacheable(request):
            if request.method in ("GET", "HEAD") and settings.FRAGMENT_CACHE_ENABLED:
                # Read before anything is rendered, for the fragments (practice.fragment_cache).
                setattr(request, GENERATION_ATTR, current_generation())
            return _set_header(self.get_response(request), "bypass")

        query, known, unknown = _query(request)
        key = _cache_key(request, query)
        if _shared():
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or 0
            entry = found.get(key)
        else:
            generation = current_generation()
            entry = cache.get(key)

        if (
            entry is not None
            and not unknown.intersection(entry.get("private_params", ()))
            and page_cache_changes.still_fresh(entry["generation"], entry.get("shown"), generation)
        ):
            if entry["generation"] != generation and _shared():
                _restamp(key, entry, generation)
            return _set_header(_stored_response(request, entry), "hit")

        setattr(request, GENERATION_ATTR, generation)
        recording = page_cache_changes.start_recording()
        try:
            response = self.get_response(request)
        finally:
            shown = page_cache_changes.stop_recording(recording)
        unused = known - getattr(request, USED_PARAMS_ATTR, set())
        if not unknown and not unused and _response_storable(request, response):
            entry = _entry(request, response, generation, shown)
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            # The first visitor gets the very bytes later ones will (compressed once, not twice).
            return _set_header(_stored_response(request, entry), "miss")
        return _set_header(response, "bypass")
