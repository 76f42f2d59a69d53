"""Test settings: fast hashing, local-memory cache and mail, no reliance on the environment's key."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits count in the test database unless a test points them at Redis.
RATE_LIMIT_REDIS_URL = ""
# Most tests look at freshly rendered pages; tests/practice/test_page_cache.py turns it on.
PAGE_CACHE_ENABLED = False
# Tests change settings and pages inside transactions that never commit (the generation never
# moves): fragments are rendered every time unless a test turns them on
# (tests/practice/test_fragment_cache.py).
FRAGMENT_CACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that sign staff in with force_login see the admin at once; tests/practice/test_two_factor.py
# turns the second factor on where it tests it (production settings have it on).
STAFF_TWO_FACTOR = False
# Development tools (seed_scale, the bulk page writer, the gunicorn harness): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
MEDIA_ROOT = BASE_DIR / "media" / "test"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
