"""A second factor for staff: after the password, editors and admins give a one-time code (TOTP)
before any admin URL opens; clinicians too when the practice switches it on. Through the real
Wagtail login, the real middleware and the real screens."""

import os
import re
import subprocess
import sys
import time
from base64 import b32decode
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice.models import PracticeSettings
from practice.two_factor.middleware import OPEN_URL_NAMES
from tests.factories import BlogPostPageFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
SETUP_URL = "/admin/two-factor/set-up/"
VERIFY_URL = "/admin/two-factor/code/"
RECOVERY_URL = "/admin/two-factor/recovery-code/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    """As under the production settings (the test settings default to off for force_login)."""
    settings.STAFF_TWO_FACTOR = True


def sign_in(client, user):
    """The password step, through Wagtail's admin login form."""
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/admin/"


def code_for(key, at=None):
    """What an authenticator app shows for this key now (or at a given Unix time)."""
    token = TOTP(key)
    token.time = time.time() if at is None else at
    return f"{token.token():06d}"


def app_device(user, **extra):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True, **extra)


def recovery_codes(user, codes=("aaaabbbb", "ccccdddd")):
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        device.token_set.create(token=code)
    return device


def redirect_target(response):
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query)


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# The first sign-in: set-up


def test_editor_without_a_device_gets_the_set_up_screen_on_the_dashboard(client, editor_user):
    sign_in(client, editor_user)

    path, query = redirect_target(client.get("/admin/"))
    assert path == SETUP_URL
    assert query["next"] == ["/admin/"]

    response = client.get(SETUP_URL + "?next=/admin/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Set up your second factor" in text
    assert "Staff accounts can read who asked the practice for help" in text
    assert "<svg" in response.content.decode()  # the QR code, drawn inline
    assert "QR code to scan with your authenticator app" in text
    assert re.search(
        r"data-two-factor-secret>([A-Z2-7]{4} ){7}[A-Z2-7]{4}<", response.content.decode()
    )
    assert "no-store" in response["Cache-Control"]  # the secret is never kept by a cache


def test_set_up_confirms_a_code_then_shows_ten_recovery_codes_once_and_opens_the_admin(
    client, editor_user
):
    sign_in(client, editor_user)
    page = client.get(SETUP_URL + "?next=/admin/").content.decode()
    secret = re.search(r"data-two-factor-secret>([A-Z2-7 ]+)<", page).group(1)
    # The same secret on a reload: what the person already scanned keeps working.
    assert secret in client.get(SETUP_URL).content.decode()
    key = b32decode(secret.replace(" ", ""))

    response = client.post(SETUP_URL, {"code": code_for(key), "next": "/admin/"})

    assert response.status_code == 200
    html = response.content.decode()
    shown = re.findall(
        r"<li><code>([a-z2-7]{4}-?[a-z2-7]{4}|[a-z2-7]{4} [a-z2-7]{4})</code></li>", html
    )
    assert len(shown) == 10 and len(set(shown)) == 10
    assert "This is the only time they are shown" in page_text(response)
    stored = set(
        StaticToken.objects.filter(device__user=editor_user).values_list("token", flat=True)
    )
    assert stored == {code.replace(" ", "").replace("-", "") for code in shown}
    assert TOTPDevice.objects.get(user=editor_user).confirmed

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "wagtailadmin/home" in " ".join(t.name for t in dashboard.templates if t.name)
    # Set up once: the set-up screen no longer offers a new secret.
    assert client.get(SETUP_URL).status_code == 302


def test_a_wrong_code_at_set_up_is_refused_with_a_message(client, editor_user):
    sign_in(client, editor_user)
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": "000000"})

    assert response.status_code == 200
    assert "That code is not right" in page_text(response)
    assert not TOTPDevice.objects.get(user=editor_user).confirmed
    assert redirect_target(client.get("/admin/"))[0] == SETUP_URL


# Later sign-ins: the code screen


def test_editor_with_a_device_must_enter_the_code_after_the_password(client, editor_user):
    app_device(editor_user)
    sign_in(client, editor_user)

    path, query = redirect_target(client.get("/admin/pages/"))
    assert path == VERIFY_URL
    assert query["next"] == ["/admin/pages/"]

    response = client.get(VERIFY_URL + "?next=/admin/pages/")
    text = page_text(response)
    assert "Enter your code" in text
    assert 'autocomplete="one-time-code"' in response.content.decode()
    assert "Use a recovery code instead" in text
    # Once set up, the set-up screen sends the person to the code screen instead.
    assert redirect_target(client.get(SETUP_URL))[0] == VERIFY_URL


def test_a_wrong_code_is_refused_with_a_clear_message_and_the_admin_stays_closed(
    client, editor_user
):
    device = app_device(editor_user)
    sign_in(client, editor_user)
    wrong = f"{(int(code_for(device.bin_key)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY_URL, {"code": wrong, "next": "/admin/"})

    assert response.status_code == 200
    assert "That code is not right" in page_text(response)
    assert redirect_target(client.get("/admin/"))[0] == VERIFY_URL


def test_the_right_code_opens_the_dashboard(client, editor_user):
    device = app_device(editor_user)
    sign_in(client, editor_user)

    response = client.post(VERIFY_URL, {"code": code_for(device.bin_key), "next": "/admin/"})

    assert redirect_target(response)[0] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_after_the_code_the_person_lands_on_the_page_they_asked_for_but_never_off_site(
    client, editor_user
):
    device = app_device(editor_user)
    sign_in(client, editor_user)
    response = client.post(VERIFY_URL, {"code": code_for(device.bin_key), "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"

    client.post("/admin/logout/")
    sign_in(client, editor_user)
    device.refresh_from_db()
    later = time.time() + 30  # the app's next code (the one just used cannot be used again)
    response = client.post(
        VERIFY_URL, {"code": code_for(device.bin_key, at=later), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_a_code_is_accepted_once(client, editor_user):
    device = app_device(editor_user)
    code = code_for(device.bin_key)
    sign_in(client, editor_user)
    assert redirect_target(client.post(VERIFY_URL, {"code": code}))[0] == "/admin/"

    client.post("/admin/logout/")
    sign_in(client, editor_user)
    response = client.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200
    assert "That code is not right" in page_text(response)


def test_wrong_codes_are_throttled_even_the_right_code_waits(client, editor_user):
    device = app_device(editor_user)
    sign_in(client, editor_user)
    client.post(
        VERIFY_URL, {"code": "000000" if code_for(device.bin_key) != "000000" else "111111"}
    )
    client.post(VERIFY_URL, {"code": "abcdef"})

    response = client.post(VERIFY_URL, {"code": code_for(device.bin_key)})

    assert response.status_code == 200
    assert re.search(r"Too many wrong codes in a row\. Wait \d+ seconds?", page_text(response))
    assert redirect_target(client.get("/admin/"))[0] == VERIFY_URL

    # Once the wait is over, the right code works (and the count starts again).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    assert (
        redirect_target(client.post(VERIFY_URL, {"code": code_for(device.bin_key)}))[0] == "/admin/"
    )
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_recovery_code_opens_the_admin_once(client, editor_user):
    app_device(editor_user)
    recovery_codes(editor_user)
    sign_in(client, editor_user)
    assert "Use a recovery code" in page_text(client.get(RECOVERY_URL))

    response = client.post(RECOVERY_URL, {"code": "AAAA-BBBB", "next": "/admin/"}, follow=True)
    assert response.redirect_chain[0][0] == "/admin/"
    assert response.status_code == 200
    assert "Recovery code accepted. You have 1 left" in page_text(response)

    client.post("/admin/logout/")
    sign_in(client, editor_user)
    used_again = client.post(RECOVERY_URL, {"code": "aaaa-bbbb"})
    assert used_again.status_code == 200
    assert "it has been used already" in page_text(used_again)
    assert redirect_target(client.get("/admin/"))[0] == VERIFY_URL


# Every admin URL, not only the dashboard


@pytest.fixture
def blog_post(blog_index, clinician):
    return BlogPostPageFactory(parent=blog_index, title="A post", author=clinician)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/{post}/edit/",
        "/admin/pages/{post}/edit/preview/",
        "/admin/snippets/practice/consultationrequest/",
        "/admin/snippets/blog/comment/",
        "/admin/snippets/choose/practice/consultationrequest/",
        "/admin/api/main/pages/",
        "/admin/api/main/documents/",
        "/admin/reports/site-history/",
        "/admin/account/",
        "/admin/users/",
        "/admin/settings/practice/practicesettings/",
        "/admin/no-such-screen/",
    ],
)
def test_admin_urls_are_closed_until_the_code_is_given(client, editor_user, blog_post, url):
    app_device(editor_user)
    sign_in(client, editor_user)
    url = url.format(post=blog_post.pk)

    response = client.get(url)

    path, query = redirect_target(response)
    assert path == VERIFY_URL
    assert query["next"] == [url]


def test_a_post_to_an_admin_url_is_refused_before_the_code(client, editor_user, blog_post):
    app_device(editor_user)
    sign_in(client, editor_user)

    response = client.post(f"/admin/pages/{blog_post.pk}/delete/", {})

    assert redirect_target(response)[0] == VERIFY_URL
    blog_post.refresh_from_db()  # still there


SAMPLES = {"IntConverter": ["1"], "SlugConverter": ["x"], "StringConverter": ["x"]}
FALLBACK_SAMPLES = [
    "1",
    "x",
    "x/y",
    "00000000-0000-0000-0000-000000000000",
    "practice",
    "1/",
    "team/profiles.json",
]


def url_names(resolver, prefix=""):
    """Every named URL pattern the resolver knows, namespaces included. Django's reverse_dict
    and namespace_dict are internal, but they are the resolver's own list (no hand list)."""
    for name in resolver.reverse_dict:
        if isinstance(name, str):
            yield prefix + name, resolver.reverse_dict.getlist(name)
    for namespace, (_, sub_resolver) in resolver.namespace_dict.items():
        yield from url_names(sub_resolver, f"{prefix}{namespace}:")


def sample_paths(name, possibilities):
    for candidates, *_rest in possibilities:
        for _, params in candidates:
            converters = _rest[2]
            for fallback in FALLBACK_SAMPLES:
                kwargs = {
                    param: SAMPLES.get(type(converters.get(param)).__name__, [fallback])[0]
                    for param in params
                }
                try:
                    yield reverse(name, kwargs=kwargs)
                    break
                except NoReverseMatch:
                    continue
            else:
                yield f"unreversable:{name}{params}"


def test_every_admin_url_the_resolver_knows_is_closed_until_the_code_is_given(client, editor_user):
    app_device(editor_user)
    sign_in(client, editor_user)
    paths = {
        (name, path)
        for name, possibilities in url_names(get_resolver())
        for path in sample_paths(name, possibilities)
        if name.split(":")[-1] not in OPEN_URL_NAMES
    }
    unreversable = sorted(path for _, path in paths if path.startswith("unreversable:"))
    admin_paths = sorted((name, path) for name, path in paths if path.startswith("/admin/"))
    assert not unreversable, f"add a sample value for: {unreversable}"
    assert len(admin_paths) > 200  # Wagtail's admin, its snippets, settings, reports and API

    opened = [
        (name, path, response.status_code)
        for name, path in admin_paths
        if (response := client.get(path)).status_code != 302
        or urlsplit(response["Location"]).path != VERIFY_URL
    ]

    assert opened == []


def test_signing_out_and_the_sign_in_page_stay_open_before_the_code(client, editor_user):
    app_device(editor_user)
    sign_in(client, editor_user)
    assert client.get("/admin/login/").status_code in {200, 302}
    response = client.post("/admin/logout/")
    assert redirect_target(response)[0] == "/admin/login/"
    assert redirect_target(client.get("/admin/"))[0] == "/admin/login/"


def test_superusers_need_the_second_factor_too(client, admin_user):
    sign_in(client, admin_user)
    assert redirect_target(client.get("/admin/"))[0] == SETUP_URL


# Clinicians: only when the practice says so


@pytest.fixture
def switch(site):
    def set_switch(on):
        settings = PracticeSettings.for_site(site)
        settings.practice_name = settings.practice_name or "Blair Wellness Group"
        settings.require_clinician_two_factor = on
        settings.save()

    return set_switch


def test_clinicians_sign_in_with_the_password_alone_while_the_practice_switch_is_off(
    client, clinician_user, switch
):
    switch(False)
    sign_in(client, clinician_user)
    assert client.get("/admin/").status_code == 200


def test_clinicians_must_set_up_the_second_factor_once_the_practice_switch_is_on(
    client, clinician_user, switch
):
    switch(True)
    sign_in(client, clinician_user)
    assert redirect_target(client.get("/admin/"))[0] == SETUP_URL
    # And with a device, the code screen.
    app_device(clinician_user)
    assert redirect_target(client.get("/admin/"))[0] == VERIFY_URL


def test_a_clinician_who_set_up_the_factor_is_asked_for_it_even_with_the_switch_off(
    client, clinician_user, switch
):
    switch(False)
    app_device(clinician_user)
    sign_in(client, clinician_user)
    assert redirect_target(client.get("/admin/"))[0] == VERIFY_URL


def test_a_clinician_in_another_group_too_needs_the_second_factor(client, clinician_user, switch):
    switch(False)
    clinician_user.groups.add(Group.objects.get(name="Editors"))
    sign_in(client, clinician_user)
    assert redirect_target(client.get("/admin/"))[0] == SETUP_URL


def test_the_switch_is_on_the_practice_details_staff_sign_in_tab(client, editor_user, site):
    device = app_device(editor_user)
    sign_in(client, editor_user)
    client.post(VERIFY_URL, {"code": code_for(device.bin_key)})
    response = client.get(f"/admin/settings/practice/practicesettings/{site.pk}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Staff sign-in" in text
    assert "Require a second factor for clinicians" in text


def test_the_clinicians_group_name_is_the_one_blog_permissions_creates():
    from blog.permissions import CLINICIANS
    from practice.two_factor import CLINICIANS_GROUP

    assert CLINICIANS_GROUP == CLINICIANS


# Resetting a lost factor


def test_reset_second_factor_sends_the_user_back_to_set_up(client, editor_user):
    device = app_device(editor_user)
    recovery_codes(editor_user)
    sign_in(client, editor_user)
    client.post(VERIFY_URL, {"code": code_for(device.bin_key)})
    assert client.get("/admin/").status_code == 200

    call_command("reset_second_factor", editor_user.username, stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert not TOTPDevice.objects.filter(user=editor_user).exists()
    assert not StaticDevice.objects.filter(user=editor_user).exists()
    # The session verified with the removed device is no longer verified.
    assert redirect_target(client.get("/admin/"))[0] == SETUP_URL


# Which settings turn it on


def test_with_the_switch_off_the_password_alone_opens_the_admin(client, editor_user, settings):
    settings.STAFF_TWO_FACTOR = False
    app_device(editor_user)
    sign_in(client, editor_user)
    assert client.get("/admin/").status_code == 200


def settings_value(module, expression, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"STAFF_TWO_FACTOR", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="www.example.com",
        DATABASE_URL="sqlite:////tmp/practice-two-factor-settings.sqlite3",
        **env,
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_production_settings_require_the_second_factor():
    assert settings_value("practice.settings.production", "settings.STAFF_TWO_FACTOR") == "True"
    middleware = settings_value("practice.settings.production", "','.join(settings.MIDDLEWARE)")
    assert "django_otp.middleware.OTPMiddleware" in middleware
    assert "practice.two_factor.middleware.StaffTwoFactorMiddleware" in middleware


def test_development_settings_keep_the_demo_login_one_step():
    assert settings_value("practice.settings.dev", "settings.STAFF_TWO_FACTOR") == "False"
    assert (
        settings_value(
            "practice.settings.dev", "settings.STAFF_TWO_FACTOR", STAFF_TWO_FACTOR="true"
        )
        == "True"
    )
