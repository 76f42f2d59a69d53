"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py practice.wsgi`.

Every value can be overridden from the environment, so the same file serves a small VPS, a
container platform and the benchmark on loopback.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are CPU-bound template rendering; 2 per core is a safe start.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# With GUNICORN_WORKER_CLASS=gthread, each worker serves this many requests at once.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that has not finished in 30 s is stuck: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes the site down.
# Spread widely, so the workers never restart together (measured: two workers restarting within
# 2 s of each other pushed the 99th percentile to several seconds under load). Not too often
# either: a new worker starts with an empty local-memory page cache. Measured with `make
# load-test` (64 connections, cached pages): every 2,000 requests, 1,195 requests/s with a 99th
# percentile of 519 ms; every 20,000, 1,672 requests/s and 65 ms.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 2
# Load the application once in the master: a replacement worker is forked ready in milliseconds
# instead of importing Django and Wagtail again (about 1.7 s of CPU). New code needs a restart,
# not a HUP.
preload_app = True

# Refuse absurd request lines and headers before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Two instances on one machine must not share gunicorn 27's fixed control socket path.
control_socket_disable = True
# Logs to stdout/stderr for the process manager (systemd, a container runtime) to collect.
# GUNICORN_ACCESS_LOG="" (or "off") turns the access log off, e.g. for benchmarks.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
accesslog = None if _access_log in ("", "off") else _access_log
# The path only: a query string says what a visitor looked for (the clinician finder's concern and
# state), and the referrer may carry one; neither is logged.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the local reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """A new worker renders one page of each type before it takes a request (practice/warm_up.py:
    a replaced worker's first renders were ten times slower than later ones)."""
    from practice.warm_up import warm_up

    warm_up(worker.wsgi)
