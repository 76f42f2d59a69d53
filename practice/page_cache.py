"""Full-page cache for anonymous visitors.

A practice's pages change a few times a week and are read thousands of times, so a finished page
is kept in Django's cache and served again without touching the page tree, the templates or the
session. What is cached, and when it is thrown away:

- Only GET and HEAD requests without a session or messages cookie (anyone who has logged in has a
  session cookie, so editors always see live pages), outside the admin, documents, health check
  and Wagtail's utility URLs; previews live under /admin/ and are never cached.
- Only 200 responses that set no cookie, did not use a CSRF token and do not say private/no-store.
- Every entry carries the cache *generation* it was made in. Publishing, unpublishing, moving or
  deleting a page, saving site settings, images or snippets, and approving a comment bump the
  generation (`invalidate()`), which makes every older entry stale at once on every app server:
  the generation lives in the shared cache when there is one (Redis, REDIS_URL) and in the
  database otherwise (local-memory caches are per process), where each process rereads it at
  most every PAGE_CACHE_GENERATION_SECONDS (half a second).
- Entries also expire after PAGE_CACHE_SECONDS, which bounds how late date-driven content (the
  notice banner's first and last day) can appear.
- A page is stored gzipped, compressed once when it is stored, and a browser that accepts gzip
  gets it as it is: a hit does no compression work (GZipMiddleware leaves a response that already
  has a Content-Encoding alone); the rare client without gzip gets it decompressed.

Settings: PAGE_CACHE_ENABLED (env PAGE_CACHE=on/off), PAGE_CACHE_SECONDS, PAGE_CACHE_SHARED,
PAGE_CACHE_GENERATION_SECONDS.
Responses carry `X-Page-Cache: hit|miss|bypass` so the behaviour can be seen and tested.
"""

import gzip
import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

logger = logging.getLogger("practice.page_cache")

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/_util/", "/static/", "/media/")
# Headers that belong to one response only, or are re-computed when a stored page is served.
UNSTORED_HEADERS = {"set-cookie", "content-length", "date", HEADER.lower()}
# As GZipMiddleware decides: smaller bodies are not worth compressing.
MIN_COMPRESSED_LENGTH = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def _shared():
    return getattr(settings, "PAGE_CACHE_SHARED", False)


# The database generation as this process last read it, and until when it may be reused
# (time.monotonic()). See current_generation().
_remembered = {"value": None, "until": 0.0}


def forget_generation():
    """Read the generation from the database again on the next request of this process."""
    _remembered["value"] = None


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
    from practice.models import PageCacheGeneration

    # Raw SQL: the ORM's query building cost more than the query itself (measured: 1.3 ms of
    # a 1.5 ms hit).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {PageCacheGeneration._meta.db_table} WHERE id = 1")  # noqa: S608 - table name from the model
        row = cursor.fetchone()
    value = row[0] if row else 0
    _remembered.update(value=value, until=now + settings.PAGE_CACHE_GENERATION_SECONDS)
    return value


def _bump_generation():
    if _shared():
        # add() then incr() is atomic in Redis; the key never expires.
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)
    else:
        from practice.models import PageCacheGeneration

        updated = PageCacheGeneration.objects.filter(pk=1).update(value=F("value") + 1)
        if not updated:
            PageCacheGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
        forget_generation()
    logger.info("Page cache invalidated")


def invalidate(reason=""):
    """Make every cached page stale, on every app server, once the current transaction commits.

    However many changes one transaction makes (a bulk publish of 1,000 posts), the generation
    is bumped once, at commit; outside a transaction, at once.
    """
    logger.debug("Page cache invalidation requested: %s", reason)
    pending = transaction.get_connection().run_on_commit
    if not any(callback is _bump_generation for _, callback, _ in pending):
        transaction.on_commit(_bump_generation)


def _cache_key(request):
    # Host, path and query string; the scheme too, since http and https pages differ in links.
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _request_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _response_storable(request, response):
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


def _entry(response, generation):
    """What is stored of a response: its status, headers and body, the body gzipped once when it
    is long enough to be worth it (one copy only: a hit reads half as much from the cache)."""
    content = response.content
    gzipped = len(content) >= MIN_COMPRESSED_LENGTH and not response.has_header("Content-Encoding")
    return {
        "generation": generation,
        "status": response.status_code,
        "headers": {
            name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
        },
        "content": compress_string(content) if gzipped else content,
        "gzipped": gzipped,
    }


def _stored_response(request, entry):
    """A new response from a stored entry, gzipped if the client accepts it."""
    content = entry["content"]
    gzipped = entry.get("gzipped") is True  # an entry from an older version may lack it
    accepts_gzip = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
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
            response = self.get_response(request)
            response[HEADER] = "bypass"
            return response

        key = _cache_key(request)
        if _shared():
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or 0
            entry = found.get(key)
        else:
            generation = current_generation()
            entry = cache.get(key)

        if entry is not None and entry["generation"] == generation:
            response = _stored_response(request, entry)
            response[HEADER] = "hit"
            return response

        response = self.get_response(request)
        if _response_storable(request, response):
            entry = _entry(response, generation)
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            # The first visitor gets the very bytes later ones will (compressed once, not twice).
            response = _stored_response(request, entry)
            response[HEADER] = "miss"
        else:
            response[HEADER] = "bypass"
        return response


# --- What makes cached pages stale --------------------------------------------------------------


def _changed(sender, instance=None, raw=False, **kwargs):
    if not raw:
        invalidate(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _setting_or_image_saved(sender, instance=None, raw=False, **kwargs):
    """Site settings (any BaseSiteSetting or BaseGenericSetting subclass) and images show on
    pages of every kind, whichever app defines them."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images.models import AbstractImage

    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        # Settings rows are created with their defaults the first time a page asks for them
        # (`for_request` uses get_or_create): nothing a visitor saw changes. The admin edits
        # a row that already exists.
        if not kwargs.get("created"):
            _changed(sender, instance, raw)
    elif isinstance(instance, AbstractImage):
        _changed(sender, instance, raw)


def invalidate_on_change(model):
    """Apps call this for other models whose changes show on public pages (snippets, say)."""
    from django.db.models.signals import post_delete, post_save

    uid = f"page_cache.{model._meta.label}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save")
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete")


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # Publishing (also scheduled publishing), unpublishing (also expiry and deletion of a live
    # page), moving and deleting pages.
    page_published.connect(_changed, dispatch_uid="page_cache.published")
    page_unpublished.connect(_changed, dispatch_uid="page_cache.unpublished")
    post_page_move.connect(_changed, dispatch_uid="page_cache.moved")
    post_delete.connect(_changed, sender=Page, dispatch_uid="page_cache.page_deleted")
    post_save.connect(_setting_or_image_saved, dispatch_uid="page_cache.settings_images")
    post_delete.connect(_setting_or_image_saved, dispatch_uid="page_cache.settings_images_del")
    invalidate_on_change(Site)
    invalidate_on_change(SearchPromotion)
