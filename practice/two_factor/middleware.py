"""Keeps the admin closed to a signed-in user who must give a one-time code and has not yet.

Runs after django-otp's OTPMiddleware (which sets request.user.is_verified()) and after URL
resolution (process_view), so every URL under /admin/ is covered, Wagtail's catch-all 404 and
the admin API included. Open before verification: signing in and out, the set-up and code
screens themselves, and two static-like assets those screens load (the icon sprite and the
JavaScript translations, which hold no data).
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from practice.two_factor import must_use_second_factor

OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "practice_two_factor_setup",
    "practice_two_factor_verify",
    "practice_two_factor_recovery",
}


def needs_second_factor(user):
    """Signed in, not verified in this session, and either required to use a second factor or
    holding one already (once set up, it is always asked for)."""
    if not settings.STAFF_TWO_FACTOR or not user.is_authenticated or user.is_verified():
        return False
    return must_use_second_factor(user) or django_otp.user_has_device(user, confirmed=True)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        user = request.user
        if not needs_second_factor(user):
            return None
        screen = (
            "practice_two_factor_verify"
            if django_otp.user_has_device(user, confirmed=True)
            else "practice_two_factor_setup"
        )
        next_url = (
            request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")
        )
        return HttpResponseRedirect(f"{reverse(screen)}?{urlencode({'next': next_url})}")
