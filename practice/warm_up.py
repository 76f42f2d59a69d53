"""A new app-server worker renders one page of each type before it takes its first request.

gunicorn forks workers from a master that has imported the site (`preload_app`), but what a
process builds on its first render is still to do in each new worker: its database connection
and prepared statements, compiled templates, the ORM's compiled queries (practice.query_plans),
the site's settings and root paths. Measured in a fresh process: the home page's first render
536 ms, the seed post's 358 ms (36 and 45 ms once warm). Workers are replaced every 20,000
requests or so (gunicorn.conf.py `max_requests`), and a replacement used to serve those slow
first renders to visitors (`make load-test PUBLISH=1` with Redis missed its 300 ms 99th
percentile in a window or two of most runs, and in none of a run that replaced no worker; with
the warm-up, one run of two passed in every window).

`gunicorn.conf.py` calls `warm_up(worker.wsgi)` in `post_worker_init`, before the worker
accepts a connection; the other worker serves meanwhile. Each request goes through the whole
application as an anonymous visitor's would (so what it renders may be stored in the page
cache, as any visitor's render is). It never stops a worker from starting: a failure is
logged and the worker goes on. GUNICORN_WARM_UP=off turns it off.
"""

import io
import logging
import sys
import time

logger = logging.getLogger("practice.warm_up")


def warm_up_paths():
    """The path of one public page of each page type (the first in tree order), home first."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Site

    from practice.models.public import public_pages

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    pages = public_pages(Page.objects.filter(depth__gt=1), site)
    paths = []
    for content_type in ContentType.objects.filter(
        pk__in=pages.order_by().values("content_type")
    ).order_by("pk"):
        page = pages.filter(content_type=content_type).order_by("path").first()
        parts = page.specific.get_url_parts() if page else None
        if parts and parts[2]:
            paths.append((page.depth, parts[2]))
    return [path for _depth, path in sorted(paths)]


def warm_up_host():
    """The host name the requests are made for: the default site's, when ALLOWED_HOSTS takes
    it, else the first plain host name in ALLOWED_HOSTS (None: none to use)."""
    from django.conf import settings
    from django.http.request import validate_host
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    candidates = [site.hostname] if site else []
    candidates += [host for host in settings.ALLOWED_HOSTS if host[:1] not in ("", ".", "*")]
    for host in candidates:
        if validate_host(host, settings.ALLOWED_HOSTS):
            return host
    return None


def request(application, host, path):
    """GET `path` from the WSGI `application` as an anonymous visitor: the response's status."""
    from django.conf import settings

    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443" if settings.SECURE_SSL_REDIRECT else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_USER_AGENT": "practice-warm-up",
        "REMOTE_ADDR": "127.0.0.1",
        # Behind the TLS proxy a visitor's request is https: the same scheme, no redirect.
        "wsgi.url_scheme": "https" if settings.SECURE_SSL_REDIRECT else "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    result = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _chunk in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(statuses[0].split()[0]) if statuses else 0


def warm_up(application):
    """Render one page of each type through `application`; {path: status}. Never raises."""
    import os

    if os.environ.get("GUNICORN_WARM_UP", "on").lower() in ("off", "0", "false", "no"):
        return {}
    started = time.perf_counter()
    statuses = {}
    try:
        host = warm_up_host()
        if host is None:
            logger.warning("Warm-up skipped: no host name in ALLOWED_HOSTS to ask for")
            return {}
        for path in warm_up_paths():
            statuses[path] = request(application, host, path)
    except Exception:
        logger.exception("Warm-up failed; the worker starts cold")
    logger.info(
        "Warm-up: %d pages in %.0f ms", len(statuses), (time.perf_counter() - started) * 1000
    )
    return statuses
