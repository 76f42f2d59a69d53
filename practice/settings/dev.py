"""Local development: debug on, mail to the console, a fixed key that never leaves a laptop."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo login (`make run`) stays one step; STAFF_TWO_FACTOR=true tries the second factor locally.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", False)
# Development tools (seed_scale, the bulk page writer, the gunicorn harness): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
