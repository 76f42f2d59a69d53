"""Security headers set by the application itself, not left to a proxy.

Django's SecurityMiddleware sends HSTS (HTTPS only), X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options; PracticeCSPMiddleware
sends the Content-Security-Policy, which is strict everywhere except the Wagtail admin (see
ADMIN_CSP_EXCEPTION). Those sit at different depths of the middleware stack, so a response made
above one of them (a static file from whitenoise, a page from the page cache, the 503 page of a
database outage raised in the page-cache middleware) would leave without its headers.
SecurityHeadersMiddleware, the outermost middleware, adds whatever is still missing to every
response: the same values, from the same settings, by the same code.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

# The Wagtail admin (7.4) still relies on inline <script> blocks and inline style attributes, and
# its page preview is an iframe of the admin's own origin. Only paths under the admin get these
# sources added; public pages keep 'self' only, with no 'unsafe-inline' or 'unsafe-eval'.
ADMIN_CSP_EXCEPTION = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def admin_prefix():
    return reverse("wagtailadmin_home")


class PracticeCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's narrower exception."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and getattr(request, "is_preview", False):
            # Wagtail renders a preview through a stand-in request for the page's own URL, then
            # shows it in the editor's iframe: the page's strict policy, framed by the admin only.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        elif not report_only and request.path_info.startswith(admin_prefix()):
            # frame-ancestors is replaced (the preview iframe lives under /admin/); the other
            # directives are widened.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
            update = {k: v for k, v in ADMIN_CSP_EXCEPTION.items() if k != "frame-ancestors"}
            parts.update = {**update, **(parts.update or {})}
        return parts


def _unused_get_response(request):  # the middlewares below are only asked for their headers
    raise AssertionError("not called")


class SecurityHeadersMiddleware:
    """Outermost: every response the app sends leaves with every security header the README
    promises. Headers set further in (the admin's CSP, a view's X-Frame-Options) are kept;
    missing ones are added by Django's and django-csp's own middleware code, so the values can
    never differ from theirs. Also sends Permissions-Policy (no camera, microphone, location,
    payment or USB APIs)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.django_security = SecurityMiddleware(_unused_get_response)
        self.frame_options = XFrameOptionsMiddleware(_unused_get_response)
        self.csp = PracticeCSPMiddleware(_unused_get_response)

    def __call__(self, request):
        return self.add_missing_headers(request, self.get_response(request))

    def add_missing_headers(self, request, response):
        # Each of these sets a header only where it is still missing (and leaves responses
        # exempted on purpose, e.g. @xframe_options_exempt, @csp_exempt, alone).
        response = self.django_security.process_response(request, response)
        response = self.frame_options.process_response(request, response)
        response = self.csp.process_response(request, response)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
