"""Comment moderation from the list: one click per comment (approve, reject, spam), the list
opening on the comments waiting, the practice's time, and the visitor's words kept as they wrote
them (no adding or editing a comment in the admin, for anyone)."""

import datetime
import re
from contextlib import contextmanager

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from wagtail.users.models import UserProfile

from blog.models import Comment
from practice.page_cache import HEADER, forget_generation
from tests.factories import BlogPostPageFactory, CommentFactory, SuperUserFactory
from tests.practice.test_page_cache import run_pending_invalidations

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/blog/comment/"
DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


def moderate_url(comment):
    return f"{LIST}moderate/{comment.pk}/"


@pytest.fixture
def post(blog_index, clinician, practice_settings):
    return BlogPostPageFactory(
        parent=blog_index,
        title="What causes anxiety?",
        slug="what-causes-anxiety",
        author=clinician,
    )


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    forget_generation()
    yield
    cache.clear()
    forget_generation()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block as if its transaction committed at the end (so the
    page cache's invalidation, registered once per transaction on commit, runs)."""

    @contextmanager
    def block():
        run_pending_invalidations()  # the set-up's, as if committed before the block
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


def html_of(response):
    return response.content.decode()


def messages_of(response):
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


def test_one_click_approves_and_the_cached_post_shows_it_at_once(
    client, editor_user, post, page_cache, committed
):
    comment = CommentFactory(post=post, name="Sam", body="This helped me sleep.")
    anonymous = Client()
    with committed():
        pass  # what the set-up changed is committed before a visitor comes
    first = anonymous.get(post.url)
    assert "This helped me sleep." not in html_of(first)
    assert anonymous.get(post.url)[HEADER] == "hit"  # the post is in the page cache

    client.force_login(editor_user)
    listing = html_of(client.get(f"{LIST}?p=1"))
    # The row's own small form: a POST with its CSRF token, back to this filter and page.
    assert f'action="{moderate_url(comment)}"' in listing
    assert 'name="csrfmiddlewaretoken"' in listing
    assert f'name="next" value="{LIST}?p=1"' in listing

    with committed():
        response = client.post(moderate_url(comment), {"status": "approved", "next": f"{LIST}?p=1"})
    assert (response.status_code, response["Location"]) == (302, f"{LIST}?p=1")
    assert messages_of(response) == ["Comment by Sam approved: it shows on 'What causes anxiety?'."]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.moderated_at is not None

    shown = anonymous.get(post.url)
    assert shown[HEADER] == "miss"
    assert "This helped me sleep." in html_of(shown)
    # Gone from the Waiting list the editor comes back to.
    assert "This helped me sleep." not in html_of(client.get(f"{LIST}?p=1"))


def test_one_click_reject_hides_an_approved_comment(
    client, editor_user, post, page_cache, committed
):
    comment = CommentFactory(post=post, name="Sam", body="Buy cheap pills.", status="approved")
    anonymous = Client()
    with committed():
        pass
    assert "Buy cheap pills." in html_of(anonymous.get(post.url))
    client.force_login(editor_user)
    with committed():
        response = client.post(moderate_url(comment), {"status": "rejected", "next": LIST})
    assert response["Location"] == LIST
    assert messages_of(response) == [
        "Comment by Sam rejected: it does not show on 'What causes anxiety?'."
    ]
    assert "Buy cheap pills." not in html_of(anonymous.get(post.url))


def test_spam_in_one_click(client, editor_user, post):
    comment = CommentFactory(post=post, name="Sam")
    client.force_login(editor_user)
    response = client.post(moderate_url(comment), {"status": "spam"})
    assert response["Location"] == LIST
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_the_list_opens_on_the_comments_waiting_other_statuses_one_click_away(
    client, editor_user, post
):
    CommentFactory(post=post, body="Waiting words")
    CommentFactory(post=post, body="Approved words", status="approved")
    CommentFactory(post=post, body="Spam words", status="spam")
    client.force_login(editor_user)

    html = html_of(client.get(LIST))
    assert "Waiting words" in html
    assert "Approved words" not in html and "Spam words" not in html
    assert re.search(r'aria-current="page">Waiting \(1\)</a>', html)
    for label in ("Approved (1)", "Rejected (0)", "Spam (1)", "All (3)"):
        assert f">{label}</a>" in html
    # Each waiting row offers the three decisions; nothing else to open first.
    assert ">Approve<" in html and ">Reject<" in html and ">Spam<" in html

    approved = html_of(client.get(f"{LIST}?status=approved"))
    assert "Approved words" in approved and "Waiting words" not in approved
    assert ">Approve<" not in approved  # it already is
    every = html_of(client.get(f"{LIST}?status=all"))
    assert all(words in every for words in ("Waiting words", "Approved words", "Spam words"))


def test_nothing_waiting_says_so_plainly(client, editor_user, post):
    CommentFactory(post=post, status="approved")
    client.force_login(editor_user)
    assert "No comments are waiting." in html_of(client.get(LIST))
    assert "No comments marked spam." in html_of(client.get(f"{LIST}?status=spam"))


def test_the_post_title_links_to_the_live_post(client, editor_user, post):
    CommentFactory(post=post)
    client.force_login(editor_user)
    assert f'<a href="{post.url}">What causes anxiety?</a>' in html_of(client.get(LIST))


def test_times_show_in_the_practices_time_zone_in_us_format(client, editor_user, post):
    comment = CommentFactory(post=post)
    # 03:30 UTC on December 2 is 7:30 p.m. on December 1 in Los Angeles.
    created = datetime.datetime(2026, 12, 2, 3, 30, tzinfo=datetime.UTC)
    Comment.objects.filter(pk=comment.pk).update(created=created, moderated_at=created)
    # Even for an editor who chose another time zone for the admin.
    UserProfile.objects.update_or_create(user=editor_user, defaults={"current_time_zone": "UTC"})
    client.force_login(editor_user)
    assert "December 1, 2026, 7:30 p.m." in html_of(client.get(LIST))
    inspect = html_of(client.get(f"{LIST}inspect/{comment.pk}/"))
    assert inspect.count("December 1, 2026, 7:30 p.m.") == 2  # received and moderated
    assert "03:30" not in inspect and "3:30 a.m." not in inspect


def test_the_email_shows_in_the_admin_only(client, editor_user, post):
    comment = CommentFactory(post=post, status="approved")
    assert "sam.reader@example.com" not in html_of(Client().get(post.url))
    client.force_login(editor_user)
    inspect = html_of(client.get(f"{LIST}inspect/{comment.pk}/"))
    assert 'href="mailto:sam.reader@example.com"' in inspect


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_nobody_adds_a_comment_or_changes_a_visitors_words(client, editor_user, post, who):
    comment = CommentFactory(post=post, name="Sam", body="My own words.")
    user = editor_user if who == "editor" else SuperUserFactory(username="root")
    client.force_login(user)
    changed = {"post": post.pk, "name": "Someone else", "email": "x@example.com", "body": "New."}
    for url in (
        f"{LIST}add/",
        f"{LIST}edit/{comment.pk}/",
        "/admin/snippets/choose/blog/comment/create/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, changed).status_code == 404, url
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.body) == (
        "Sam",
        "sam.reader@example.com",
        "My own words.",
    )
    assert Comment.objects.count() == 1
    # Nothing offers to: no "Add comment", no edit link; the inspect screen reads.
    listing = html_of(client.get(f"{LIST}?status=all"))
    assert f"{LIST}add/" not in listing and "Add comment" not in listing
    assert f"{LIST}edit/" not in listing
    assert f'href="{LIST}inspect/{comment.pk}/"' in listing
    inspect = html_of(client.get(f"{LIST}inspect/{comment.pk}/"))
    assert "My own words." in inspect and f"{LIST}edit/" not in inspect
    assert "<textarea" not in inspect


def test_one_click_moderation_refuses_a_get_and_an_unknown_status(client, editor_user, post):
    comment = CommentFactory(post=post)
    client.force_login(editor_user)
    assert client.get(moderate_url(comment)).status_code == 405
    assert client.post(moderate_url(comment), {"status": "pending"}).status_code == 400
    assert client.post(f"{LIST}moderate/999999/", {"status": "approved"}).status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_one_click_moderation_goes_back_to_the_list_only(client, editor_user, post):
    comment = CommentFactory(post=post)
    client.force_login(editor_user)
    for elsewhere in ("https://example.com/", "//example.com/admin/", "/admin/users/"):
        response = client.post(moderate_url(comment), {"status": "approved", "next": elsewhere})
        assert response["Location"] == LIST


def test_the_inspect_screen_moderates_in_one_click_too(client, editor_user, post):
    comment = CommentFactory(post=post)
    client.force_login(editor_user)
    inspect = html_of(client.get(f"{LIST}inspect/{comment.pk}/"))
    assert f'action="{moderate_url(comment)}"' in inspect


def test_a_clinician_is_refused_every_comment_screen(client, clinician_user, post):
    comment = CommentFactory(post=post, body="Private words of a reader")
    client.force_login(clinician_user)
    for url in (
        LIST,
        f"{LIST}results/",
        f"{LIST}inspect/{comment.pk}/",
        f"{LIST}add/",
        f"{LIST}edit/{comment.pk}/",
        moderate_url(comment),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        assert DENIED_MESSAGE in messages_of(response)
        assert "Private words of a reader" not in html_of(response)
    for status in ("approved", "rejected", "spam"):
        response = client.post(moderate_url(comment), {"status": status, "next": LIST})
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.moderated_at is None


def test_an_anonymous_visitor_is_sent_to_sign_in(client, post):
    comment = CommentFactory(post=post)
    response = client.post(moderate_url(comment), {"status": "approved"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
