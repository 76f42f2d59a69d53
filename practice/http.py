"""Small request helpers shared by the public forms (comments, consultation requests)."""

import hashlib
import random
from datetime import timedelta

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import Http404
from django.utils import timezone

from practice.page_cache import query_param


def client_ip(request):
    """The visitor's address. Behind N trusted proxies (settings.TRUSTED_PROXY_COUNT), the Nth
    address from the right of X-Forwarded-For; otherwise REMOTE_ADDR."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(scope, request, limit, window_seconds):
    """Count one attempt for this client in `scope`; True once it exceeds `limit` per window.

    The window starts at the client's first attempt. The address is hashed before it is used as a
    key, so no address is kept in the clear. Counters live apart from every cache (see
    count_attempt), so all workers and servers count together and page traffic cannot evict them.
    """
    digest = hashlib.sha256(f"{scope}:{client_ip(request)}".encode()).hexdigest()[:32]
    return count_attempt(f"{scope}:{digest}", window_seconds) > limit


# Out of every this many attempts counted in the database, about one also deletes expired rows.
RATE_LIMIT_PURGE_ONE_IN = 100

_redis_clients = {}


def _rate_limit_redis():
    """The Redis client for the counters (settings.RATE_LIMIT_REDIS_URL), or None for the
    database. One client per URL and process; redis-py reconnects by itself after a fork."""
    url = getattr(settings, "RATE_LIMIT_REDIS_URL", "")
    if not url:
        return None
    if url not in _redis_clients:
        import redis  # only installed and needed with Redis

        _redis_clients[url] = redis.Redis.from_url(url)
    return _redis_clients[url]


def _rate_limit_key(key):
    return f"{settings.RATE_LIMIT_KEY_PREFIX}:{key}"


def count_attempt(key, window_seconds):
    """One more attempt under `key`; the number of attempts in the current window, this one
    included. Atomic across threads, workers and servers.

    Redis: SET NX EX then INCR in one MULTI transaction, so the key always has its expiry (an
    INCR on a key that expired a moment before would otherwise create one that never expires).
    Database: one upsert on RateLimitCounter that restarts an expired window.
    """
    client = _rate_limit_redis()
    if client is not None:
        name = _rate_limit_key(key)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window_seconds, nx=True)
            pipe.incr(name)
            return pipe.execute()[1]
    return _count_in_database(key, window_seconds)


def _count_in_database(key, window_seconds):
    from practice.models.rate_limit import RateLimitCounter

    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        # INSERT … ON CONFLICT DO UPDATE … RETURNING: PostgreSQL 9.5+ and SQLite 3.35+.
        cursor.execute(
            f"""
            INSERT INTO {table} AS counter ("key", "count", "expires_at") VALUES (%s, 1, %s)
            ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN counter."expires_at" <= %s THEN 1
                               ELSE counter."count" + 1 END,
                "expires_at" = CASE WHEN counter."expires_at" <= %s THEN excluded."expires_at"
                                    ELSE counter."expires_at" END
            RETURNING "count"
            """,  # noqa: S608 - table name from the model, values as parameters
            [key, adapt(now + timedelta(seconds=window_seconds)), adapt(now), adapt(now)],
        )
        count = cursor.fetchone()[0]
    if random.randrange(RATE_LIMIT_PURGE_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
        RateLimitCounter.objects.filter(expires_at__lte=now).delete()
    return count


def clear_rate_limits():
    """Forget every counter (tests, or an operator lifting all limits at once)."""
    from practice.models.rate_limit import RateLimitCounter

    client = _rate_limit_redis()
    if client is not None:
        names = list(client.scan_iter(match=_rate_limit_key("*"), count=1000))
        if names:
            client.delete(*names)
    RateLimitCounter.objects.all().delete()


def paginate(request, items, per_page, what="items"):
    """The page of `items` that `?page=N` asks for. A missing or non-numeric value is page 1; a
    page that does not exist (0, negative, past the end) is a 404, never a 500."""
    paginator = Paginator(items, per_page)
    number = query_param(request, "page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        if paginator.count == 0 and str(number).strip() == "1":
            return paginator.page(1)
        raise Http404(f"There is no such page of {what}.") from exc


# The highest page number a paginated listing reads (100,000 pages of posts); above it, a 404.
MAX_PAGE_NUMBER = 100_000


class _OnePage:
    """What Paginator needs of a list it was given one page of: its length (`total`) and that
    page's rows (`rows`, from `offset`)."""

    def __init__(self, rows, total, offset):
        self.rows, self.total, self.offset = rows, total, offset

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.rows
        raise IndexError("only the page that was read is here")


def paginate_rows(request, fetch, per_page, what="items"):
    """`paginate`, for a listing that reads one page and its total in one query: `fetch(number,
    per_page)` returns that page's rows and how many the listing has (0 when the page is past
    the end). The page number is read as `paginate` reads it, and answers the same: page 1 for
    a missing or non-numeric value, a 404 for a page that does not exist."""
    raw = query_param(request, "page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    if not 1 <= number <= MAX_PAGE_NUMBER:  # past any listing's end: no query (nor an overflow)
        raise Http404(f"There is no such page of {what}.")
    rows, total = fetch(number, per_page)
    if not rows and number > 1:
        raise Http404(f"There is no such page of {what}.")
    paginator = Paginator(_OnePage(rows, total, (number - 1) * per_page), per_page)
    return paginator.page(number)
