"""Security headers set by the application itself, not left to a proxy.

Django's SecurityMiddleware sends HSTS (HTTPS only), X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options. This module adds
Permissions-Policy and the Content-Security-Policy, which is strict everywhere except the Wagtail
admin (see ADMIN_CSP_EXCEPTION).
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
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


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response: no camera, microphone, location or payment APIs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
