"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the environment, so one
code base runs everywhere: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, e-mail and cache.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no switch from the environment ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated list from the environment, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_float(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}.") from exc
    if not 0 <= number < float("inf"):
        raise ImproperlyConfigured(f"{name} must be 0 or more, got {value!r}.")
    return number


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form (no or stale CSRF token) gets a calm page in the site's layout.
CSRF_FAILURE_VIEW = "practice.csrf.csrf_failure"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    # Project apps: the ground floor first, then the apps that stand on it.
    "practice",
    "therapy_pages",
    "blog",
    "content_health",
    # Wagtail
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Security: login lockout (django-axes) and the Content-Security-Policy header (django-csp).
    "axes",
    "csp",
    # A second factor for staff: one-time codes from an authenticator app, and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for practice.forms.PublicFormRenderer (TemplatesSetting)
]

MIDDLEWARE = [
    # Outermost: adds every security header still missing, whichever layer made the response.
    "practice.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Accept-Encoding as the client means it (gzip;q=0 is no gzip), before anything reads it.
    "practice.accept_encoding.AcceptEncodingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed on the way out (static files are pre-compressed by whitenoise).
    "django.middleware.gzip.GZipMiddleware",
    # Before sessions and authentication: a cached page for an anonymous visitor needs neither.
    "practice.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(), then the admin stays closed until the second factor is given.
    "django_otp.middleware.OTPMiddleware",
    "practice.two_factor.middleware.StaffTwoFactorMiddleware",
    # Who may open each admin URL (practice/admin_access.py): deny by default.
    "practice.admin_access.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "practice.security.PracticeCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user and address is refused before the password is even checked.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "practice.urls"
WSGI_APPLICATION = "practice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file when DATABASE_URL is not set (zero set-up), PostgreSQL in CI and production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler kicks in on tables the planner has no statistics for (a small
    # site's tables may never be auto-analyzed) and made simple page queries take seconds
    # (measured: 1.8 to 5.1 s per request with it, 0.1 to 0.2 s without). Page queries are small.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# practice/query_plans.py PREPAREs statements per connection: off behind PgBouncer's transaction mode.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "practice.User"
WAGTAILIMAGES_IMAGE_MODEL = "practice.CustomImage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Staff accounts guard people's requests for help: 12 characters at least.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache: local memory by default; a shared Redis when REDIS_URL is set (needed as soon as more
# than one machine serves the site: the page cache is then shared).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "practice"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# The public forms' rate-limit counters (practice/http.py), never in a cache traffic can evict: in
# Redis under their own prefix (kept unless a maxmemory policy says otherwise), else in the table
# practice_ratelimitcounter. Every worker and server counts together either way.
RATE_LIMIT_REDIS_URL = REDIS_URL
RATE_LIMIT_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "practice") + ":ratelimit"

# Full-page cache for anonymous visitors (practice/page_cache.py). PAGE_CACHE=off turns it off
# (the benchmark's cold run does). The invalidation counter is shared through Redis when there is
# one, through the database otherwise.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_SHARED = bool(REDIS_URL)
# Without Redis, how long each process may reuse the counter it read from the database: a change
# committed by another worker or server shows within this time (in the same process at once).
PAGE_CACHE_GENERATION_SECONDS = env_float("PAGE_CACHE_GENERATION_SECONDS", 0.5)
# The query parameters pages use, the only ones in a cached page's key (a request with any other
# is never stored): `page` and the clinician finder's filters (practice/finder.py FINDER_PARAMS).
PAGE_CACHE_QUERY_PARAMS = ("page", "concern", "mode", "language", "insurance", "accepting", "state")
# The footer and the call to action, rendered once per process until the generation moves, cache
# or no cache (practice/fragment_cache.py); FRAGMENT_CACHE=off renders them every time.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE", True)
# The X-Page-Cache: hit|miss|bypass response header, for development, tests and benchmarks; off
# in production (settings/production.py) unless PAGE_CACHE_HEADER=on, since it tells a stranger
# what others just asked for.
PAGE_CACHE_HEADER = env_bool("PAGE_CACHE_HEADER", True)

# Media on S3-compatible storage (AWS S3, Backblaze, Scaleway, MinIO…) when a bucket is named;
# credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (boto3 reads them itself).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Public images, no signed URLs (they would break cached pages after they expire).
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# CDN / reverse-proxy purge on publish (wagtail.contrib.frontend_cache), off unless configured:
# FRONTEND_CACHE_PURGE_URL for Varnish/nginx (HTTP PURGE), or CLOUDFLARE_API_TOKEN with
# CLOUDFLARE_ZONE_ID, or CLOUDFRONT_DISTRIBUTION_ID.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# E-mail: SMTP settings from the environment; development prints mail to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "website@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security headers and cookies (every environment; HTTPS-only switches are in production.py).
# Content-Security-Policy: only this site's own files on public pages, no inline script or style.
# The Wagtail admin uses inline scripts and styles, so /admin/ gets a documented, narrower
# exception in practice.security.PracticeCSPMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by Django only on HTTPS responses; a year, subdomains included; preload is opt-in.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a one-way door for the whole domain, so the practice opts in explicitly.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Wagtail's admin reads the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# Staff sessions end after 12 hours (a working day) rather than Django's two weeks.
SESSION_COOKIE_AGE = 12 * 60 * 60

# Admin login lockout (django-axes): 5 failures for the same user name from the same address lock
# that pair for 15 minutes; a success resets the count. Locked-out attempts get a 429 with
# templates/account_locked.html and a warning in the log.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_CLIENT_IP_CALLABLE = "practice.http.client_ip"
# Only failures and lockouts are recorded, not every successful login.
AXES_DISABLE_ACCESS_LOG = True

# A second factor for staff (practice/two_factor/): editors and admins give a one-time code from an
# authenticator app after their password; clinicians too when Practice details says so. On unless
# STAFF_TWO_FACTOR=false; the development settings turn it off so the demo login stays one step.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", True)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = os.environ.get("WAGTAIL_SITE_NAME", "Practice website")

# Uploads: images of common web formats up to 10 MB and 40 megapixels; documents as listed below.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Gravatar would send staff e-mail hashes to a third party and break the admin's CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Practice website")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Embeds load third-party scripts and trackers; the site runs under a strict CSP without them.
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Logs go to stderr for the process manager to collect; LOG_FORMAT=json gives one JSON object per
# line (time, level, logger, message, request path and status, exception) for log aggregators.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "practice.log_format.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "practice": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Consultation requests: where the "new request" notice goes (the practice's e-mail from its
# settings when empty) and how many days requests are kept before `purge_consultation_requests`.
CONSULTATION_NOTIFY_EMAIL = os.environ.get("CONSULTATION_NOTIFY_EMAIL", "")
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 90)
