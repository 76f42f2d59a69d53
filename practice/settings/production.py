"""Production: every secret from the environment, HTTPS enforced, static files from whitenoise.

Start-up stops with a clear message when SECRET_KEY or ALLOWED_HOSTS is missing, rather than
running with an insecure default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings need a long random SECRET_KEY in the "
        "environment, e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production settings need the site's host names in the "
        "environment, comma-separated, e.g. ALLOWED_HOSTS=www.example.com,example.com."
    )

# HTTPS. Behind a TLS-terminating proxy the proxy sets X-Forwarded-Proto; SECURE_SSL_REDIRECT=false
# lets the same settings serve plain HTTP on loopback (benchmarks, health checks).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# HSTS preload (security.W021) is a one-way door for the whole domain and every subdomain: the
# practice opts in with SECURE_HSTS_PRELOAD=true once HTTPS is certain everywhere. Until then the
# check is silenced on purpose, so `check --deploy` stays clean and any new warning stands out.
if not SECURE_HSTS_PRELOAD:  # noqa: F405
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
# No X-Page-Cache header unless asked for (PAGE_CACHE_HEADER=on, as the benchmark does): a hit
# tells a stranger that someone just asked for the same URL.
PAGE_CACHE_HEADER = env_bool("PAGE_CACHE_HEADER", False)

# Static files: compressed, content-hashed names, served with far-future cache headers.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One JSON object per log line unless LOG_FORMAT says otherwise.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405
