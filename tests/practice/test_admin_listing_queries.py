"""The admin's listings cost the same number of queries with ten rows as with a thousand: the
page explorer's list of blog posts, the dashboard's post panels, the comment moderation list (its
bulk confirmation and chooser too), the consultation requests' follow-up list and the clinical
reviews report. Each is measured on the same listing page, filter and ordering at both sizes (a
second or third page of the thousand where the listing paginates), against a budget. Wagtail's
own page chooser does grow (a few queries per post shown): marked as an expected failure below.

The posts (ten under one blog index, a thousand under another) are written once for the module
with devtools.bulk, in a transaction rolled back after it; comments, requests and condition pages
are added inside a test, ten first and then the rest, in bulk.
"""

import datetime
from contextlib import ExitStack

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Revision, Site

from blog.models import BlogPostPage, Comment
from blog.permissions import ensure_groups
from devtools.bulk import publish_children
from practice.demo import ensure_tree_roots
from practice.models import ConsultationRequest, ConsultationRequestStatusChange
from tests.factories import (
    BlogIndexPageFactory,
    ClinicianPageFactory,
    ConditionIndexPageFactory,
    HomePageFactory,
    TeamIndexPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 1000
START = datetime.date(2024, 1, 1)
COMMENTS = "/admin/snippets/blog/comment/"
REQUESTS = "/admin/snippets/practice/consultationrequest/"
REVIEWS = "/admin/reports/clinical-reviews/"


def bulk_posts(blog_index, count, author):
    """`count` live posts by `author` (who also owns them) under `blog_index`."""
    prefix = blog_index.slug
    publish_children(
        blog_index,
        [
            BlogPostPage(
                title=f"{prefix} post {n:04d}",
                slug=f"{prefix}-post-{n:04d}",
                author=author,
                owner=author.user,
                date=START + datetime.timedelta(days=n),
                summary="A short summary.",
                body=[("paragraph", "<p>Some words about therapy.</p>")],
            )
            for n in range(count)
        ],
    )


def bulk_conditions(condition_index, count, reviewers, start=0):
    """`count` live condition pages, all due in the report: half never reviewed, half reviewed
    a year ago by one of `reviewers` and due today."""
    from therapy_pages.models import ConditionPage

    today = timezone.localdate()

    publish_children(
        condition_index,
        [
            ConditionPage(
                title=f"Condition {n:04d}",
                slug=f"condition-{n:04d}",
                summary="A common difficulty.",
                body=[("signs", {"heading": "Common signs", "intro": "", "items": ["Worry"]})],
                **(
                    {
                        "reviewed_by": reviewers[n % len(reviewers)],
                        "last_reviewed": today - datetime.timedelta(days=365),
                        "next_review_due": today,
                    }
                    if n % 2
                    else {}
                ),
            )
            for n in range(start, start + count)
        ],
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A site with two blog indexes, "small" (ten posts) and "large" (a thousand), each written
    by its own clinician, an editor, and a conditions index with ten conditions."""
    with ExitStack() as outer:
        with django_db_blocker.unblock():
            outer.enter_context(transaction.atomic())
            root = ensure_tree_roots()
            home = HomePageFactory(parent=root, slug="listings-home")
            Site.objects.filter(is_default_site=True).delete()
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
            team = TeamIndexPageFactory(parent=home)
            blogs = {
                "small": BlogIndexPageFactory(parent=home, slug="small", title="Small blog"),
                "large": BlogIndexPageFactory(parent=home, slug="large", title="Large blog"),
            }
            conditions = ConditionIndexPageFactory(parent=home)
            ensure_groups(apps)  # the clinicians' grants on both blog indexes
            editor = UserFactory(username="listings-editor")
            editor.groups.add(Group.objects.get(name="Editors"))
            authors = {}
            for name, blog in blogs.items():
                user = UserFactory(username=f"{name}-clinician")
                user.groups.add(Group.objects.get(name="Clinicians"))
                authors[name] = ClinicianPageFactory(
                    parent=team, title=f"Dr. {name.title()}", slug=f"dr-{name}", user=user
                )
                bulk_posts(blog, SMALL if name == "small" else LARGE, authors[name])
            bulk_conditions(conditions, SMALL, list(authors.values()))
        yield {"blogs": blogs, "authors": authors, "editor": editor, "conditions": conditions}
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.close()
    # Site root paths and renditions of rolled-back rows must not outlive them in the cache.
    cache.clear()


def queries(client, url):
    """The number of queries of one admin response, with Django's cache emptied before it."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def assert_flat(counts, budget):
    """`counts`: {(listing, size): queries}. The same at both sizes, and within the budget."""
    for (label, _size), number in counts.items():
        assert number == counts[(label, "small")], counts
    assert max(counts.values()) <= budget, counts


def measure_cases(client, cases, size):
    """{(label, size): queries} for cases given as (label, small URL, large URL)."""
    return {
        (label, size): queries(client, small if size == "small" else large)
        for label, small, large in cases
    }


# --- Posts ---------------------------------------------------------------------------------------


def test_the_explorer_lists_a_thousand_posts_in_as_many_queries_as_ten(client, world):
    """/admin/pages/<blog index>/: the listing's pages, sorted, filtered by owner and on page 2."""
    small, large = world["blogs"]["small"].pk, world["blogs"]["large"].pk
    owner = {name: author.user.pk for name, author in world["authors"].items()}
    cases = [
        ("first page", f"/admin/pages/{small}/", f"/admin/pages/{large}/"),
        ("second page", f"/admin/pages/{small}/", f"/admin/pages/{large}/?p=2"),
        (
            "by title, one owner",
            f"/admin/pages/{small}/?ordering=title&owner={owner['small']}",
            f"/admin/pages/{large}/?ordering=title&owner={owner['large']}&p=3",
        ),
    ]
    client.force_login(world["editor"])
    client.get(f"/admin/pages/{small}/")  # this process's caches: content types, permissions
    counts = {**measure_cases(client, cases, "small"), **measure_cases(client, cases, "large")}
    assert_flat(counts, budget=40)


def test_a_clinicians_explorer_lists_a_thousand_posts_in_as_many_queries_as_ten(client, world):
    """Their permission checks (blog/permissions.py) are per post, and ask nothing per post."""
    small, large = world["blogs"]["small"].pk, world["blogs"]["large"].pk
    client.force_login(world["authors"]["large"].user)
    client.get(f"/admin/pages/{small}/")
    counts = {
        ("first page", "small"): queries(client, f"/admin/pages/{small}/"),
        ("first page", "large"): queries(client, f"/admin/pages/{large}/?p=2"),
    }
    assert_flat(counts, budget=40)


def schedule(posts):
    """Give each post's revision a go-live moment, as 'Set schedule' and Publish would."""
    Revision.objects.filter(object_id__in=[str(post.pk) for post in posts]).update(
        approved_go_live_at=timezone.now() + datetime.timedelta(days=3)
    )


def posts_of(world, name):
    return BlogPostPage.objects.child_of(world["blogs"][name])


def test_the_editors_scheduled_posts_panel_costs_the_same_for_a_thousand(client, world):
    """The dashboard (/admin/) reads every scheduled post with its author in two queries."""
    client.force_login(world["editor"])
    client.get("/admin/")
    schedule(posts_of(world, "small"))
    counts = {("dashboard", "small"): queries(client, "/admin/")}
    schedule(posts_of(world, "large"))
    counts[("dashboard", "large")] = queries(client, "/admin/")
    html = client.get("/admin/").content.decode()
    assert "Dr. Large" in html and "more" in html  # the panel lists some and counts the rest
    assert_flat(counts, budget=50)


def test_a_clinicians_own_posts_panel_costs_the_same_for_a_thousand(client, world):
    """Drafts, scheduled and recent posts of the clinician signed in: ten posts or a thousand."""
    for name in ("small", "large"):
        posts = list(posts_of(world, name).order_by("path"))
        BlogPostPage.objects.filter(pk__in=[post.pk for post in posts[1::3]]).update(live=False)
        schedule(posts[2::3])
    counts = {}
    for name in ("small", "large"):
        client.force_login(world["authors"][name].user)
        client.get("/admin/")
        counts[("dashboard", name)] = queries(client, "/admin/")
    assert_flat(counts, budget=50)


def test_the_clinical_reviews_report_costs_the_same_for_a_thousand_pages(client, world):
    """Reports → Clinical reviews due (practice/reports.py), on its first page and a later one
    (past the pages never reviewed, to the ones a clinician reviewed)."""
    client.force_login(world["editor"])
    cases = [("first page", REVIEWS, REVIEWS), ("later page", REVIEWS, f"{REVIEWS}?p=12")]
    client.get(REVIEWS)
    counts = measure_cases(client, cases, "small")
    bulk_conditions(world["conditions"], LARGE - SMALL, list(world["authors"].values()), SMALL)
    counts.update(measure_cases(client, cases, "large"))
    assert "Dr. Large" in client.get(f"{REVIEWS}?p=12").content.decode()
    assert_flat(counts, budget=30)


@pytest.mark.xfail(
    strict=True,
    reason="Wagtail's own page chooser (wagtail.admin.views.chooser.BrowseView) counts each "
    "page's children and reads its scheduled revision one page at a time: not a listing this "
    "project defines. Remove this mark once it stops growing.",
)
def test_the_page_chooser_lists_a_thousand_posts_in_as_many_queries_as_ten(client, world):
    client.force_login(world["editor"])
    small, large = world["blogs"]["small"].pk, world["blogs"]["large"].pk
    client.get(f"/admin/choose-page/{small}/")
    counts = {
        ("first page", "small"): queries(client, f"/admin/choose-page/{small}/"),
        ("first page", "large"): queries(client, f"/admin/choose-page/{large}/"),
    }
    assert_flat(counts, budget=60)


# --- Comments ------------------------------------------------------------------------------------

STATUSES = ["pending", "pending", "approved", "rejected", "spam"]


def add_comments(posts, count, start=0):
    """`count` comments in every status, spread over `posts`, in bulk."""
    Comment.objects.bulk_create(
        Comment(
            post=posts[n % len(posts)],
            name=f"Reader {n}",
            email=f"reader{n}@example.com",
            body="Thank you, this helped me sleep. " * (1 + n % 4),
            status=STATUSES[n % len(STATUSES)],
        )
        for n in range(start, start + count)
    )


def test_the_comment_moderation_list_costs_the_same_for_a_thousand_comments(client, world):
    """/admin/snippets/blog/comment/: each status tab, the post filter, a search, the oldest
    first, and the later pages of a thousand comments spread over two hundred posts."""
    posts = list(posts_of(world, "large").order_by("path")[:200]) + list(posts_of(world, "small"))
    chosen = posts[0].pk
    cases = [
        ("waiting", COMMENTS, f"{COMMENTS}?p=2"),
        ("all", f"{COMMENTS}?status=all", f"{COMMENTS}?status=all&p=3"),
        (
            "oldest first",
            f"{COMMENTS}?status=all&ordering=created",
            f"{COMMENTS}?ordering=created&status=all&p=2",
        ),
        (
            "one post",
            f"{COMMENTS}?status=all&post={chosen}",
            f"{COMMENTS}?status=all&post={chosen}",
        ),
        (
            "search",
            f"{COMMENTS}?q=reader&status=approved",
            f"{COMMENTS}?q=reader&status=approved&p=2",
        ),
        ("results only", f"{COMMENTS}results/?status=spam", f"{COMMENTS}results/?status=spam&p=4"),
    ]
    client.force_login(world["editor"])
    add_comments(posts, SMALL)
    client.get(COMMENTS)
    counts = measure_cases(client, cases, "small")
    add_comments(posts, LARGE - SMALL, start=SMALL)
    assert Comment.objects.filter(post_id=chosen).count() > 1
    counts.update(measure_cases(client, cases, "large"))
    assert_flat(counts, budget=22)


def test_the_comments_bulk_confirmation_and_chooser_cost_the_same_for_a_thousand(client, world):
    """Bulk approve's confirmation of every comment chosen ("select all": id=all), ten or a
    thousand of them, and the comment chooser's first and later pages."""
    posts = list(posts_of(world, "large").order_by("path")[:200])
    approve = "/admin/bulk/blog/comment/approve/?id=all"
    chooser = "/admin/snippets/choose/blog/comment/"
    cases = [
        ("approve all", approve, approve),
        ("chooser", chooser, f"{chooser}results/?p=3"),
    ]
    client.force_login(world["editor"])
    add_comments(posts, SMALL)
    client.get(approve)
    counts = measure_cases(client, cases, "small")
    add_comments(posts, LARGE - SMALL, start=SMALL)
    counts.update(measure_cases(client, cases, "large"))
    assert "Approve 1000 comments?" in client.get(approve).content.decode()
    assert_flat(counts, budget=16)


# --- Consultation requests -----------------------------------------------------------------------


def add_requests(count, clinicians, editor, start=0):
    """`count` requests in every status, two in three asking for a clinician, and a recorded
    status change for each one past New (who changed it is shown in the list)."""
    statuses = ConsultationRequest.Status.values
    items = ConsultationRequest.objects.bulk_create(
        ConsultationRequest(
            name=f"Person {n}",
            phone="(310) 555-0142",
            email=f"person{n}@example.com",
            contact_by="phone" if n % 2 else "email",
            availability=["weekday_evening", "weekend"],
            service_mode="video",
            session_state="CA",
            clinician=clinicians[n % len(clinicians)] if n % 3 else None,
            message="I would like to talk about anxiety.",
            consent=True,
            fingerprint=f"listing-{n}",
            status=statuses[n % len(statuses)],
        )
        for n in range(start, start + count)
    )
    ConsultationRequestStatusChange.objects.bulk_create(
        ConsultationRequestStatusChange(request=item, status=item.status, changed_by=editor)
        for item in items
        if item.status != ConsultationRequest.Status.NEW
    )


def test_the_requests_follow_up_list_costs_the_same_for_a_thousand_requests(client, world):
    """/admin/snippets/practice/consultationrequest/: its filters (status, how to reach them,
    way to meet, clinician asked for, state), the oldest first, and later pages."""
    clinicians = list(world["authors"].values())
    asked_for = clinicians[0].pk
    cases = [
        ("newest first", REQUESTS, f"{REQUESTS}?p=2"),
        ("contacted", f"{REQUESTS}?status=contacted", f"{REQUESTS}?status=contacted&p=2"),
        ("clinician", f"{REQUESTS}?clinician={asked_for}", f"{REQUESTS}?clinician={asked_for}&p=3"),
        (
            "phone, video, California, oldest first",
            f"{REQUESTS}?contact_by=phone&service_mode=video&session_state=CA&ordering=created",
            f"{REQUESTS}?contact_by=phone&service_mode=video&session_state=CA&ordering=created&p=4",
        ),
        (
            "results only",
            f"{REQUESTS}results/?status=booked",
            f"{REQUESTS}results/?status=booked&p=2",
        ),
    ]
    client.force_login(world["editor"])
    add_requests(SMALL, clinicians, world["editor"])
    client.get(REQUESTS)
    counts = measure_cases(client, cases, "small")
    add_requests(LARGE - SMALL, clinicians, world["editor"], start=SMALL)
    counts.update(measure_cases(client, cases, "large"))
    html = client.get(f"{REQUESTS}?status=contacted&p=2").content.decode()
    assert "With Dr. " in html and "Mark contacted" not in html and "Booked" in html
    assert_flat(counts, budget=24)
