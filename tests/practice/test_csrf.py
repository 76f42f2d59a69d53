"""CSRF by construction: a POST to any page keeps Django's CSRF check, except the two public
forms on cached pages (comments, consultation requests), which practice.csrf checks by where the
browser says the form comes from (Sec-Fetch-Site, else Origin, else Referer). No form checks for
itself, so a new form or page type is protected by default."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction, get_page_models

from blog.models import BlogPostPage, Comment
from practice.models import ConsultationRequest, ContactPage, HomePage
from tests.factories import (
    BlogPostPageFactory,
    ContactPageFactory,
    StandardPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db

MESSAGE = "This form can only be sent from our own website."
SAME_ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def post(blog_index, clinician, practice_settings):
    return BlogPostPageFactory(
        parent=blog_index, title="Sleep and worry", slug="sleep-and-worry", author=clinician
    )


@pytest.fixture
def contact(home_page, practice_settings):
    return ContactPageFactory(parent=home_page)


COMMENT = {"name": "Sam", "email": "sam@example.org", "body": "Thank you.", "website": ""}
REQUEST = {
    "name": "Jordan",
    "contact_by": "phone",
    "phone": "310-555-0177",
    "email": "",
    "service_mode": "video",
    "consent": "on",
    "website": "",
}


@pytest.fixture(params=["comment", "consultation"])
def public_form(request, post, contact):
    """(url, data, how many were stored, where a stored one redirects to) for each public form."""
    if request.param == "comment":
        return post.url, COMMENT, Comment.objects.count, f"{post.url}?comment=received#comments"
    return contact.url, REQUEST, ConsultationRequest.objects.count, f"{contact.url}thanks/#top"


def browser():
    return Client(enforce_csrf_checks=True)  # as in production: no test-client exemption


# --- Every other page: Django's CSRF check ------------------------------------------------------


@pytest.fixture
def pages_without_a_public_form(home_page, therapy_index):
    return {
        "home": home_page,
        "standard": StandardPageFactory(parent=home_page, slug="about"),
        "therapy": TherapyPageFactory(parent=therapy_index, slug="psychodynamic-therapy"),
    }


@pytest.mark.parametrize("kind", ["home", "standard", "therapy"])
@pytest.mark.parametrize(
    "headers",
    [{}, SAME_ORIGIN, {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}],
    ids=["no headers", "same origin", "sec-fetch same-origin", "sec-fetch none"],
)
def test_a_post_without_a_token_to_a_page_without_a_public_form_fails_djangos_check(
    pages_without_a_public_form, kind, headers
):
    page = pages_without_a_public_form[kind]
    response = browser().post(page.url, {"q": "x"}, headers=headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please send the form again" in html and "nothing was saved" in html
    if kind != "home":  # the home page's title is the site's name, in every header
        assert page.title not in html
    assert MESSAGE not in html


def test_a_post_with_djangos_token_to_such_a_page_is_answered_like_a_get(
    pages_without_a_public_form,
):
    visitor = browser()
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        visitor.get("/admin/login/").content.decode(),
    ).group(1)
    page = pages_without_a_public_form["standard"]
    response = visitor.post(page.url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_a_post_to_an_address_with_no_page_still_meets_djangos_check_first(home_page):
    assert browser().post("/no-such-page/", headers=SAME_ORIGIN).status_code == 403


def test_the_admin_login_keeps_djangos_csrf_check(db):
    response = browser().post(
        "/admin/login/",
        {"username": "someone", "password": "anything"},
        headers={"Sec-Fetch-Site": "same-origin", **SAME_ORIGIN},
    )
    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content


def test_only_the_two_public_forms_skip_djangos_check():
    """A third page type that posts without a token must be added here, on purpose."""
    skipping = {
        model for model in get_page_models() if model.__dict__.get("accepts_public_form_posts")
    }
    inheriting = {
        model for model in get_page_models() if getattr(model, "accepts_public_form_posts", False)
    }
    assert skipping == inheriting == {BlogPostPage, ContactPage}


# --- The two public forms: where the POST comes from --------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},  # nothing to go by: not a browser on another site; the form's own guards apply
        SAME_ORIGIN,
        {"Referer": "http://testserver/blog/"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # the visitor's own action (bookmark, address bar)
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://TESTSERVER"},
    ],
    ids=["no headers", "origin", "referer", "sec-fetch same-origin", "sec-fetch none", "mixed"],
)
def test_a_public_form_from_this_site_needs_no_token(public_form, headers):
    url, data, stored, thanks = public_form
    response = browser().post(url, data, headers=headers)
    assert response.status_code == 302
    assert response["Location"] == thanks
    assert stored() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "null"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Referer": "https://evil.example/page"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is not this site either
        {"Sec-Fetch-Site": "cross-site", **SAME_ORIGIN},  # the browser's word wins
    ],
    ids=[
        "evil origin",
        "lookalike",
        "null",
        "https",
        "evil referer",
        "cross-site",
        "same-site",
        "cross-site+origin",
    ],
)
def test_a_public_form_from_another_site_is_refused_with_the_message_and_nothing_stored(
    public_form, headers
):
    url, data, stored, _thanks = public_form
    response = browser().post(url, data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 403
    assert MESSAGE in html
    assert "Please send the form from our website" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert stored() == 0


def test_the_refusal_shows_nothing_of_a_restricted_post(post):
    post.body = [("paragraph", "<p>Only for the group.</p>")]
    post.save_revision().publish()
    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret words"
    )
    response = browser().post(post.url, COMMENT, headers={"Origin": "https://evil.example"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Only for the group." not in html and "Sleep and worry" not in html
    # From the site itself, the restriction answers (the password form), not the comment form.
    same_site = browser().post(post.url, COMMENT, headers=SAME_ORIGIN)
    assert "This page needs a password" in same_site.content.decode()
    assert not Comment.objects.exists()


def test_trusted_origins_count_as_this_site(public_form, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.com"]
    url, data, stored, _thanks = public_form
    response = browser().post(url, data, headers={"Origin": "https://www.example.com"})
    assert response.status_code == 302 and stored() == 1


def test_a_public_form_post_routes_the_page_once(post):
    """The CSRF wrapper looks the page up and Wagtail's serve reuses that route."""
    original = HomePage.route
    with mock.patch.object(HomePage, "route", autospec=True, side_effect=original) as route:
        response = browser().post(post.url, COMMENT, headers=SAME_ORIGIN)
    assert response.status_code == 302
    assert route.call_count == 1
