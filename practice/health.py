"""Health check and database-outage handling.

`/healthz` answers 200 when the database answers and 503 when it does not, with no details: load
balancers and uptime monitors need the status, visitors and attackers need nothing more.

`server_error` (the project's handler500) turns a lost database connection into a calm 503 page
with Retry-After instead of a 500 (Django has already logged the error), and lets Django's persistent connection
health checks (CONN_HEALTH_CHECKS) reconnect on the next request, so the site recovers by itself
when PostgreSQL comes back.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("practice.health")

RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unreachable")
        # Drop the broken connection so the next check starts afresh.
        connection.close_if_unusable_or_obsolete()
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def database_unavailable_response():
    # Rendered from a template that needs no database (no settings, no page tree).
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database outage gets the 503 page, any other failure the standalone 500 page.

    Django calls this inside its exception handling, so the exception being handled tells which
    one it is, wherever it was raised (a view, a middleware, a template).
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        connection.close_if_unusable_or_obsolete()
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
