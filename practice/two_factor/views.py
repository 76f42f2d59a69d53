"""The set-up, code and recovery-code screens, in the Wagtail admin's sign-in layout.

Every view needs a signed-in admin user and is never cached (the set-up screen shows a secret).
"""

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice.two_factor.forms import CodeForm, RecoveryCodeForm

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def next_url(request):
    """Where to go once verified: the admin URL asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def staff_screen(view):
    """Signed-in admin users only; nothing cached, posted codes kept out of error reports."""

    @never_cache
    @sensitive_post_parameters("code")
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not settings.STAFF_TWO_FACTOR:
            return redirect(next_url(request))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def confirmed_app_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def grouped(text, size=4):
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def qr_svg(url):
    """The otpauth:// URL as inline SVG: drawn on the page, no image request, nothing external."""
    return segno.make(url, error="m").svg_inline(
        scale=5,
        border=4,
        svgclass="two-factor-qr",
        title="QR code to scan with your authenticator app",
    )


@staff_screen
def setup(request):
    """First-time set-up: why, the QR code, the secret as text, a code to confirm it works, then
    the recovery codes, shown once."""
    user = request.user
    if confirmed_app_device(user) is not None:
        if user.is_verified():
            return redirect(next_url(request))
        return redirect(f"{reverse('practice_two_factor_verify')}?{request.GET.urlencode()}")

    # The same secret until it is confirmed, so reloading the page keeps what was scanned.
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)

    form = CodeForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = form.device
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = replace_recovery_codes(user)
        django_otp.login(request, device)
        return render(
            request,
            "two_factor/recovery_codes.html",
            {"codes": [grouped(code) for code in codes], "next": next_url(request)},
        )

    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": grouped(secret),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": next_url(request),
        },
    )


def replace_recovery_codes(user):
    """Ten new single-use recovery codes (django-otp's static device); older ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@staff_screen
def verify(request):
    """The code screen after the password, on every sign-in once the factor is set up."""
    user = request.user
    device = confirmed_app_device(user)
    if device is None:
        return redirect(f"{reverse('practice_two_factor_setup')}?{request.GET.urlencode()}")
    if user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        return redirect(next_url(request))
    return render(request, "two_factor/verify.html", {"form": form, "next": next_url(request)})


@staff_screen
def recovery(request):
    """A recovery code instead of the app's code (a lost or new phone). Each code works once."""
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if confirmed_app_device(user) is None:
        return redirect(f"{reverse('practice_two_factor_setup')}?{request.GET.urlencode()}")
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    form = RecoveryCodeForm(request.POST or None, user=user, device=device)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        left = form.device.token_set.count()
        messages.warning(
            request,
            f"Recovery code accepted. You have {left} left"
            + (
                ". Ask an admin to reset your second factor soon to get new ones."
                if left <= 3
                else "."
            ),
        )
        return redirect(next_url(request))
    codes_left = device.token_set.count() if device is not None else 0
    return render(
        request,
        "two_factor/recovery.html",
        {"form": form, "next": next_url(request), "codes_left": codes_left},
    )
