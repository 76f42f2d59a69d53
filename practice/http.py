"""Small request helpers shared by the public forms (comments, consultation requests)."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


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


CROSS_SITE_MESSAGE = (
    "This form can only be sent from our own website. Please open the page on our site and send "
    "it from there."
)


def is_cross_site(request):
    """True when a form POST comes from another site's page.

    The public forms (comments, consultation requests) sit on pages served from the full-page
    cache, so they cannot carry a per-visitor CSRF token, and a first-time visitor has no CSRF
    cookie. They check the browser's Origin header instead (sent with every form POST by current
    browsers), falling back to Referer. A request with neither cannot come from a browser on
    another site, so it is let through to the form's own validation and rate limit.
    """
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return False
    if source == "null":  # sandboxed frames, data: URLs, some privacy-preserving redirects
        return True
    try:
        parts = urlsplit(source)
    except ValueError:  # e.g. "http://[" : not an address this site could have sent
        return True
    return parts.netloc.lower() != request.get_host().lower() or parts.scheme != request.scheme


def rate_limited(scope, request, limit, window_seconds):
    """Count one attempt for this client in `scope`; True once it exceeds `limit` per window.

    The address is hashed before it is used as a cache key, so no address is kept in the clear.
    """
    digest = hashlib.sha256(f"{scope}:{client_ip(request)}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit


def paginate(request, items, per_page, what="items"):
    """The page of `items` that `?page=N` asks for. A missing or non-numeric value is page 1; a
    page that does not exist (0, negative, past the end) is a 404, never a 500."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        if paginator.count == 0 and str(number).strip() == "1":
            return paginator.page(1)
        raise Http404(f"There is no such page of {what}.") from exc
