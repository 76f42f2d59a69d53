"""The dashboard's post panels (blog/dashboard.py): editors see every scheduled post with its author
and the moment it goes live in Los Angeles time; a clinician sees only their own drafts, scheduled
and recent posts, and none of the editors' panels."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group

from tests.factories import BlogPostPageFactory, ClinicianPageFactory, UserFactory

pytestmark = pytest.mark.django_db

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
# Far enough ahead to stay scheduled, at 9:00 a.m. in Los Angeles (17:00 UTC in winter).
GOES_LIVE = datetime.datetime(2030, 12, 3, 9, 0, tzinfo=LA)


def schedule(post, user, when=GOES_LIVE):
    post.go_live_at = when
    post.save_revision(user=user).publish(user=user)
    return post


@pytest.fixture
def colleague(groups, team_index):
    user = UserFactory(username="colleague")
    user.groups.add(Group.objects.get(name="Clinicians"))
    profile = ClinicianPageFactory(
        parent=team_index, title="Dr. Jordan Reyes", slug="dr-jordan-reyes", user=user
    )
    return user, profile


@pytest.fixture
def posts(blog_index, clinician_user, clinician, colleague):
    colleague_user, colleague_profile = colleague
    own_draft = BlogPostPageFactory(
        parent=blog_index, title="Own draft", slug="own-draft", live=False, owner=clinician_user
    )
    own_draft.author = clinician
    own_draft.save_revision(user=clinician_user)
    own_scheduled = BlogPostPageFactory(
        parent=blog_index,
        title="Own scheduled",
        slug="own-scheduled",
        live=False,
        owner=clinician_user,
        author=clinician,
    )
    schedule(own_scheduled, clinician_user)
    own_live = BlogPostPageFactory(
        parent=blog_index, title="Own live", slug="own-live", owner=clinician_user, author=clinician
    )
    own_live.save_revision(user=clinician_user).publish()
    their_draft = BlogPostPageFactory(
        parent=blog_index,
        title="Colleague's secret draft",
        slug="their-draft",
        live=False,
        owner=colleague_user,
        author=colleague_profile,
    )
    their_draft.save_revision(user=colleague_user)
    their_scheduled = BlogPostPageFactory(
        parent=blog_index,
        title="Colleague's scheduled",
        slug="their-scheduled",
        live=False,
        owner=colleague_user,
        author=colleague_profile,
    )
    schedule(their_scheduled, colleague_user, GOES_LIVE + datetime.timedelta(days=1))
    return {
        "own_draft": own_draft,
        "own_scheduled": own_scheduled,
        "own_live": own_live,
        "their_draft": their_draft,
        "their_scheduled": their_scheduled,
    }


def edit_link(post):
    return f'href="/admin/pages/{post.pk}/edit/"'


def test_editor_sees_every_scheduled_post_with_author_and_la_time(
    client, editor_user, posts, practice_settings, clinician, colleague
):
    client.force_login(editor_user)
    html = client.get("/admin/").content.decode()
    assert "Scheduled posts" in html
    assert (
        f"<a {edit_link(posts['own_scheduled'])}>Own scheduled</a>, by {clinician.display_name}: "
        "December 3, 2030, 9:00 a.m."
    ) in html
    assert (
        f"<a {edit_link(posts['their_scheduled'])}>Colleague&#x27;s scheduled</a>, "
        f"by {colleague[1].display_name}: December 4, 2030, 9:00 a.m."
    ) in html
    assert html.index("Own scheduled") < html.index("Colleague&#x27;s scheduled")  # soonest first
    # Drafts are not scheduled posts; the clinician's own panel is not an editor's.
    assert "Own draft" not in html and "Your posts" not in html


def test_editor_with_nothing_scheduled_is_told_so(client, editor_user, blog_index):
    client.force_login(editor_user)
    assert "No posts are scheduled." in client.get("/admin/").content.decode()


def test_clinician_sees_only_their_own_drafts_scheduled_and_recent_posts(
    client, clinician_user, posts, practice_settings
):
    client.force_login(clinician_user)
    html = client.get("/admin/").content.decode()
    assert "Your posts" in html
    assert f"<a {edit_link(posts['own_draft'])}>Own draft</a>" in html
    assert (
        f"<a {edit_link(posts['own_scheduled'])}>Own scheduled</a>: goes live "
        "December 3, 2030, 9:00 a.m."
    ) in html
    assert f"<a {edit_link(posts['own_live'])}>Own live</a>" in html
    assert "Colleague" not in html
    # No editor panels.
    for heading in ("Scheduled posts", "Notice banner", "Clinical reviews", "Comments"):
        assert f">{heading}<" not in html, heading
    assert "Mark reviewed today" not in html


def test_a_live_post_with_unpublished_changes_says_so(client, clinician_user, posts):
    live = posts["own_live"]
    live.title = "Own live, revised"
    live.save_revision(user=clinician_user)
    client.force_login(clinician_user)
    html = client.get("/admin/").content.decode()
    assert "Own live</a> (changes not yet published)" in html


def test_clinician_with_no_posts_sees_calm_empty_lists(client, clinician_user, blog_index):
    client.force_login(clinician_user)
    html = client.get("/admin/").content.decode()
    assert "No drafts." in html and "Nothing scheduled." in html
    assert "Nothing published yet." in html
