"""Where Wagtail sends a visitor who meets a page restricted to signed-in staff or to groups.

Wagtail's front-end login (`/_util/login/`, `wagtailcore_login`) would be a second sign-in form:
a password alone, beside the admin's sign-in with its lockout and second factor. Here that URL
does not sign anyone in. A visitor who is not signed in is sent to the admin's sign-in, with
`?next=` the restricted page, and comes back to it afterwards. Someone already signed in only
reaches this URL when their account is not in the groups the page is shared with (Wagtail sends
them to the login again); they get a calm 403 instead of an endless loop between the page and
the admin's sign-in, which sends signed-in staff straight back to `next`.

A staff member who has given their password but still owes the second factor
(practice/two_factor/) is not signed in yet as far as private pages (and documents in restricted
collections) go either: they are sent to
the code screen and come back to the page afterwards.
"""

from urllib.parse import urlencode

import django_otp
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from practice.http import rate_limited
from practice.two_factor.middleware import needs_second_factor


def second_factor_screen(request, next_url):
    """The code screen (or the set-up screen, before a device exists), then back to next_url."""
    screen = (
        "practice_two_factor_verify"
        if django_otp.user_has_device(request.user, confirmed=True)
        else "practice_two_factor_setup"
    )
    response = HttpResponseRedirect(f"{reverse(screen)}?{urlencode({'next': next_url})}")
    add_never_cache_headers(response)
    return response


@never_cache
@require_safe
def sign_in_for_page(request):
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("wagtailadmin_login"))
    if needs_second_factor(request.user):
        return second_factor_screen(request, next_url)
    return TemplateResponse(request, "page_not_shared_with_you.html", status=403)


def _owes_code_for(restrictions, request):
    """True when `restrictions` include a login or groups one and the signed-in user still owes
    the second factor. Costs nothing for visitors who are not signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return False
    staff_only = restrictions.exclude(restriction_type=PageViewRestriction.PASSWORD)
    return staff_only.exists() and needs_second_factor(user)


# Registered here, beside the view it completes; practice/urls.py imports this module.
@hooks.register("before_serve_page")
def finish_signing_in_before_private_pages(page, request, serve_args, serve_kwargs):
    """Wagtail's login and groups restrictions ask only `is_authenticated`: a password without
    the second factor would open them."""
    if _owes_code_for(page.get_view_restrictions(), request):
        return second_factor_screen(request, request.get_full_path())
    return None


# Before Wagtail's own check (order 0), which would let the signed-in user have the file.
@hooks.register("before_serve_document", order=-1)
def finish_signing_in_before_private_documents(document, request):
    """The same for documents in a collection restricted to signed-in users or groups."""
    if _owes_code_for(document.collection.get_view_restrictions(), request):
        return second_factor_screen(request, request.get_full_path())
    return None


PASSWORD_TRIES = 10  # wrong or right, per client address …
PASSWORD_WINDOW = 15 * 60  # … per fifteen minutes
TOO_MANY_TRIES = (
    "That is a lot of tries in a short time, so this form is paused for a few minutes. Please "
    "wait a little, then try again."
)


class PausedPasswordForm(PasswordViewRestrictionForm):
    """Wagtail's password form over the limit of tries: it comes back with TOO_MANY_TRIES on the
    password and never compares the password (Django's `clean_<field>`, without the checks of
    its fields: nothing else is said about what was sent)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean_password(self):
        raise ValidationError(TOO_MANY_TRIES)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for a restricted page, with a limit on tries per address: a
    shared password must not be guessable by trying thousands. Over the limit, the form is
    shown again with a message (429) and the password is not checked."""
    if request.method == "POST" and rate_limited(
        "page_password", request, PASSWORD_TRIES, PASSWORD_WINDOW
    ):
        restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
        page = get_object_or_404(Page, id=page_id).specific
        form = PausedPasswordForm(request.POST, instance=restriction)
        action_url = reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
        )
        response = page.serve_password_required_response(request, form, action_url)
        response.status_code = 429
        return response
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
