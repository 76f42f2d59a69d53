"""Who may do what, as one table: four actors against every admin area and action.

Read `POLICY` first: each row is an action, each column an actor, each cell what must happen.

- ALLOWED: a screen answers 200; a form post answers with its usual redirect (or the modal's
  200) and the change is really made.
- LOGIN: an anonymous visitor is sent to the admin login, `?next=` the page asked for.
- DENIED: Wagtail 7.4's answer to a signed-in user without the right: a 302 to the dashboard
  (`/admin/`) with "Sorry, you do not have permission to access this area." (Wagtail turns every
  PermissionDenied inside the admin into that redirect; it never answers 403 to a browser.)
- BLOG_ONLY: the page explorer opens on the blog, the only part of the tree the actor works in.
- SKIPPED: Wagtail's bulk actions do not refuse; they skip the items the user may not touch and
  go back to the listing, so nothing changes.

An allowed screen must show what it is for and a refused one none of it; an allowed form post
must make its change and a refused one change nothing. The tests after the matrix check the
public side: drafts, unpublished and scheduled posts, revisions and previews never reach an
anonymous visitor, and their words appear nowhere.

The actors and pages are built once for the module (`world`), inside a transaction rolled back at
the end, rather than once for each of the 220-odd cases; each case runs in its own savepoint, so
a case that deletes a page leaves the next one its page.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogSettings, Comment
from blog.permissions import ensure_groups
from practice.demo import ensure_tree_roots
from practice.models import (
    ConsultationRequest,
    CustomImage,
    Language,
    OfficeLocation,
    PracticeSettings,
)
from tests.blog.test_permissions_and_moderation import post_form
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ClinicianPageFactory,
    CommentFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
    HomePageFactory,
    SuperUserFactory,
    TeamIndexPageFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
    UserFactory,
    clinician_finder_fields,
)
from tests.practice.test_practice_settings import settings_form_data
from therapy_pages.models import ConditionPage, Population

pytestmark = pytest.mark.django_db

ANONYMOUS, CLINICIAN, EDITOR, ADMIN = "anonymous", "clinician", "editor", "admin"
ACTORS = (ANONYMOUS, CLINICIAN, EDITOR, ADMIN)
ALLOWED, LOGIN, DENIED, BLOG_ONLY, SKIPPED = "allowed", "login", "denied", "blog only", "skipped"

# Text that exists only in unpublished drafts: it must never reach a visitor.
SECRET = "Draft-only sentence 7431"

# fmt: off
POLICY = {
    # action                                           anonymous  clinician  editor     admin
    # The admin itself: every account in a group may sign in.
    "see the dashboard":                             (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "browse the page tree":                          (LOGIN,     BLOG_ONLY, ALLOWED,   ALLOWED),
    "browse the blog's posts":                       (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    # Therapy and condition pages are the editors' work.
    "open a therapy page's editor":                  (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "save a therapy page draft":                     (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "view a therapy page's unpublished draft":       (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "view a therapy page's old revision":            (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "preview changes to a therapy page":             (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "add a condition page":                          (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "delete a therapy page":                         (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # The clinician's own post (they own it and are its author).
    "save own post":                                 (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "publish own draft post":                        (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "unpublish own post":                            (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    # Clinicians hold change_page and publish_page on the blog (blog/permissions.py), so they
    # may correct and publish a colleague's post; the README gives them no deleting ("nothing
    # else"). Wagtail's bulk actions skip what the user may not do rather than refuse.
    "save a colleague's post":                       (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "publish a colleague's post":                    (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "delete a colleague's post":                     (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "delete a colleague's post in bulk":             (LOGIN,     SKIPPED,   ALLOWED,   ALLOWED),
    # Clinicians work on the posts *under* the blog, not on the blog's own page.
    "edit the blog index page":                      (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "unpublish the whole blog":                      (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "unpublish the whole blog in bulk":              (LOGIN,     SKIPPED,   ALLOWED,   ALLOWED),
    "password-protect the whole blog":               (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # Privacy settings are the editors' call on every page, the clinician's own included.
    "password-protect own post":                     (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "password-protect own clinician profile":        (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # A clinician keeps the profile linked to their account, and only that one.
    "publish own clinician profile":                 (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "save a colleague's clinician profile":          (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # Images: everyone who writes may upload.
    "upload an image":                               (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    # Site settings and comment moderation. Comments' e-mail addresses are never published.
    "change the practice details":                   (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "close comments in blog settings":               (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "list comments":                                 (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "read a commenter's e-mail":                     (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "approve comments in bulk":                      (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "approve a comment in one click":                (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "reject a comment in one click":                 (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "see every comment on the bulk approve screen":  (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "delete a comment":                              (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # Consultation requests hold personal contact details: editors handle them, nobody else.
    "list consultation requests":                    (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # Wagtail's snippet choosers list every request and comment; only editors may open them.
    "choose a consultation request":                 (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "choose a comment":                              (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "read a consultation request":                   (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "mark a consultation request contacted":         (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "delete a consultation request":                 (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "see every requester on the bulk delete screen": (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # The editors' other tools.
    "see the clinical reviews report":               (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "mark a condition page reviewed today":          (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "read the site history":                         (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "add a population":                              (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "add a language":                                (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "add an office location":                        (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # Availability: a clinician confirms their own profile's; editors anyone's.
    "confirm own profile's availability":            (LOGIN,     ALLOWED,   ALLOWED,   ALLOWED),
    "confirm a colleague's availability":            (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "add a redirect":                                (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    "promote a search result":                       (LOGIN,     DENIED,    ALLOWED,   ALLOWED),
    # Accounts, groups and sites: superusers only.
    "list users":                                    (LOGIN,     DENIED,    DENIED,    ALLOWED),
    "make the editor a superuser":                   (LOGIN,     DENIED,    DENIED,    ALLOWED),
    "list groups":                                   (LOGIN,     DENIED,    DENIED,    ALLOWED),
    "manage sites":                                  (LOGIN,     DENIED,    DENIED,    ALLOWED),
}
# fmt: on


def build_world():
    """Everything the cases act on: the four actors' accounts, a colleague, the page tree with
    posts in every state, a comment and a consultation request."""
    w = SimpleNamespace()
    w.home = HomePageFactory(parent=ensure_tree_roots())
    Site.objects.filter(is_default_site=True).delete()
    w.site = Site.objects.create(
        hostname="localhost", port=80, root_page=w.home, is_default_site=True, site_name="Test"
    )
    details = PracticeSettings.for_site(w.site)
    details.practice_name = "Blair Wellness Group"
    details.phone = "310-999-4996"
    details.save()
    ensure_groups(apps)

    # As the `clinician_user` and `editor_user` fixtures make them, plus a colleague.
    clinicians = Group.objects.get(name="Clinicians")
    w.users = {
        CLINICIAN: UserFactory(username="cassidy.blair"),
        EDITOR: UserFactory(username="editor"),
        ADMIN: SuperUserFactory(username="admin"),
    }
    w.users[CLINICIAN].groups.add(clinicians)
    w.users[EDITOR].groups.add(Group.objects.get(name="Editors"))
    w.colleague = UserFactory(username="colleague")
    w.colleague.groups.add(clinicians)

    w.team = TeamIndexPageFactory(parent=w.home)
    w.profile = ClinicianPageFactory(
        parent=w.team, title="Dr. Cassidy Blair", slug="dr-cassidy-blair", user=w.users[CLINICIAN]
    )
    w.colleague_profile = ClinicianPageFactory(
        parent=w.team, title="Dr. Colleague", slug="dr-colleague", user=w.colleague
    )

    w.blog = BlogIndexPageFactory(parent=w.home)
    clinician = w.users[CLINICIAN]
    w.own_post = BlogPostPageFactory(
        parent=w.blog, title="Own post", slug="own", owner=clinician, author=w.profile
    )
    w.colleague_post = BlogPostPageFactory(
        parent=w.blog,
        title="Colleague's post",
        slug="colleague",
        owner=w.colleague,
        author=w.colleague_profile,
    )
    w.colleague_draft = BlogPostPageFactory(
        parent=w.blog, slug="colleague-draft", live=False, owner=w.colleague
    )
    # Never published.
    w.draft_post = BlogPostPageFactory(
        parent=w.blog,
        title=f"Draft post {SECRET}",
        slug="draft",
        live=False,
        owner=clinician,
        author=w.profile,
        body=[("paragraph", f"<p>{SECRET}</p>")],
    )
    w.draft_post.save_revision(user=clinician)
    # Published once, then taken down.
    w.unpublished_post = BlogPostPageFactory(
        parent=w.blog, title=f"Withdrawn {SECRET}", slug="withdrawn", owner=clinician
    )
    w.unpublished_post.save_revision(user=clinician).publish()
    w.unpublished_post.unpublish()
    # Approved to go live in a year.
    w.scheduled_post = BlogPostPageFactory(
        parent=w.blog, title=f"Scheduled {SECRET}", slug="scheduled", live=False, owner=clinician
    )
    w.scheduled_post.go_live_at = timezone.now() + datetime.timedelta(days=365)
    w.scheduled_post.save_revision(user=clinician).publish()
    # Live, with newer words saved as a draft only.
    w.revised_post = BlogPostPageFactory(
        parent=w.blog, title="Revised post", slug="revised", owner=clinician
    )
    w.revised_post.save_revision(user=clinician).publish()
    w.revised_post.body = [("paragraph", f"<p>{SECRET}</p>")]
    w.revised_post.save_revision(user=clinician)

    w.therapies = TherapyIndexPageFactory(parent=w.home)
    w.therapy = TherapyPageFactory(parent=w.therapies, title="Psychodynamic therapy", slug="pdt")
    w.therapy_first_revision = w.therapy.save_revision()
    w.therapy_first_revision.publish()
    w.therapy.summary = SECRET
    w.therapy.save_revision()
    w.conditions = ConditionIndexPageFactory(parent=w.home)
    w.overdue_condition = ConditionPageFactory(
        parent=w.conditions,
        title="Insomnia",
        slug="insomnia",
        reviewed_by=w.profile,
        last_reviewed=datetime.date(2024, 1, 10),
    )
    w.overdue_condition.save_revision().publish()

    w.comment = CommentFactory(post=w.own_post, body="Thank you, this helped.")
    w.request = ConsultationRequest.objects.create(
        name="Pat Private", phone="310-555-0100", consent=True, fingerprint="matrix"
    )
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def latest(page):
    """The page as its newest revision (draft or live) has it, read afresh from the database."""
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def png_upload():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 180, 160)).save(buffer, "PNG")
    return SimpleUploadedFile("room.png", buffer.getvalue(), content_type="image/png")


def therapy_form(**changes):
    return nested_form_data(
        {
            "title": "Psychodynamic therapy",
            "slug": "pdt",
            "summary": "A depth psychotherapy.",
            "body": streamfield([("paragraph", rich_text("<p>How it works.</p>"))]),
            "reviewed_by": "",
            "last_reviewed": "",
            "next_review_due": "",
        }
        | changes
    )


def condition_form():
    return nested_form_data(
        {
            "title": "Grief",
            "slug": "grief",
            "summary": "Loss and what follows.",
            "body": streamfield([("paragraph", rich_text("<p>Grief takes time.</p>"))]),
            "reviewed_by": "",
            "last_reviewed": "",
            "next_review_due": "",
        }
    )


def profile_form(page, **changes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "credentials": "Psy.D.",
            "role": "Licensed Clinical Psychologist",
            "license_type": "PSY",
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


def blog_index_form(**changes):
    return nested_form_data({"title": "Blog", "slug": "blog", "intro": rich_text("")} | changes)


@dataclass(frozen=True)
class Action:
    """One row of the matrix: the request to make and, for a form post, how to see that it did
    its work (`done`) and where Wagtail sends the user afterwards (`then`)."""

    url: Callable
    data: Callable | None = None  # a POST when given
    done: Callable | None = None
    then: Callable | None = None  # None: the allowed post answers 200 (a modal's JSON)
    shows: str | None = None  # text the allowed answer holds; a refused one never does


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def explore_url(page):
    return f"/admin/pages/{page.pk}/"


ACTIONS = {
    "see the dashboard": Action(url=lambda w: "/admin/", shows="Dashboard"),
    "browse the page tree": Action(url=lambda w: explore_url(w.home), shows="Therapies"),
    "browse the blog's posts": Action(url=lambda w: explore_url(w.blog), shows="Own post"),
    "open a therapy page's editor": Action(
        url=lambda w: edit_url(w.therapy), shows="Psychodynamic therapy"
    ),
    "save a therapy page draft": Action(
        url=lambda w: edit_url(w.therapy),
        data=lambda w: therapy_form(title="Psychodynamic therapy, revised"),
        done=lambda w: latest(w.therapy).title == "Psychodynamic therapy, revised",
        then=lambda w: edit_url(w.therapy),
    ),
    "view a therapy page's unpublished draft": Action(
        url=lambda w: f"/admin/pages/{w.therapy.pk}/view_draft/", shows=SECRET
    ),
    "view a therapy page's old revision": Action(
        url=lambda w: f"/admin/pages/{w.therapy.pk}/revisions/{w.therapy_first_revision.pk}/view/",
        shows="Psychodynamic therapy",
    ),
    "preview changes to a therapy page": Action(
        url=lambda w: f"/admin/pages/{w.therapy.pk}/edit/preview/",
        data=lambda w: therapy_form(summary="Previewed words."),
        shows='"is_valid": true',
    ),
    "add a condition page": Action(
        url=lambda w: f"/admin/pages/add/therapy_pages/conditionpage/{w.conditions.pk}/",
        data=lambda w: condition_form(),
        done=lambda w: ConditionPage.objects.filter(slug="grief").exists(),
        then=lambda w: edit_url(ConditionPage.objects.get(slug="grief")),
    ),
    "delete a therapy page": Action(
        url=lambda w: f"/admin/pages/{w.therapy.pk}/delete/",
        data=lambda w: {},
        done=lambda w: not Page.objects.filter(pk=w.therapy.pk).exists(),
        then=lambda w: explore_url(w.therapies),
    ),
    "save own post": Action(
        url=lambda w: edit_url(w.own_post),
        data=lambda w: post_form(title="Own post, revised", slug="own", author=w.profile.pk),
        done=lambda w: latest(w.own_post).title == "Own post, revised",
        then=lambda w: edit_url(w.own_post),
    ),
    "publish own draft post": Action(
        url=lambda w: edit_url(w.draft_post),
        data=lambda w: (
            post_form(title="Ready", slug="draft", author=w.profile.pk)
            | {"action-publish": "publish"}
        ),
        done=lambda w: fresh(w.draft_post).live and fresh(w.draft_post).title == "Ready",
        then=lambda w: explore_url(w.blog),
    ),
    "unpublish own post": Action(
        url=lambda w: f"/admin/pages/{w.own_post.pk}/unpublish/",
        data=lambda w: {},
        done=lambda w: not fresh(w.own_post).live,
        then=lambda w: explore_url(w.blog),
    ),
    "save a colleague's post": Action(
        url=lambda w: edit_url(w.colleague_post),
        data=lambda w: post_form(
            title="Colleague's post, corrected", slug="colleague", author=w.colleague_profile.pk
        ),
        done=lambda w: latest(w.colleague_post).title == "Colleague's post, corrected",
        then=lambda w: edit_url(w.colleague_post),
    ),
    "publish a colleague's post": Action(
        url=lambda w: edit_url(w.colleague_draft),
        data=lambda w: (
            post_form(title="Colleague's draft", slug="colleague-draft")
            | {"action-publish": "publish"}
        ),
        done=lambda w: fresh(w.colleague_draft).live,
        then=lambda w: explore_url(w.blog),
    ),
    "delete a colleague's post": Action(
        url=lambda w: f"/admin/pages/{w.colleague_post.pk}/delete/",
        data=lambda w: {},
        done=lambda w: not Page.objects.filter(pk=w.colleague_post.pk).exists(),
        then=lambda w: explore_url(w.blog),
    ),
    "delete a colleague's post in bulk": Action(
        url=lambda w: (
            f"/admin/bulk/wagtailcore/page/delete/?next={explore_url(w.blog)}"
            f"&id={w.colleague_post.pk}"
        ),
        data=lambda w: {},
        done=lambda w: not Page.objects.filter(pk=w.colleague_post.pk).exists(),
        then=lambda w: explore_url(w.blog),
    ),
    "edit the blog index page": Action(
        url=lambda w: edit_url(w.blog),
        data=lambda w: blog_index_form(title="Renamed blog"),
        done=lambda w: latest(w.blog).title == "Renamed blog",
        then=lambda w: edit_url(w.blog),
    ),
    "unpublish the whole blog": Action(
        url=lambda w: f"/admin/pages/{w.blog.pk}/unpublish/",
        data=lambda w: {"include_descendants": "on"},
        done=lambda w: not fresh(w.blog).live and not fresh(w.colleague_post).live,
        then=lambda w: explore_url(w.home),
    ),
    "unpublish the whole blog in bulk": Action(
        url=lambda w: (
            f"/admin/bulk/wagtailcore/page/unpublish/?next={explore_url(w.home)}&id={w.blog.pk}"
        ),
        data=lambda w: {"include_descendants": "on"},
        done=lambda w: not fresh(w.blog).live and not fresh(w.colleague_post).live,
        then=lambda w: explore_url(w.home),
    ),
    "password-protect the whole blog": Action(
        url=lambda w: f"/admin/pages/{w.blog.pk}/privacy/",
        data=lambda w: {"restriction_type": "password", "password": "keep-out"},
        done=lambda w: PageViewRestriction.objects.filter(page=w.blog).exists(),
    ),
    "password-protect own post": Action(
        url=lambda w: f"/admin/pages/{w.own_post.pk}/privacy/",
        data=lambda w: {"restriction_type": "password", "password": "keep-out"},
        done=lambda w: PageViewRestriction.objects.filter(page=w.own_post).exists(),
    ),
    "password-protect own clinician profile": Action(
        url=lambda w: f"/admin/pages/{w.profile.pk}/privacy/",
        data=lambda w: {"restriction_type": "password", "password": "keep-out"},
        done=lambda w: PageViewRestriction.objects.filter(page=w.profile).exists(),
    ),
    "publish own clinician profile": Action(
        url=lambda w: edit_url(w.profile),
        data=lambda w: (
            profile_form(w.profile, summary="Now seeing couples too.")
            | {"action-publish": "publish"}
        ),
        done=lambda w: fresh(w.profile).summary == "Now seeing couples too.",
        then=lambda w: explore_url(w.team),
    ),
    "save a colleague's clinician profile": Action(
        url=lambda w: edit_url(w.colleague_profile),
        data=lambda w: profile_form(w.colleague_profile, summary="Rewritten by someone else."),
        done=lambda w: latest(w.colleague_profile).summary == "Rewritten by someone else.",
        then=lambda w: edit_url(w.colleague_profile),
    ),
    "upload an image": Action(
        url=lambda w: "/admin/images/add/",
        data=lambda w: {
            "title": "Consulting room",
            "file": png_upload(),
            "description": "Two armchairs by a window",
        },
        done=lambda w: CustomImage.objects.filter(title="Consulting room").exists(),
        then=lambda w: "/admin/images/",
    ),
    "change the practice details": Action(
        url=lambda w: f"/admin/settings/practice/practicesettings/{w.site.pk}/",
        data=lambda w: settings_form_data(phone="310-555-0199"),
        done=lambda w: PracticeSettings.objects.get(site=w.site).phone == "310-555-0199",
        then=lambda w: f"/admin/settings/practice/practicesettings/{w.site.pk}/",
    ),
    "close comments in blog settings": Action(
        url=lambda w: f"/admin/settings/blog/blogsettings/{w.site.pk}/",
        data=lambda w: nested_form_data({"comment_note": rich_text("<p>Closed.</p>")}),
        done=lambda w: not BlogSettings.for_site(w.site).comments_open,
        then=lambda w: f"/admin/settings/blog/blogsettings/{w.site.pk}/",
    ),
    "list comments": Action(
        url=lambda w: "/admin/snippets/blog/comment/", shows="Thank you, this helped."
    ),
    "read a commenter's e-mail": Action(
        url=lambda w: f"/admin/snippets/blog/comment/inspect/{w.comment.pk}/",
        shows="sam.reader@example.com",
    ),
    "approve comments in bulk": Action(
        url=lambda w: (
            "/admin/bulk/blog/comment/approve/"
            f"?next=/admin/snippets/blog/comment/&id={w.comment.pk}"
        ),
        data=lambda w: {},
        done=lambda w: Comment.objects.get(pk=w.comment.pk).status == "approved",
        then=lambda w: "/admin/snippets/blog/comment/",
    ),
    "approve a comment in one click": Action(
        url=lambda w: f"/admin/snippets/blog/comment/moderate/{w.comment.pk}/",
        data=lambda w: {"status": "approved", "next": "/admin/snippets/blog/comment/?p=1"},
        done=lambda w: Comment.objects.get(pk=w.comment.pk).status == "approved",
        then=lambda w: "/admin/snippets/blog/comment/?p=1",
    ),
    "reject a comment in one click": Action(
        url=lambda w: f"/admin/snippets/blog/comment/moderate/{w.comment.pk}/",
        data=lambda w: {"status": "rejected", "next": "/admin/snippets/blog/comment/"},
        done=lambda w: Comment.objects.get(pk=w.comment.pk).status == "rejected",
        then=lambda w: "/admin/snippets/blog/comment/",
    ),
    "see every comment on the bulk approve screen": Action(
        url=lambda w: "/admin/bulk/blog/comment/approve/?next=/admin/snippets/blog/comment/&id=all",
        shows="Sam Reader",
    ),
    "delete a comment": Action(
        url=lambda w: f"/admin/snippets/blog/comment/delete/{w.comment.pk}/",
        data=lambda w: {},
        done=lambda w: not Comment.objects.filter(pk=w.comment.pk).exists(),
        then=lambda w: "/admin/snippets/blog/comment/",
    ),
    "list consultation requests": Action(
        url=lambda w: "/admin/snippets/practice/consultationrequest/", shows="Pat Private"
    ),
    "choose a consultation request": Action(
        url=lambda w: "/admin/snippets/choose/practice/consultationrequest/", shows="Pat Private"
    ),
    "choose a comment": Action(
        url=lambda w: "/admin/snippets/choose/blog/comment/", shows="Sam Reader"
    ),
    "read a consultation request": Action(
        url=lambda w: f"/admin/snippets/practice/consultationrequest/inspect/{w.request.pk}/",
        shows="310-555-0100",
    ),
    "mark a consultation request contacted": Action(
        url=lambda w: f"/admin/consultation-requests/{w.request.pk}/status/",
        data=lambda w: {
            "status": "contacted",
            "next": "/admin/snippets/practice/consultationrequest/",
        },
        done=lambda w: ConsultationRequest.objects.get(pk=w.request.pk).status == "contacted",
        then=lambda w: "/admin/snippets/practice/consultationrequest/",
    ),
    "delete a consultation request": Action(
        url=lambda w: f"/admin/snippets/practice/consultationrequest/delete/{w.request.pk}/",
        data=lambda w: {},
        done=lambda w: not ConsultationRequest.objects.filter(pk=w.request.pk).exists(),
        then=lambda w: "/admin/snippets/practice/consultationrequest/",
    ),
    "see every requester on the bulk delete screen": Action(
        url=lambda w: (
            "/admin/bulk/practice/consultationrequest/delete/"
            "?next=/admin/snippets/practice/consultationrequest/&id=all"
        ),
        shows="Pat Private",
    ),
    "see the clinical reviews report": Action(
        url=lambda w: "/admin/reports/clinical-reviews/", shows="Psychodynamic therapy"
    ),
    "mark a condition page reviewed today": Action(
        url=lambda w: f"/admin/reports/clinical-reviews/{w.overdue_condition.pk}/mark-reviewed/",
        data=lambda w: {},
        done=lambda w: fresh(w.overdue_condition).last_reviewed == timezone.localdate(),
        then=lambda w: "/admin/reports/clinical-reviews/",
    ),
    "read the site history": Action(
        url=lambda w: "/admin/reports/site-history/results/", shows="Revised post"
    ),
    "add a population": Action(
        url=lambda w: "/admin/snippets/therapy_pages/population/add/",
        data=lambda w: {"name": "Couples", "description": "", "sort_order": "0"},
        done=lambda w: Population.objects.filter(name="Couples").exists(),
        then=lambda w: "/admin/snippets/therapy_pages/population/",
    ),
    "add a language": Action(
        url=lambda w: "/admin/snippets/practice/language/add/",
        data=lambda w: {"name": "Tagalog", "code": "tl"},
        done=lambda w: Language.objects.filter(name="Tagalog").exists(),
        then=lambda w: "/admin/snippets/practice/language/",
    ),
    "add an office location": Action(
        url=lambda w: "/admin/snippets/practice/officelocation/add/",
        data=lambda w: {
            "name": "Pasadena office",
            "street_address": "1 Colorado Blvd",
            "city": "Pasadena",
            "state": "CA",
            "postal_code": "91101",
            "show_street_address": "on",
            "sort_order": "5",
        },
        done=lambda w: OfficeLocation.objects.filter(name="Pasadena office").exists(),
        then=lambda w: "/admin/snippets/practice/officelocation/",
    ),
    "confirm own profile's availability": Action(
        url=lambda w: f"/admin/availability/{w.profile.pk}/confirm/",
        data=lambda w: {"accepting_new_clients": "waitlist"},
        done=lambda w: (
            fresh(w.profile).availability_confirmed_on == timezone.localdate()
            and fresh(w.profile).accepting_new_clients == "waitlist"
        ),
        then=lambda w: "/admin/",
    ),
    "confirm a colleague's availability": Action(
        url=lambda w: f"/admin/availability/{w.colleague_profile.pk}/confirm/",
        data=lambda w: {"accepting_new_clients": "no"},
        done=lambda w: fresh(w.colleague_profile).accepting_new_clients == "no",
        then=lambda w: "/admin/",
    ),
    "add a redirect": Action(
        url=lambda w: "/admin/redirects/add/",
        data=lambda w: {
            "old_path": "/old-blog/",
            "site": "",
            "is_permanent": "on",
            "redirect_page": w.blog.pk,
            "redirect_link": "",
        },
        done=lambda w: Redirect.objects.filter(old_path="/old-blog").exists(),
        then=lambda w: "/admin/redirects/",
    ),
    "promote a search result": Action(
        url=lambda w: "/admin/searchpicks/add/",
        data=lambda w: {
            "query_string": "fees",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": w.therapy.pk,
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "What sessions cost",
            "editors_picks-0-ORDER": "0",
            "editors_picks-0-DELETE": "",
        },
        done=lambda w: SearchPromotion.objects.filter(query__query_string="fees").exists(),
        then=lambda w: "/admin/searchpicks/",
    ),
    "list users": Action(url=lambda w: "/admin/users/", shows="cassidy.blair"),
    "make the editor a superuser": Action(
        url=lambda w: f"/admin/users/edit/{w.users[EDITOR].pk}/",
        data=lambda w: {
            "username": "editor",
            "email": "editor@example.com",
            "first_name": "Eddie",
            "last_name": "Editor",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name="Editors").pk],
        },
        done=lambda w: get_user_model().objects.get(pk=w.users[EDITOR].pk).is_superuser,
        then=lambda w: "/admin/users/",
    ),
    "list groups": Action(url=lambda w: "/admin/groups/", shows="Clinicians"),
    "manage sites": Action(url=lambda w: "/admin/sites/", shows="localhost"),
}

assert POLICY.keys() == ACTIONS.keys(), "every row of the policy needs its action, and back"

DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


def login_url(url):
    return f"/admin/login/?next={quote(url, safe='/')}"


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def assert_answer(response, expected, url, action, w):
    """The response is exactly the one the outcome names (see the module docstring)."""
    if expected == ALLOWED:
        if action.data is None or action.then is None:
            assert response.status_code == 200
        else:
            assert response.status_code == 302, response.content.decode()[:3000]
            assert response["Location"] == action.then(w)
        assert DENIED_MESSAGE not in messages_of(response)
    elif expected == BLOG_ONLY:
        assert response.status_code == 302
        assert response["Location"] == explore_url(w.blog)
    elif expected == SKIPPED:
        assert response.status_code == 302
        assert response["Location"] == action.then(w)
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == login_url(url)
    else:
        assert expected == DENIED
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert DENIED_MESSAGE in messages_of(response)


def cases():
    for name, row in POLICY.items():
        for actor, expected in zip(ACTORS, row, strict=True):
            yield pytest.param(name, actor, expected, id=f"{actor} | {name} | {expected}")


@pytest.mark.parametrize(("name", "actor", "expected"), list(cases()))
def test_each_actor_gets_what_the_policy_says(
    world, client, settings, tmp_path, name, actor, expected
):
    settings.MEDIA_ROOT = tmp_path  # uploads land in a throwaway folder
    action = ACTIONS[name]
    if actor != ANONYMOUS:
        client.force_login(world.users[actor])
    url = action.url(world)
    response = client.get(url) if action.data is None else client.post(url, action.data(world))

    assert_answer(response, expected, url, action, world)
    # An allowed screen shows what it is for; a refused one shows none of it.
    if action.shows is not None:
        assert (action.shows in response.content.decode()) is (expected == ALLOWED)
    # An allowed post made its change; a refused one changed nothing.
    if action.done is not None:
        assert bool(action.done(world)) is (expected == ALLOWED)


# --- The public side: what is not live never reaches a visitor. ---

HIDDEN_POSTS = ["draft_post", "unpublished_post", "scheduled_post"]
# Query strings other systems use to show a draft; Wagtail's public pages honour none of them.
PREVIEW_QUERIES = {
    "plain": lambda page: "",
    "preview": lambda page: "?preview=true",
    "preview mode": lambda page: "?mode=",
    "latest revision": lambda page: f"?revision={page.get_latest_revision().pk}",
}


@pytest.mark.parametrize("query", PREVIEW_QUERIES)
@pytest.mark.parametrize("post", HIDDEN_POSTS)
def test_draft_unpublished_and_scheduled_posts_are_not_found(world, client, post, query):
    page = getattr(world, post)
    response = client.get(f"/blog/{page.slug}/{PREVIEW_QUERIES[query](page)}")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("query", PREVIEW_QUERIES)
def test_a_live_post_shows_its_published_words_not_its_draft(world, client, query):
    response = client.get(f"/blog/revised/{PREVIEW_QUERIES[query](world.revised_post)}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Revised post" in body
    assert SECRET not in body


ADMIN_VIEWS_OF_DRAFTS = {
    "view draft": lambda page: f"/admin/pages/{page.pk}/view_draft/",
    "preview": lambda page: f"/admin/pages/{page.pk}/edit/preview/",
    "preview, mode given": lambda page: f"/admin/pages/{page.pk}/edit/preview/?mode=",
    "latest revision": lambda page: (
        f"/admin/pages/{page.pk}/revisions/{page.get_latest_revision().pk}/view/"
    ),
    "revision comparison": lambda page: (
        f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/"
    ),
    "history": lambda page: f"/admin/pages/{page.pk}/history/",
}


@pytest.mark.parametrize("view", ADMIN_VIEWS_OF_DRAFTS)
@pytest.mark.parametrize("post", [*HIDDEN_POSTS, "revised_post"])
def test_drafts_previews_and_revisions_send_visitors_to_login(world, client, post, view):
    url = ADMIN_VIEWS_OF_DRAFTS[view](getattr(world, post))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == login_url(url)
    assert SECRET not in response.content.decode()


def test_a_visitor_cannot_preview_a_new_post(world, client):
    url = f"/admin/pages/add/blog/blogpostpage/{world.blog.pk}/preview/"
    sent = client.post(url, post_form(title=SECRET))  # what the editor's preview panel sends
    shown = client.get(url)  # and then shows
    for response in (sent, shown):
        assert response.status_code == 302
        assert response["Location"] == login_url(url)
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/blog/",
        "/blog/feed/",
        "/blog/feed/atom/",
        "/blog/author/dr-cassidy-blair/",
        "/search/?q=sentence",
        "/search/?q=7431",
        "/sitemap.xml",
    ],
)
def test_listings_feeds_search_and_sitemap_leave_hidden_posts_out(world, client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body
    for post in HIDDEN_POSTS:
        assert f"/blog/{getattr(world, post).slug}/" not in body
