"""A clinician's day in the admin, through the real screens: one way to schedule a post, whose
date is then the day it goes live; an editor's approval only when the blog's setting asks for
it; a license number only editors change; a named site; plain labels; Practice details first
under Settings; the Pages menu opening on the home page."""

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPostPage, BlogSettings
from practice.site_name import ensure_site_name
from tests.factories import BlogPostPageFactory, clinician_finder_fields

pytestmark = pytest.mark.django_db


def post_form(author, **changes):
    return nested_form_data(
        {
            "title": "Coping with winter",
            "slug": "coping-with-winter",
            "author": author.pk,
            "date": timezone.localdate().isoformat(),
            "summary": "Short days and low mood.",
            "hero_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Some advice.</p>"))]),
            "tags": "",
            "pinned_related": inline_formset([]),
            "comments_open": "on",
        }
        | changes
    )


def add_url(blog_index):
    return f"/admin/pages/add/blog/blogpostpage/{blog_index.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def local_datetime(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def move_into_the_past(revision):
    """As if the clock had reached the revision's go-live time: it and the go-live time the
    revision carries are a minute ago (the day the post shows is kept in the revision)."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])


# --- Scheduling: "Set schedule" → "Publish on", and the post's date follows it.


def test_the_post_editor_names_the_one_way_to_schedule(client, clinician_user, blog_index):
    client.force_login(clinician_user)
    page = client.get(add_url(blog_index)).content.decode()
    assert "Go-live date" not in page and "under Settings" not in page
    assert "Set schedule" in page  # the status side panel's link to the schedule dialog
    assert "Publish on" in page  # the dialog's field, where Wagtail says "Go-live date/time"
    assert "the post then takes that day as its date" in page


def test_a_post_scheduled_for_tomorrow_shows_tomorrow_once_publish_scheduled_runs(
    client, clinician_user, clinician, blog_index
):
    client.force_login(clinician_user)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    response = client.post(
        add_url(blog_index),
        post_form(clinician, go_live_at=f"{tomorrow.isoformat()} 09:00")
        | {"action-publish": "publish"},
    )
    assert response.status_code == 302
    post = BlogPostPage.objects.get(slug="coping-with-winter")
    assert not post.live  # scheduled, not published
    revision = post.latest_revision
    assert revision.approved_go_live_at == local_datetime(tomorrow, 9)
    assert revision.as_object().date == tomorrow

    # Tomorrow comes: the scheduled revision's go-live time is now behind us.
    move_into_the_past(revision)
    call_command("publish_scheduled")
    post.refresh_from_db()
    assert post.live and post.date == tomorrow
    shown = client.get(post.url).content.decode()
    assert tomorrow.strftime("%B ") + str(tomorrow.day) + tomorrow.strftime(", %Y") in shown


def test_the_date_is_the_go_live_day_in_the_practices_time_zone(
    client, clinician_user, clinician, blog_index
):
    """11:30 p.m. in Los Angeles is already the next day in UTC: the post says the LA day."""
    client.force_login(clinician_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(
        add_url(blog_index),
        post_form(clinician, go_live_at=f"{tomorrow.isoformat()} 23:30")
        | {"action-publish": "publish"},
    )
    revision = BlogPostPage.objects.get(slug="coping-with-winter").latest_revision
    assert revision.approved_go_live_at.astimezone(datetime.UTC).date() > tomorrow
    assert revision.as_object().date == tomorrow


def test_once_live_the_date_is_the_authors_again(client, clinician_user, clinician, blog_index):
    """A published post's date may be edited; a go-live time in the past no longer sets it."""
    post = BlogPostPageFactory(parent=blog_index, author=clinician, slug="coping-with-winter")
    post.go_live_at = timezone.now() - datetime.timedelta(days=3)
    post.save_revision().publish()
    client.force_login(clinician_user)
    response = client.post(
        edit_url(post),
        post_form(clinician, date="2026-11-01", go_live_at="") | {"action-publish": "publish"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.date == datetime.date(2026, 11, 1)


def test_posts_offer_no_show_in_menus(client, clinician_user, clinician, blog_index):
    post = BlogPostPageFactory(parent=blog_index, author=clinician)
    client.force_login(clinician_user)
    page = client.get(edit_url(post)).content.decode()
    assert 'name="seo_title"' in page
    assert 'name="show_in_menus"' not in page


# --- An editor's approval: only when the blog's setting asks for it.


def submit_buttons(html):
    """The distinct "Submit to …" actions offered (each is named twice: button and label)."""
    return sorted(set(re.findall(r"Submit to [^<\"]+", html)))


def test_no_submit_to_when_approval_is_off(client, clinician_user, clinician, blog_index):
    """Wagtail's default "Moderators approval" (on the root, for a group nobody is in) was
    unassigned by blog migration 0004; the blog's setting is off by default."""
    assert not BlogSettings.for_site(Site.objects.get()).posts_need_approval
    assert not WorkflowPage.objects.filter(workflow__active=True).exists()
    post = BlogPostPageFactory(parent=blog_index, author=clinician)
    client.force_login(clinician_user)
    for url in (add_url(blog_index), edit_url(post)):
        page = client.get(url).content.decode()
        assert submit_buttons(page) == []
        assert 'name="action-publish"' in page


def save_blog_settings(client, site, **changes):
    data = nested_form_data(
        {
            "comments_open": "on",
            "comment_note": rich_text("<p>Please be kind.</p>"),
        }
        | changes
    )
    return client.post(f"/admin/settings/blog/blogsettings/{site.pk}/", data)


def test_with_approval_on_a_clinician_submits_and_an_editor_approves(
    client, clinician_user, editor_user, clinician, blog_index
):
    site = Site.objects.get()
    client.force_login(editor_user)
    response = save_blog_settings(client, site, posts_need_approval="on")
    assert response.status_code == 302
    assert BlogSettings.for_site(site).posts_need_approval
    workflow = Workflow.objects.get(name="Editor approval")
    assert workflow.active and WorkflowPage.objects.get(page=blog_index).workflow == workflow

    post = BlogPostPageFactory(parent=blog_index, author=clinician, live=False)
    client.force_login(clinician_user)
    page = client.get(edit_url(post)).content.decode()
    assert submit_buttons(page) == ["Submit to Editor approval"]
    assert 'name="action-publish"' not in page  # the editor publishes, by approving
    assert 'name="action-publish"' not in client.get(add_url(blog_index)).content.decode()
    # Publishing by hand is refused too, not just hidden.
    client.post(edit_url(post), post_form(clinician, slug=post.slug) | {"action-publish": "1"})
    post.refresh_from_db()
    assert not post.live
    response = client.post(
        edit_url(post), post_form(clinician, slug=post.slug) | {"action-submit": "submit"}
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(post.pk), status="in_progress")

    client.force_login(editor_user)
    assert "Coping with winter" in client.get("/admin/").content.decode()  # awaiting review
    response = client.post(
        f"/admin/pages/workflow/action/{post.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    post.refresh_from_db()
    assert post.live

    # Off again: the workflow leaves the blog, the clinician publishes their own posts.
    assert save_blog_settings(client, site).status_code == 302
    assert not WorkflowPage.objects.filter(page=blog_index).exists()
    client.force_login(clinician_user)
    page = client.get(edit_url(post)).content.decode()
    assert submit_buttons(page) == [] and 'name="action-publish"' in page


# --- License numbers: editors set them.


def profile_form(page, **changes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "credentials": page.credentials,
            "role": page.role,
            "license_type": page.license_type,
            "license_number": page.license_number,
            "license_status": "licensed",
            "photo": "",
            "summary": page.summary,
            "bio": rich_text(""),
            "condition_links": inline_formset([]),
            "therapy_links": inline_formset([]),
            "user": page.user_id or "",
            **clinician_finder_fields(page),
        }
        | changes
    )


def test_a_clinician_sees_their_license_read_only_and_cannot_change_it(
    client, clinician_user, clinician
):
    client.force_login(clinician_user)
    page = client.get(edit_url(clinician)).content.decode()
    for name in ("license_type", "license_number"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert "disabled" in field
    assert "Set by an editor" in page
    number = clinician.license_number
    response = client.post(
        edit_url(clinician),
        profile_form(clinician, license_type="LMFT", license_number="99999", summary="New.")
        | {"action-publish": "publish"},
    )
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert clinician.summary == "New."  # the rest of the profile is theirs to edit
    assert (clinician.license_type, clinician.license_number) == ("PSY", number)


def test_an_editor_changes_a_license_number(client, editor_user, clinician):
    client.force_login(editor_user)
    page = client.get(edit_url(clinician)).content.decode()
    field = re.search(r'<input[^>]*name="license_number"[^>]*>', page).group(0)
    assert "disabled" not in field
    response = client.post(
        edit_url(clinician),
        profile_form(clinician, license_number="99999") | {"action-publish": "publish"},
    )
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert clinician.license_number == "99999"


# --- The site's name, the labels and the menus.


def headline(browser):
    page = browser.get("/admin/").content.decode()
    return re.search(r'<h1 class="w-h1[^"]*">(.*?)</h1>', page, re.S).group(1).strip()


def test_the_dashboard_headline_is_the_practices_name(
    admin_client, client, clinician_user, site, practice_settings
):
    """Not Wagtail's "Practice website" (editors) nor the hostname "localhost" (clinicians)."""
    site.site_name = ""
    site.save()
    client.force_login(clinician_user)
    for browser in (admin_client, client):
        assert headline(browser) == practice_settings.practice_name == "Blair Wellness Group"


def test_a_site_without_a_name_takes_the_practices(site, practice_settings):
    site.site_name = ""
    site.save()
    assert ensure_site_name(site) == "Blair Wellness Group"
    site.refresh_from_db()
    assert site.site_name == "Blair Wellness Group"
    site.site_name = "Chosen under Sites"
    site.save()
    assert ensure_site_name(site) == "Chosen under Sites"  # never overwritten


def test_a_site_without_a_name_or_practice_name_takes_wagtail_site_name(site, settings):
    settings.WAGTAIL_SITE_NAME = "Practice website"
    site.site_name = ""
    site.save()
    assert ensure_site_name(site) == "Practice website"


def test_block_menus_use_plain_words(admin_client, therapy_index, condition_index, blog_index):
    pages = [
        admin_client.get(f"/admin/pages/add/therapy_pages/therapypage/{therapy_index.pk}/"),
        admin_client.get(f"/admin/pages/add/therapy_pages/conditionpage/{condition_index.pk}/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert "Questions and answers" in html
        assert "&quot;Faq&quot;" not in html and '"Faq"' not in html
    therapy, condition = (response.content.decode() for response in pages)
    assert "What it is and is not" in therapy and "Areas of focus" in therapy
    assert "&quot;Is not items&quot;" not in therapy
    assert "Second list&#x27;s heading" in therapy
    assert "When to seek help now" in condition and "Common signs" in condition
    blog = admin_client.get(add_url(blog_index)).content.decode()
    assert "Invitation to call" in blog


def sidebar(html):
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.S,
    ).group(1)
    return json.loads(props)


def menu_items(node):
    """Every (adapter name, its properties, the rest of its arguments) of the sidebar's menu,
    submenus included, in order."""
    if isinstance(node, dict):
        if "_type" in node and "_args" in node and node["_args"]:
            first, *rest = node["_args"]
            if isinstance(first, dict):
                yield node["_type"], first, rest
        for value in node.values():
            yield from menu_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from menu_items(value)


def test_practice_details_come_first_under_settings(admin_client, site):
    items = list(menu_items(sidebar(admin_client.get("/admin/").content.decode())))
    settings_menu = next(
        rest
        for kind, item, rest in items
        if kind.endswith("SubMenuItem") and item["name"] == "settings"
    )
    labels = [item["label"] for kind, item, rest in menu_items(settings_menu)]
    assert labels[0] == "Practice details"
    assert labels.index("Blog settings") < labels.index("Workflows")


def test_the_pages_menu_opens_on_the_home_page(admin_client, editor_user, client, home_page):
    for browser in (admin_client, client):
        if browser is client:
            client.force_login(editor_user)
        items = list(menu_items(sidebar(browser.get("/admin/").content.decode())))
        item, (start_page_id,) = next(
            (item, rest) for kind, item, rest in items if kind.endswith("PageExplorerMenuItem")
        )
        assert (item["name"], item["label"], start_page_id) == ("explorer", "Pages", home_page.pk)
        assert item["url"] == f"/admin/pages/{home_page.pk}/"  # its children's listing


def test_a_clinicians_pages_menu_still_opens_where_wagtail_starts_them(
    client, clinician_user, blog_index
):
    client.force_login(clinician_user)
    items = list(menu_items(sidebar(client.get("/admin/").content.decode())))
    start_page_id = next(rest[0] for kind, item, rest in items if kind.endswith("ExplorerMenuItem"))
    assert start_page_id == blog_index.pk  # where their page permissions are


def test_turning_approval_off_returns_waiting_posts_to_their_authors(
    client, clinician_user, editor_user, clinician, blog_index
):
    site = Site.objects.get()
    client.force_login(editor_user)
    save_blog_settings(client, site, posts_need_approval="on")
    post = BlogPostPageFactory(parent=blog_index, author=clinician, live=False)
    client.force_login(clinician_user)
    client.post(edit_url(post), post_form(clinician, slug=post.slug) | {"action-submit": "1"})
    state = WorkflowState.objects.get(object_id=str(post.pk))
    assert state.status == "in_progress"

    client.force_login(editor_user)
    save_blog_settings(client, site)
    state.refresh_from_db()
    assert state.status == "cancelled"
    assert not Workflow.objects.get(name="Editor approval").active
    client.force_login(clinician_user)
    response = client.post(
        edit_url(post), post_form(clinician, slug=post.slug) | {"action-publish": "1"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live


def moderators_migration():
    import importlib

    return importlib.import_module("blog.migrations.0004_unassign_unused_moderators_workflow")


def test_the_default_moderators_workflow_leaves_the_root_only_while_nobody_moderates(
    client, clinician_user, clinician, blog_index
):
    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = moderators_migration()
    post = BlogPostPageFactory(parent=blog_index, author=clinician)
    client.force_login(clinician_user)

    migration.reassign_default_workflow(apps, None)  # the migration reversed: Wagtail's setup
    assert submit_buttons(client.get(edit_url(post)).content.decode()) == [
        "Submit to Moderators approval"
    ]
    migration.unassign_unused_default_workflow(apps, None)
    assert submit_buttons(client.get(edit_url(post)).content.decode()) == []
    assert not Workflow.objects.get(name="Moderators approval").active

    # A practice whose Moderators group has a member keeps Wagtail's workflow.
    migration.reassign_default_workflow(apps, None)
    Group.objects.get(name="Moderators").user_set.add(clinician_user)
    migration.unassign_unused_default_workflow(apps, None)
    assert WorkflowPage.objects.filter(workflow__name="Moderators approval").exists()
