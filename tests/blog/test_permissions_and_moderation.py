"""Clinicians write and publish posts and keep their own profile; editors moderate comments.
Anything else is refused."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPostPage, Comment
from tests.factories import (
    BlogPostPageFactory,
    ClinicianPageFactory,
    CommentFactory,
    ConditionPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db


def refused(response):
    """Wagtail answers a forbidden admin page with a 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].rstrip("/").endswith("/admin")
    )


def post_form(**changes):
    data = nested_form_data(
        {
            "title": "Coping with winter",
            "slug": "coping-with-winter",
            "author": changes.pop("author", ""),
            "date": "2026-11-20",
            "summary": "Short days and low mood.",
            "hero_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Some advice.</p>"))]),
            "tags": "",
            "pinned_related": inline_formset([]),
            "comments_open": "on",
        }
        | changes
    )
    return data


def test_clinician_writes_and_publishes_a_post_as_its_author(
    client, clinician_user, blog_index, clinician
):
    client.force_login(clinician_user)
    add_url = f"/admin/pages/add/blog/blogpostpage/{blog_index.pk}/"
    form = client.get(add_url)
    assert form.status_code == 200
    assert form.context["form"].initial["author"] == clinician.pk
    response = client.post(add_url, post_form(author=clinician.pk) | {"action-publish": "publish"})
    assert response.status_code == 302
    post = BlogPostPage.objects.get(slug="coping-with-winter")
    assert post.live and post.author == clinician and post.owner == clinician_user


def test_clinician_can_unpublish_a_post(client, clinician_user, blog_index, practice_settings):
    client.force_login(clinician_user)
    post = BlogPostPageFactory(parent=blog_index, slug="to-withdraw")
    assert client.get(f"/admin/pages/{post.pk}/unpublish/").status_code == 200
    assert client.post(f"/admin/pages/{post.pk}/unpublish/").status_code == 302
    post.refresh_from_db()
    assert not post.live
    client.logout()
    assert client.get("/blog/to-withdraw/").status_code == 404


def test_editor_manages_promoted_search_results_and_redirects(client, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/searchpicks/").status_code == 200
    assert client.get("/admin/searchpicks/add/").status_code == 200
    assert client.get("/admin/redirects/").status_code == 200


def test_clinician_cannot_manage_promoted_search_results(client, clinician_user):
    client.force_login(clinician_user)
    assert refused(client.get("/admin/searchpicks/"))


def test_clinician_cannot_touch_therapy_or_condition_pages(
    client, clinician_user, therapy_index, condition_index
):
    therapy = TherapyPageFactory(parent=therapy_index)
    condition = ConditionPageFactory(parent=condition_index)
    client.force_login(clinician_user)
    assert refused(client.get(f"/admin/pages/{therapy.pk}/edit/"))
    assert refused(client.get(f"/admin/pages/{condition.pk}/edit/"))
    assert refused(client.get(f"/admin/pages/add/therapy_pages/therapypage/{therapy_index.pk}/"))
    assert not therapy.permissions_for_user(clinician_user).can_edit()


def test_clinician_cannot_change_settings_moderate_comments_or_manage_users(
    client, clinician_user, site, blog_index
):
    client.force_login(clinician_user)
    assert refused(client.get(f"/admin/settings/practice/practicesettings/{site.pk}/"))
    assert refused(client.get(f"/admin/settings/blog/blogsettings/{site.pk}/"))
    assert refused(client.get("/admin/snippets/blog/comment/"))
    assert refused(client.get("/admin/users/"))
    assert refused(client.get("/admin/reports/clinical-reviews/"))


def test_clinician_edits_their_own_profile_but_no_one_elses(
    client, clinician_user, clinician, team_index
):
    colleague = ClinicianPageFactory(parent=team_index, title="Dr. Colleague")
    client.force_login(clinician_user)
    assert client.get(f"/admin/pages/{clinician.pk}/edit/").status_code == 200
    assert clinician.permissions_for_user(clinician_user).can_publish()
    assert not clinician.permissions_for_user(clinician_user).can_delete()
    assert refused(client.get(f"/admin/pages/{colleague.pk}/edit/"))
    assert refused(client.get(f"/admin/pages/add/practice/clinicianpage/{team_index.pk}/"))


def test_editor_moderates_comments_with_filters_and_bulk_approve(
    client, editor_user, blog_index, practice_settings
):
    post = BlogPostPageFactory(parent=blog_index, title="A post")
    other = BlogPostPageFactory(parent=blog_index, title="Another post")
    waiting = CommentFactory(post=post, body="Waiting one")
    CommentFactory(post=other, body="On another post")
    CommentFactory(post=post, body="Already approved", status="approved")
    client.force_login(editor_user)

    html = client.get(
        f"/admin/snippets/blog/comment/?status=pending&post={post.pk}"
    ).content.decode()
    assert "Waiting one" in html
    assert "On another post" not in html and "Already approved" not in html
    assert (
        "sam.reader@example.com"
        in client.get(f"/admin/snippets/blog/comment/inspect/{waiting.pk}/").content.decode()
    )

    url = f"/admin/bulk/blog/comment/approve/?next=/admin/snippets/blog/comment/&id={waiting.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "approved" and waiting.moderated_at is not None
    assert "Waiting one" in client.get(post.url).content.decode()


@pytest.mark.parametrize(("action", "status"), [("reject", "rejected"), ("spam", "spam")])
def test_editor_rejects_or_marks_spam_in_bulk(client, editor_user, blog_index, action, status):
    post = BlogPostPageFactory(parent=blog_index)
    comments = [CommentFactory(post=post) for _ in range(3)]
    client.force_login(editor_user)
    ids = "&".join(f"id={c.pk}" for c in comments)
    response = client.post(f"/admin/bulk/blog/comment/{action}/?next=/admin/&{ids}")
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_dashboard_shows_comments_waiting_to_editors(client, editor_user, blog_index):
    post = BlogPostPageFactory(parent=blog_index)
    CommentFactory(post=post)
    client.force_login(editor_user)
    html = client.get("/admin/").content.decode()
    assert "1 comment</strong> waiting for moderation" in html


def test_editor_can_edit_therapy_pages_and_settings(
    client, editor_user, therapy_index, site, practice_settings
):
    therapy = TherapyPageFactory(parent=therapy_index)
    client.force_login(editor_user)
    assert client.get(f"/admin/pages/{therapy.pk}/edit/").status_code == 200
    assert client.get(f"/admin/settings/practice/practicesettings/{site.pk}/").status_code == 200
    assert client.get("/admin/reports/clinical-reviews/").status_code == 200


def test_clinician_schedules_a_post_with_a_go_live_date(
    client, clinician_user, blog_index, clinician
):
    client.force_login(clinician_user)
    add_url = f"/admin/pages/add/blog/blogpostpage/{blog_index.pk}/"
    data = post_form(author=clinician.pk) | {
        "go_live_at": "2099-01-15 09:00",
        "action-publish": "publish",
    }
    assert client.post(add_url, data).status_code == 302
    post = BlogPostPage.objects.get(slug="coping-with-winter")
    assert not post.live
    assert post.get_latest_revision().approved_go_live_at.year == 2099
    assert post.revisions.count() == 1


def test_clinician_dashboard_links_to_their_profile_and_a_new_post(
    client, clinician_user, clinician, blog_index
):
    client.force_login(clinician_user)
    html = client.get("/admin/").content.decode()
    assert f'href="/admin/pages/{clinician.pk}/edit/">Edit your profile</a>' in html
    assert f'href="/admin/pages/add/blog/blogpostpage/{blog_index.pk}/"' in html


def test_the_post_editor_offers_a_clinician_public_pages_only_and_keeps_what_is_chosen(
    client, clinician_user, editor_user, blog_index, clinician, condition_index
):
    live = ConditionPageFactory(parent=condition_index, title="Insomnia", slug="insomnia")
    draft = ConditionPageFactory(parent=condition_index, title="Unreleased 4471", slug="unreleased")
    draft.unpublish()
    chosen_draft = ConditionPageFactory(parent=condition_index, title="Chosen 5582", slug="chosen")
    post = BlogPostPageFactory(parent=blog_index, author=clinician, owner=clinician_user)
    post.related_conditions.set([chosen_draft])
    post.save_revision().publish()
    chosen_draft.unpublish()
    edit_url = f"/admin/pages/{post.pk}/edit/"
    add_url = f"/admin/pages/add/blog/blogpostpage/{blog_index.pk}/"

    client.force_login(clinician_user)
    for url in (edit_url, add_url):
        html = client.get(url).content.decode()
        assert "Insomnia" in html
        assert "Unreleased 4471" not in html
    # A draft an editor chose stays chosen (and named) when the clinician edits the post.
    assert "Chosen 5582" in client.get(edit_url).content.decode()
    assert "Chosen 5582" not in client.get(add_url).content.decode()

    client.force_login(editor_user)
    assert "Unreleased 4471" in client.get(add_url).content.decode()
    assert live.title in client.get(add_url).content.decode()


def test_every_comment_screen_asks_one_policy_that_lets_nobody_add_or_change(admin_user):
    """Comments come from visitors: add and change are nobody's, superusers' included. On Wagtail
    8 the policy is registered by model (wagtail.permissions), so every screen looking it up gets
    the same one and the viewset raises no RemovedInWagtail90Warning; Wagtail 7.4 asks the
    viewset."""
    from blog.comment_admin import COMMENT_POLICY, CommentViewSet

    assert CommentViewSet().permission_policy is COMMENT_POLICY
    try:
        from wagtail.permissions import policy_registry
    except ImportError:  # Wagtail 7.4: no registry
        policy_registry = None
    if policy_registry is not None:
        assert policy_registry.get_by_type(Comment) is COMMENT_POLICY
    assert not COMMENT_POLICY.user_has_permission(admin_user, "add")
    assert not COMMENT_POLICY.user_has_permission(admin_user, "change")
    assert COMMENT_POLICY.user_has_permission(admin_user, "delete")
