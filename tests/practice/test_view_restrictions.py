"""Pages an editor made private can be opened by the people they are meant for: the right
password shows the page, a sign-in brings staff back to it, and a group sees what it is shared
with. Everything goes through the real URLs, forms and Django's CSRF protection (enforced)."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import resolve, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from practice.restricted_pages import sign_in_for_page
from tests.factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE_PASSWORD = "blue heron at dawn"
STAFF_PASSWORD = "correct horse battery staple"  # UserFactory's
SECRET = "Notes for the Thursday group only."


@pytest.fixture
def private_page(home_page, practice_settings):
    return StandardPageFactory(
        parent=home_page,
        title="Group schedule",
        slug="group-schedule",
        summary="When the Thursday group meets.",
        body=[("paragraph", f"<p>{SECRET}</p>")],
    )


def restrict(page, restriction_type, password="", groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password=password
    )
    restriction.groups.set(groups)
    return restriction


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def form_action(html):
    return re.search(r'<form class="contact-form" method="post" action="([^"]+)"', html).group(1)


def send_password(visitor, form, password, return_url):
    """Post the password form `form` (its HTML, as `visitor` got it) with its own CSRF token."""
    return visitor.post(
        form_action(form),
        {"csrfmiddlewaretoken": csrf_token(form), "password": password, "return_url": return_url},
    )


def test_wagtails_password_and_login_urls_reach_their_views_not_the_page_pattern():
    assert resolve("/_util/authenticate_with_password/1/2/").url_name == (
        "wagtailcore_authenticate_with_password"
    )
    assert resolve("/_util/login/").func is sign_in_for_page
    assert reverse("wagtailcore_login") == "/_util/login/"


# --- A shared password -------------------------------------------------------------------------


def test_a_password_protected_page_shows_the_sites_own_password_form(private_page):
    restriction = restrict(private_page, PageViewRestriction.PASSWORD, PAGE_PASSWORD)
    response = Client(enforce_csrf_checks=True).get(private_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This page needs a password" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert 'class="site-header"' in html and "Blair Wellness Group" in html
    action = f"/_util/authenticate_with_password/{restriction.pk}/{private_page.pk}/"
    assert form_action(html) == action
    assert 'autocomplete="current-password"' in html
    assert '<meta name="robots" content="noindex">' in html
    # Nothing of the page itself before the password: not its words, title, summary or JSON-LD.
    for hidden in (SECRET, "Group schedule", "When the Thursday group meets.", "ld+json"):
        assert hidden not in html
    # It runs under the strict public CSP: no inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "style=" not in html and "<style" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_wrong_password_is_refused_with_a_message_and_the_page_stays_closed(private_page):
    restrict(private_page, PageViewRestriction.PASSWORD, PAGE_PASSWORD)
    visitor = Client(enforce_csrf_checks=True)
    form = visitor.get(private_page.url).content.decode()
    response = send_password(visitor, form, "not it", private_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The password you have entered is not correct. Please try again." in html
    assert 'aria-invalid="true"' in html and 'class="field field--error"' in html
    assert SECRET not in html
    assert SECRET not in visitor.get(private_page.url).content.decode()


def test_guessing_the_password_is_paused_after_ten_tries_even_with_the_right_one(private_page):
    restrict(private_page, PageViewRestriction.PASSWORD, PAGE_PASSWORD)
    visitor = Client(enforce_csrf_checks=True)
    form = visitor.get(private_page.url).content.decode()

    def attempt(password):
        return send_password(visitor, form, password, private_page.url)

    assert [attempt(f"guess {n}").status_code for n in range(10)] == [200] * 10
    response = attempt(PAGE_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "this form is paused for a few minutes" in html
    assert 'aria-invalid="true"' in html
    assert SECRET not in html
    assert SECRET not in visitor.get(private_page.url).content.decode()
    # Another address is not held up by this one's tries.
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    other_form = other.get(private_page.url).content.decode()
    opened = send_password(other, other_form, PAGE_PASSWORD, private_page.url)
    assert opened.status_code == 302


def test_the_right_password_through_the_real_form_opens_the_page_for_that_visitor(private_page):
    restrict(private_page, PageViewRestriction.PASSWORD, PAGE_PASSWORD)
    visitor = Client(enforce_csrf_checks=True)
    form = visitor.get(private_page.url).content.decode()
    response = send_password(
        visitor, form, PAGE_PASSWORD, re.search(r'name="return_url" value="([^"]+)"', form).group(1)
    )
    assert response.status_code == 302
    assert response["Location"] == private_page.url
    page = visitor.get(private_page.url)
    assert page.status_code == 200
    assert SECRET in page.content.decode()
    assert "no-cache" in page["Cache-Control"]  # never kept by a shared cache
    # Only this visitor's session has passed; a stranger still gets the form.
    assert SECRET not in Client().get(private_page.url).content.decode()


def test_the_password_form_keeps_djangos_csrf_protection(private_page):
    restriction = restrict(private_page, PageViewRestriction.PASSWORD, PAGE_PASSWORD)
    response = Client(enforce_csrf_checks=True).post(
        f"/_util/authenticate_with_password/{restriction.pk}/{private_page.pk}/",
        {"password": PAGE_PASSWORD, "return_url": private_page.url},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 403
    assert b"Please send the form again" in response.content


def test_the_password_form_sends_nobody_off_the_site(private_page):
    restrict(private_page, PageViewRestriction.PASSWORD, PAGE_PASSWORD)
    visitor = Client(enforce_csrf_checks=True)
    form = visitor.get(private_page.url).content.decode()
    response = send_password(visitor, form, PAGE_PASSWORD, "https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# --- Signed-in staff ---------------------------------------------------------------------------


def test_a_login_restriction_sends_the_visitor_to_sign_in_and_back_to_the_page(
    private_page, clinician_user
):
    restrict(private_page, PageViewRestriction.LOGIN)
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(private_page.url)
    assert first.status_code == 302
    assert first["Location"] == "/_util/login/?next=/group-schedule/"
    assert SECRET not in first.content.decode()
    to_sign_in = visitor.get(first["Location"])
    assert to_sign_in.status_code == 302
    assert to_sign_in["Location"] == "/admin/login/?next=/group-schedule/"
    login_form = visitor.get(to_sign_in["Location"]).content.decode()
    signed_in = visitor.post(
        to_sign_in["Location"],
        {
            "csrfmiddlewaretoken": csrf_token(login_form),
            "username": "cassidy.blair",
            "password": STAFF_PASSWORD,
            "next": "/group-schedule/",
        },
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/group-schedule/"
    page = visitor.get(signed_in["Location"])
    assert page.status_code == 200
    assert SECRET in page.content.decode()


def test_the_front_end_login_is_not_a_second_sign_in_form(db):
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/_util/login/?next=/about/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/?next=/about/"
    assert visitor.post("/_util/login/", {"username": "x", "password": "y"}).status_code in (
        403,  # Django's CSRF check comes first
        405,
    )
    off_site = visitor.get("/_util/login/?next=https://evil.example/")
    assert off_site["Location"] == "/admin/login/?next=/"


def test_a_group_restriction_refuses_staff_outside_the_group_and_shows_it_to_members(
    private_page, clinician_user, editor_user
):
    restrict(private_page, PageViewRestriction.GROUPS, groups=[Group.objects.get(name="Editors")])
    anonymous = Client().get(private_page.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/_util/login/?next=/group-schedule/"

    clinician = Client()
    clinician.force_login(clinician_user)
    refused = clinician.get(private_page.url, follow=True)
    html = refused.content.decode()
    assert refused.status_code == 403
    assert refused.redirect_chain == [("/_util/login/?next=/group-schedule/", 302)]
    assert "This page isn't shared with your account" in html
    assert "cassidy.blair" in html and SECRET not in html

    editor = Client()
    editor.force_login(editor_user)
    page = editor.get(private_page.url)
    assert page.status_code == 200
    assert SECRET in page.content.decode()


def test_a_restriction_on_a_parent_covers_its_children(private_page):
    child = StandardPageFactory(
        parent=private_page, slug="room", body=[("paragraph", "<p>Room 4.</p>")]
    )
    restrict(private_page, PageViewRestriction.LOGIN)
    response = Client().get(child.url)
    assert response.status_code == 302
    assert response["Location"] == f"/_util/login/?next={child.url}"
    user = UserFactory(username="reader")
    signed_in = Client()
    signed_in.force_login(user)
    assert "Room 4." in signed_in.get(child.url).content.decode()


# --- Staff who still owe the second factor ------------------------------------------------------


def code_for(device):
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token.time = time.time()
    return f"{token.token():0{device.digits}d}"


@pytest.mark.parametrize(
    "restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
def test_a_password_without_the_second_factor_does_not_open_a_private_page(
    private_page, editor_user, settings, restriction_type
):
    settings.STAFF_TWO_FACTOR = True  # as under the production settings
    restrict(private_page, restriction_type, groups=[Group.objects.get(name="Editors")])
    device = TOTPDevice.objects.create(user=editor_user, name="Authenticator app", confirmed=True)
    visitor = Client(enforce_csrf_checks=True)
    sign_in = "/admin/login/?next=/group-schedule/"
    login_form = visitor.get(sign_in).content.decode()
    signed_in = visitor.post(
        sign_in,
        {
            "csrfmiddlewaretoken": csrf_token(login_form),
            "username": "editor",
            "password": STAFF_PASSWORD,
            "next": "/group-schedule/",
        },
    )
    assert signed_in["Location"] == "/group-schedule/"
    held = visitor.get("/group-schedule/")
    assert held.status_code == 302
    assert held["Location"] == "/admin/two-factor/code/?next=%2Fgroup-schedule%2F"
    assert SECRET not in held.content.decode()
    # /_util/login/ (where Wagtail sends a visitor it does not let in) says the same.
    assert visitor.get("/_util/login/?next=/group-schedule/")["Location"] == held["Location"]

    code_screen = visitor.get(held["Location"]).content.decode()
    verified = visitor.post(
        held["Location"],
        {
            "csrfmiddlewaretoken": csrf_token(code_screen),
            "code": code_for(device),
            "next": "/group-schedule/",
        },
    )
    assert verified.status_code == 302 and verified["Location"] == "/group-schedule/"
    assert SECRET in visitor.get("/group-schedule/").content.decode()


def test_the_second_factor_is_not_asked_for_public_pages(private_page, editor_user, settings):
    settings.STAFF_TWO_FACTOR = True
    signed_in = Client()
    signed_in.force_login(editor_user)
    response = signed_in.get(private_page.url)
    assert response.status_code == 200 and SECRET in response.content.decode()


def test_a_password_without_the_second_factor_does_not_open_a_private_document(
    editor_user, settings
):
    settings.STAFF_TWO_FACTOR = True
    collection = Collection.get_first_root_node().add_child(name="Group handouts")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Thursday handout",
        collection=collection,
        file=ContentFile(b"For the Thursday group only.", name="handout.txt"),
    )
    TOTPDevice.objects.create(user=editor_user, name="Authenticator app", confirmed=True)
    signed_in = Client()
    signed_in.force_login(editor_user)  # the password, not the code
    held = signed_in.get(document.url)
    assert held.status_code == 302
    assert held["Location"].startswith("/admin/two-factor/code/?next=")
    assert b"Thursday group" not in held.content
    # With the restriction lifted, the second factor is not asked for the file.
    restriction.delete()
    assert signed_in.get(document.url).status_code == 200
