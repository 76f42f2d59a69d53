"""Secure by default: security headers on every public page, a strict Content-Security-Policy, the
admin login lockout, strong passwords and upload limits."""

import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from practice.models import CustomImage
from tests.factories import BlogPostPageFactory, ContactPageFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def public_urls(home_page, blog_index, clinician, practice_settings):
    post = BlogPostPageFactory(parent=blog_index, author=clinician, slug="a-post")
    ContactPageFactory(parent=home_page)
    return ["/", post.url, "/contact/"]


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_public_pages_send_every_security_header(client, public_urls):
    for url in public_urls:
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in permissions, url


def test_public_pages_allow_only_their_own_scripts_and_styles(client, public_urls):
    for url in public_urls:
        directives = csp_directives(client.get(url))
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["object-src"] == ["'none'"], url
        header = client.get(url)["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_public_pages_have_no_inline_scripts_or_styles(client, public_urls):
    """What the CSP forbids must not be in the pages in the first place."""
    for url in public_urls:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        for script in html.split("<script")[1:]:
            tag = script.split(">", 1)[0]
            assert "src=" in tag or 'type="application/ld+json"' in tag, (url, tag)


def test_only_the_admin_gets_the_narrower_exception(admin_client, home_page):
    directives = csp_directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_errors_and_health_check_carry_the_headers_too(client, home_page):
    for url in ("/no-such-page/", "/healthz"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_httponly_and_samesite(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_staff_session_cookie_is_httponly_on_login(client, db):
    UserFactory(username="sam", password=PASSWORD, is_superuser=True, is_staff=True)
    response = client.post("/admin/login/", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


# --- Login lockout ---------------------------------------------------------------------------


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failed_logins_lock_that_user_from_that_address(client, caplog, db):
    UserFactory(username="cassidy", password=PASSWORD, is_staff=True, is_superuser=True)
    for _ in range(4):
        response = log_in(client, "cassidy", "wrong password")
        assert response.status_code == 200  # the form again, with Wagtail's message
    with caplog.at_level(logging.WARNING, logger="axes"):
        fifth = log_in(client, "cassidy", "wrong password")
    assert fifth.status_code == 429
    assert any("lock" in record.getMessage().lower() for record in caplog.records)
    # Even the right password is refused now, with a clear explanation.
    locked = log_in(client, "cassidy", PASSWORD)
    html = locked.content.decode()
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in html
    assert "paused for 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_and_address(client, db):
    UserFactory(username="cassidy", password=PASSWORD, is_staff=True, is_superuser=True)
    UserFactory(username="jordan", password=PASSWORD, is_staff=True, is_superuser=True)
    for _ in range(5):
        log_in(client, "cassidy", "wrong password")
    # The same person from another address, and a colleague from the same address, still get in.
    assert log_in(Client(), "cassidy", PASSWORD, address="198.51.100.2").status_code == 302
    assert log_in(Client(), "jordan", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, db):
    UserFactory(username="cassidy", password=PASSWORD, is_staff=True, is_superuser=True)
    for _ in range(4):
        log_in(client, "cassidy", "wrong password")
    assert log_in(Client(), "cassidy", PASSWORD).status_code == 302
    for _ in range(4):
        log_in(Client(), "cassidy", "wrong password")
    assert log_in(Client(), "cassidy", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "password", ["short1!", "password1234", "123456789012", "cassidy.blair.2026"]
)
def test_weak_passwords_are_refused(password, db):
    user = UserFactory.build(username="cassidy.blair", email="cassidy.blair@example.com")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted(db):
    user = UserFactory.build(username="cassidy.blair")
    validate_password("quiet harbour lantern 42", user)


def test_the_development_admin_is_never_created_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("ensure_dev_admin")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()


# --- Uploads -------------------------------------------------------------------------------


def upload(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Upload",
            "description": "An upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
        },
    )


def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#7a9e7e").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_of_an_allowed_type_uploads(admin_client, root_page):
    response = upload(admin_client, "calm.png", png_bytes())
    assert response.status_code == 302
    assert CustomImage.objects.filter(title="Upload").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "drawing.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "Not a supported image format",
        ),
        ("script.exe", b"MZ\x90\x00", "Upload a valid image"),
        ("not-really.png", b"this is not an image", "Upload a valid image"),
    ],
)
def test_other_files_are_refused_with_a_clear_message(
    admin_client, root_page, name, content, message
):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CustomImage.objects.exists()


def test_images_over_10_mb_are_refused(admin_client, root_page):
    too_big = png_bytes() + b"\0" * (10 * 1024 * 1024)
    response = upload(admin_client, "huge.png", too_big)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not CustomImage.objects.exists()
