"""CSRF by construction: one wrapper around Wagtail's page serving decides how each POST to a
page is checked, so no form has to remember to.

Pages come from the full-page cache, so the two public forms on them (comments on a post, the
consultation request) cannot carry a per-visitor CSRF token, and a first-time visitor has no CSRF
cookie. A page type that holds such a form says so with `accepts_public_form_posts = True`; a POST
to it is checked here by where the browser says it comes from (`Sec-Fetch-Site`, else `Origin`,
else `Referer`). A POST to any other page keeps Django's own CSRF check (token and cookie), and so
does every view that is not a page: Wagtail's password form and login, the admin.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from wagtail import views as wagtail_views
from wagtail.models import Page

from practice.models.preload import preload_routing

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

CROSS_SITE_MESSAGE = (
    "This form can only be sent from our own website. Please open the page on our site and send "
    "it from there."
)

# Sec-Fetch-Site values (Fetch Metadata) a browser sends with a form POST: only a page of this
# very origin, or the visitor's own action (a bookmark, the address bar), may send a public form.
SEC_FETCH_ALLOWED = {"same-origin", "none"}
SEC_FETCH_REFUSED = {"same-site", "cross-site"}


def is_cross_site(request):
    """True when a form POST comes from another site's page (or a sibling subdomain).

    Current browsers (Chrome since 2019, Firefox since 2021, Safari since 2023) send
    `Sec-Fetch-Site` with every request, and a page's scripts cannot change it: `same-origin` and `none` pass, `same-site` and `cross-site` are refused. Without it (older
    browsers, some privacy tools), the `Origin` header must name this site, falling back to
    `Referer`. A request with none of them cannot come from a browser on another site, so it is
    let through to the form's own validation and rate limit.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").strip().lower()
    if fetch_site in SEC_FETCH_ALLOWED:
        return False
    if fetch_site in SEC_FETCH_REFUSED:
        return True
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return False
    if source == "null":  # sandboxed frames, data: URLs, some privacy-preserving redirects
        return True
    try:
        parts = urlsplit(source)
    except ValueError:  # e.g. "http://[" : not an address this site could have sent
        return True
    if f"{parts.scheme}://{parts.netloc}".lower() in _trusted_origins():
        return False
    return parts.netloc.lower() != request.get_host().lower() or parts.scheme != request.scheme


def _trusted_origins():
    """CSRF_TRUSTED_ORIGINS (exact origins; Django's `*.` wildcards are not needed here), which
    the deployment sets when the public address differs from the Host the app sees."""
    return {origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin}


def refuse_cross_site(request):
    """403, with the calm message and a way back, and none of the page's content (the page may be
    restricted: this answer comes before Wagtail's view restrictions are checked)."""
    return TemplateResponse(
        request,
        "cross_site_form.html",
        {"message": CROSS_SITE_MESSAGE, "back_url": request.path},
        status=403,
    )


_serve_with_django_csrf = csrf_protect(wagtail_views.serve)


@csrf_exempt  # exempt from the middleware's check only because this view makes it itself
def serve(request, path):
    """Wagtail's `serve`, with each unsafe request checked by the page type it reaches.

    The route is looked up once: `Page.find_for_request` keeps it on the request and Wagtail's
    `serve` reuses it. The site and the site root are found first without queries of their own
    (`preload_routing`).
    """
    preload_routing(request, path)
    if request.method in SAFE_METHODS:
        return wagtail_views.serve(request, path)
    page = Page.find_for_request(request, path)
    if not getattr(page, "accepts_public_form_posts", False):
        return _serve_with_django_csrf(request, path)
    if is_cross_site(request):
        return refuse_cross_site(request)
    return wagtail_views.serve(request, path)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal (settings.CSRF_FAILURE_VIEW) as a calm page in the site's layout:
    what happened, that nothing was saved, and how to try again. `reason` is for the log only.
    In the admin, Django's own page (it says why, for staff)."""
    if request.path_info.startswith("/admin/"):
        return django_csrf_failure(request, reason=reason)
    back_url = request.path if url_has_allowed_host_and_scheme(request.path, None) else "/"
    return TemplateResponse(request, "csrf_failure.html", {"back_url": back_url}, status=403)
