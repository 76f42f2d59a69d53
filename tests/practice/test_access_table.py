"""Deny by default, proven by enumeration: every URL pattern Django resolves, for an anonymous
visitor, a clinician and an editor, against one table.

The rule of each URL name is `practice.admin_access.admin_access_table()` (the admin: ADMIN_ACCESS
and the rows the apps add with the `register_admin_access` hook) or `FRONT_END`
(public pages); a pattern whose name has no row fails `test_every_url_pattern_has_a_row`. What
each actor gets follows from the rule (see `EXPECTED_BY_RULE`), except where Wagtail's own checks
refuse more, or a view answers otherwise to a GET (`WAGTAIL_SAYS`, each with its reason).

- ALLOWED: 200 and what the screen is for (`SHOWS`, one marker per URL name).
- LOGIN: a 302 to the admin login with `?next=` the URL asked for.
- DENIED: Wagtail's refusal: a 302 to the dashboard with "Sorry, you do not have permission to
  access this area."
- REDIRECT: a 302 somewhere else the view decides (`REDIRECTS`), e.g. the explorer's root sends a
  clinician to the blog.
- NOT_ALLOWED: 405, a view that only takes POST (those are covered by test_permission_matrix.py).
- NOT_FOUND: 404.

Whatever the outcome, nothing private reaches an actor who may not read it: a consultation
requester's name and phone, a commenter's name and e-mail, what visitors searched for, a
document's title, the title of a page only editors may see; and no page chooser or API shows a
clinician a colleague's draft title.

The world is built once for the module inside a transaction rolled back at the end; every case is
a GET.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from django.urls.resolvers import RoutePattern
from wagtail import VERSION as WAGTAIL_VERSION
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content_health.health import refresh_all
from content_health.models import ClaimRule
from practice.admin_access import (
    ADMIN_ACCESS,
    EDITORS,
    FRONT_END,
    PUBLIC,
    PUBLIC_ADMIN,
    REVIEWERS,
    STAFF,
    SUPERUSER,
    admin_access_table,
    rule_for,
    url_key,
)
from practice.models import Language, OfficeLocation
from tests.factories import ImageFactory, StandardPageFactory, TherapyPageFactory
from tests.practice.test_permission_matrix import ADMIN, CLINICIAN, EDITOR, SECRET, build_world
from therapy_pages.models import Population

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ACTORS = (ANONYMOUS, CLINICIAN, EDITOR)
ALLOWED, LOGIN, DENIED, REDIRECT, EMPTY, FORBIDDEN, NOT_ALLOWED, NOT_FOUND = (
    "allowed",
    "login",
    "denied",
    "redirect",
    "empty 200",
    "403",
    "405",
    "404",
)
DENIED_MESSAGE = "Sorry, you do not have permission to access this area."

# Words that exist only where some actors may read them.
REQUESTER, REQUESTER_PHONE = "Pat Private", "310-555-0100"
COMMENTER, COMMENTER_EMAIL = "Sam Reader", "sam.reader@example.com"
SEARCH_TERM = "panic attacks at night"
DOCUMENT_TITLE = "Staff rota 2027"
EDITORS_DRAFT = "Unreleased therapy 5521"
COLLEAGUES_DRAFT = "Colleague's draft 8830"

# Private words each actor must never receive, whatever the URL: an editor reads everything.
NEVER_SHOWN = {
    ANONYMOUS: [
        REQUESTER,
        REQUESTER_PHONE,
        COMMENTER_EMAIL,
        SEARCH_TERM,
        DOCUMENT_TITLE,
        EDITORS_DRAFT,
        COLLEAGUES_DRAFT,
        SECRET,
    ],
    CLINICIAN: [
        REQUESTER,
        REQUESTER_PHONE,
        COMMENTER,
        COMMENTER_EMAIL,
        SEARCH_TERM,
        DOCUMENT_TITLE,
        EDITORS_DRAFT,
    ],
    EDITOR: [],
}
# A clinician may edit a colleague's posts (the explorer lists their drafts), but the page
# chooser and the admin API, which other screens embed, list live pages and their own only.
CHOOSERS = re.compile(r"^wagtailadmin_choose_page")


# --- The URL patterns, as Django's resolver has them. ---


@dataclass(frozen=True)
class Route:
    key: str  # the table's key: the namespaced name, or the route of an unnamed pattern
    name: str | None
    route: str
    params: tuple[str, ...]  # named parameters, from every level of the route
    positional: int  # unnamed regex groups


def pattern_params(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters), 0
    regex = pattern.regex
    named = tuple(regex.groupindex)
    return named, 0 if named else regex.groups


def join_route(prefix, route):
    """As Django joins the routes of nested patterns into `ResolverMatch.route`."""
    return prefix + (route[1:] if route.startswith("^") else route)


def url_routes(urlconf=None):
    """Every URL pattern the resolver knows, recursively (the admin's included)."""

    def walk(resolver, prefix, namespaces, params, positional):
        for entry in resolver.url_patterns:
            named, unnamed = pattern_params(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespaces + ((entry.namespace,) if entry.namespace else ())
                yield from walk(
                    entry,
                    join_route(prefix, str(entry.pattern)),
                    ns,
                    params + named,
                    positional + unnamed,
                )
            else:
                assert isinstance(entry, URLPattern)
                route = join_route(prefix, str(entry.pattern))
                name = ":".join((*namespaces, entry.name)) if entry.name else None
                yield Route(name or route, name, route, params + named, positional + unnamed)

    return list(walk(get_resolver(urlconf), "", (), (), 0))


FULL_TABLE = {**admin_access_table(), **FRONT_END}


def routes_without_a_row(urlconf=None):
    """The URL keys the access table does not cover."""
    return sorted({r.key for r in url_routes(urlconf) if rule_for(r.key, FULL_TABLE) is None})


def missing_rows_message(keys):
    return (
        f"{len(keys)} URL name(s) have no row in the access table: {', '.join(keys)}. "
        "Add each to ADMIN_ACCESS in practice/admin_access.py, or to its app's "
        "register_admin_access hook (or FRONT_END for a public page) "
        "with who may open it; until then the admin refuses it to everyone but superusers."
    )


# --- The world every URL is built from. ---


def build_access_world():
    """The permission matrix's world (actors, the page tree with posts in every state, a comment,
    a consultation request) plus one of everything else an admin URL can name."""
    w = build_world()
    editor = w.users[EDITOR]
    w.colleague_draft.title = COLLEAGUES_DRAFT
    w.colleague_draft.save()
    w.editors_draft = TherapyPageFactory(
        parent=w.therapies, title=EDITORS_DRAFT, slug="unreleased", live=False, owner=editor
    )
    w.editors_draft.save_revision(user=editor)
    w.own_post.tags.add("winter")
    w.own_post.save()
    w.own_revision = w.own_post.save_revision(user=w.users[CLINICIAN])

    w.restricted = StandardPageFactory(parent=w.home, title="Members only", slug="members")
    w.page_restriction = PageViewRestriction.objects.create(
        page=w.restricted, restriction_type=PageViewRestriction.PASSWORD, password="keep-out"
    )
    w.collection = Collection.get_first_root_node().add_child(name="Private papers")
    w.collection_restriction = CollectionViewRestriction.objects.create(
        collection=w.collection, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    w.document = get_document_model().objects.create(
        title=DOCUMENT_TITLE, file=ContentFile(b"Monday: Dr. Blair", name="rota.txt")
    )
    w.image = ImageFactory(
        title="Consulting room photo", collection=Collection.get_first_root_node()
    )
    w.population = Population.objects.create(name="Couples in transition")
    w.language = Language.objects.create(name="Tagalog", code="tl")
    w.office = OfficeLocation.objects.create(
        name="Pasadena office", street_address="1 Colorado Blvd", city="Pasadena",
        state="CA", postal_code="91101",
    )  # fmt: skip
    w.claim_rule = ClaimRule.objects.create(
        phrase="miracle cure", kind="promise", why="Nobody can promise it.", rule_name="APA 5.01"
    )
    w.redirect = Redirect.objects.create(old_path="/old-fees", redirect_link="https://example.com/")
    w.query = Query.get(SEARCH_TERM)
    w.query.add_hit()
    w.promotion = SearchPromotion.objects.create(
        query=w.query, page=w.therapy, description="Help tonight", sort_order=0
    )
    w.clinicians_group = Group.objects.get(name="Clinicians")
    for snippet in (w.population, w.request, w.comment, w.claim_rule, w.language, w.office):
        log(snippet, "wagtail.create", user=editor)
    refresh_all()  # the Content health report's rows

    w.task = GroupApprovalTask.objects.create(name="Editor approval")
    w.task.groups.add(Group.objects.get(name="Editors"))
    w.workflow = Workflow.objects.create(name="Editors' review")
    WorkflowTask.objects.create(workflow=w.workflow, task=w.task, sort_order=0)
    WorkflowPage.objects.create(workflow=w.workflow, page=w.therapies)
    # Submitted by someone outside the approving group, so the task waits for an editor.
    w.workflow_state = w.workflow.start(w.editors_draft, w.colleague)
    w.task_state = w.workflow_state.current_task_state
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_access_world()
        transaction.set_rollback(True)


# Values for URL parameters, by parameter name; `pk` depends on the namespace (PK_BY_NAMESPACE).
PARAMS = {
    "page_id": lambda w: w.own_post.pk,
    "parent_page_id": lambda w: w.blog.pk,
    "page_to_move_id": lambda w: w.own_post.pk,
    "destination_id": lambda w: w.blog.pk,
    "revision_id": lambda w: w.own_revision.pk,
    "task_state_id": lambda w: w.task_state.pk,
    "workflow_state_id": lambda w: w.workflow_state.pk,
    "task_id": lambda w: w.task.pk,
    "action_name": lambda w: "approve",
    "content_type_app_name": lambda w: "blog",
    "content_type_model_name": lambda w: "blogpostpage",
    "app_label": lambda w: "blog",
    "model_name": lambda w: "blogpostpage",
    "app_name": lambda w: "practice",
    "object_id": lambda w: str(w.own_post.pk),
    "session_id": lambda w: 1,
    "collection_id": lambda w: w.collection.pk,
    "redirect_id": lambda w: w.redirect.pk,
    "query_id": lambda w: w.query.pk,
    "document_id": lambda w: w.document.pk,
    "doc_id": lambda w: w.document.pk,
    "image_id": lambda w: w.image.pk,
    "uploaded_file_id": lambda w: 1,
    "filter_spec": lambda w: "fill-80x80",
    "uidb64": lambda w: "MQ",
    "token": lambda w: "not-a-token",
    "page_pk": lambda w: w.therapies.pk,
    "workflow_pk": lambda w: w.workflow.pk,
    "restriction_id": lambda w: w.collection_restriction.pk,
    "page_view_restriction_id": lambda w: w.page_restriction.pk,
    "action": lambda w: "unpublish",
}
PK_BY_NAMESPACE = {
    "wagtailadmin_api:pages": lambda w: w.own_post.pk,
    "wagtailadmin_api:documents": lambda w: w.document.pk,
    "wagtailadmin_api:images": lambda w: w.image.pk,
    "wagtailadmin_workflows": lambda w: w.workflow.pk,
    "wagtailadmin_collections": lambda w: w.collection.pk,
    "wagtailsnippets_therapy_pages_population": lambda w: w.population.pk,
    "wagtailsnippets_content_health_claimrule": lambda w: w.claim_rule.pk,
    "wagtailsnippetchoosers_content_health_claimrule": lambda w: w.claim_rule.pk,
    "wagtailsnippetchoosers_therapy_pages_population": lambda w: w.population.pk,
    "wagtailsnippets_practice_consultationrequest": lambda w: w.request.pk,
    "wagtailsnippets_practice_language": lambda w: w.language.pk,
    "wagtailsnippetchoosers_practice_language": lambda w: w.language.pk,
    "wagtailsnippets_practice_officelocation": lambda w: w.office.pk,
    "wagtailsnippetchoosers_practice_officelocation": lambda w: w.office.pk,
    "wagtailsnippetchoosers_practice_consultationrequest": lambda w: w.request.pk,
    "wagtailsnippets_blog_comment": lambda w: w.comment.pk,
    "wagtailsnippetchoosers_blog_comment": lambda w: w.comment.pk,
    "wagtailsites": lambda w: w.site.pk,
    "wagtailusers_users": lambda w: w.colleague.pk,
    "wagtailusers_groups": lambda w: w.clinicians_group.pk,
    "wagtaildocs_chooser": lambda w: w.document.pk,
    "wagtailimages_chooser": lambda w: w.image.pk,
    "wagtailsettings": lambda w: w.site.pk,
}
# Where one name's parameters differ from the defaults above.
KWARGS = {
    "wagtailadmin_workflows:edit_task": lambda w: {"pk": w.task.pk},
    "wagtailadmin_workflows:enable_task": lambda w: {"pk": w.task.pk},
    "wagtailadmin_workflows:disable_task": lambda w: {"pk": w.task.pk},
    "wagtailadmin_workflows:add_task": lambda w: {
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
    },
    "wagtail_bulk_action": lambda w: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "action": "unpublish",
    },
    "wagtailadmin_tag_model_autocomplete": lambda w: {"app_name": "taggit", "model_name": "tag"},
    "wagtailsettings:edit": lambda w: {"app_name": "practice", "model_name": "practicesettings"},
    "wagtailsettings:preview_on_edit": lambda w: {
        "app_name": "practice",
        "model_name": "practicesettings",
    },
    "wagtailadmin_editing_sessions:ping": lambda w: {
        "app_label": "wagtailcore",
        "model_name": "page",
    },
    # The moderation screens name the page in moderation and its task.
    "wagtailadmin_pages:workflow_action": lambda w: {"page_id": w.editors_draft.pk},
    "wagtailadmin_pages:collect_workflow_action_data": lambda w: {"page_id": w.editors_draft.pk},
    "wagtailadmin_pages:confirm_workflow_cancellation": lambda w: {"page_id": w.editors_draft.pk},
    "wagtailadmin_pages:workflow_preview": lambda w: {"page_id": w.editors_draft.pk},
    "wagtailadmin_pages:workflow_history": lambda w: {"page_id": w.editors_draft.pk},
    "wagtailadmin_pages:workflow_history_detail": lambda w: {"page_id": w.editors_draft.pk},
    "consultation_request_status": lambda w: {"pk": w.request.pk},
    "clinician_availability_confirm": lambda w: {"page_id": w.profile.pk},
    "team_profiles_json": lambda w: {"path": "team/profiles.json"},
    "staff_guide_image": lambda w: {"name": "admin-dashboard"},
    "wagtailcore_authenticate_with_password": lambda w: {"page_id": w.restricted.pk},
    # Wagtail 8 names the comparison's groups (7.4 has them unnamed: ARGS below).
    "wagtailadmin_pages:revisions_compare": lambda w: {
        "pk": w.own_post.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    },
}
# Positional arguments of regex patterns with unnamed groups.
ARGS = {
    "wagtailadmin_pages:revisions_compare": lambda w: [w.own_post.pk, "earliest", "latest"],
    "wagtaildocs_serve": lambda w: [w.document.pk, w.document.filename],
    "wagtail_serve": lambda w: ["blog/own/"],
}
# Unnamed patterns, by route.
UNNAMED_URLS = {
    "admin/.*/$": "/admin/no-such-screen/",
    "admin/test404/": "/admin/test404/",
}
# Query strings some screens need to show what they are for.
QUERIES = {
    "wagtailadmin_choose_page_search": "?q=post",
    "wagtailadmin_pages:search": "?q=post",
    "wagtailadmin_pages:search_results": "?q=post",
    "wagtailadmin_choose_page_chosen_multiple": lambda w: f"?id={w.own_post.pk}",
    "wagtail_bulk_action": lambda w: f"?id={w.own_post.pk}&next=/admin/pages/{w.blog.pk}/",
    "search": "?q=therapy",
    "wagtailadmin_tag_autocomplete": "?term=win",
    "wagtailadmin_tag_model_autocomplete": "?term=win",
    "wagtaildocs_chooser:chosen_multiple": lambda w: f"?id={w.document.pk}",
    "wagtailimages_chooser:chosen_multiple": lambda w: f"?id={w.image.pk}",
    "wagtailsnippetchoosers_practice_consultationrequest:chosen_multiple": (
        lambda w: f"?id={w.request.pk}"
    ),
    "wagtailsnippetchoosers_blog_comment:chosen_multiple": lambda w: f"?id={w.comment.pk}",
    "wagtailsnippetchoosers_practice_language:chosen_multiple": lambda w: f"?id={w.language.pk}",
    "wagtailsnippetchoosers_practice_officelocation:chosen_multiple": (
        lambda w: f"?id={w.office.pk}"
    ),
    "wagtailsnippetchoosers_content_health_claimrule:chosen_multiple": (
        lambda w: f"?id={w.claim_rule.pk}"
    ),
    "wagtailsnippetchoosers_therapy_pages_population:chosen_multiple": (
        lambda w: f"?id={w.population.pk}"
    ),
    "wagtailsearchpromotions:chooserresults": "?q=panic",
}


def namespace_of(key):
    return key.rpartition(":")[0]


def concrete_url(route, w):
    """A URL that resolves to `route`, with the world's objects as its parameters."""
    if route.name is None:
        url = UNNAMED_URLS[route.key]
    elif route.positional:
        url = reverse(route.name, args=ARGS[route.key](w))
    else:
        given = KWARGS[route.key](w) if route.key in KWARGS else {}
        kwargs = {}
        for param in route.params:
            if param in given:
                kwargs[param] = given[param]
            elif param == "pk":
                kwargs[param] = PK_BY_NAMESPACE[namespace_of(route.key)](w)
            else:
                kwargs[param] = PARAMS[param](w)
        url = reverse(route.name, kwargs=kwargs)
    query = QUERIES.get(route.key, "")
    return url + (query(w) if callable(query) else query)


# --- What each actor gets. ---

# fmt: off
EXPECTED_BY_RULE = {
    #               anonymous  clinician  editor
    PUBLIC:        (ALLOWED,   ALLOWED,   ALLOWED),
    PUBLIC_ADMIN:  (ALLOWED,   ALLOWED,   ALLOWED),
    STAFF:         (LOGIN,     ALLOWED,   ALLOWED),
    EDITORS:       (LOGIN,     DENIED,    ALLOWED),
    REVIEWERS:     (LOGIN,     DENIED,    ALLOWED),
    SUPERUSER:     (LOGIN,     DENIED,    DENIED),
}
# fmt: on

# Where Wagtail's own checks refuse more than the rule, or a view answers a GET otherwise. Keyed
# by URL name, or by route where one name has two patterns that answer differently.
BOTH = {CLINICIAN: None, EDITOR: None}


def signed_in(outcome):
    return dict.fromkeys((CLINICIAN, EDITOR), outcome)


WAGTAIL_SAYS = {
    # The second factor is off under test settings: its screens send staff to the dashboard.
    "practice_two_factor_setup": signed_in(REDIRECT),
    "practice_two_factor_verify": signed_in(REDIRECT),
    "practice_two_factor_recovery": signed_in(REDIRECT),
    "wagtailadmin_login": signed_in(REDIRECT),  # already signed in: to the dashboard
    # POST-only views (their POSTs are test_permission_matrix.py's).
    "wagtailadmin_logout": signed_in(NOT_ALLOWED),
    "clinical_review_mark_reviewed": {EDITOR: NOT_ALLOWED},  # the clinician is refused first
    "clinician_availability_confirm": signed_in(NOT_ALLOWED),
    "wagtailadmin_api:pages:action": signed_in(NOT_ALLOWED),
    "wagtailadmin_pages:lock": signed_in(NOT_ALLOWED),
    "wagtailadmin_pages:unlock": signed_in(NOT_ALLOWED),
    "wagtailadmin_editing_sessions:ping": signed_in(NOT_ALLOWED),
    "wagtailadmin_editing_sessions:release": signed_in(NOT_ALLOWED),
    "wagtailredirects:process_import": {EDITOR: NOT_ALLOWED},
    "wagtaildocs:edit_multiple": {EDITOR: NOT_ALLOWED},
    "wagtaildocs:create_multiple_from_uploaded_document": {EDITOR: NOT_ALLOWED},
    "wagtaildocs:delete_multiple": {EDITOR: NOT_ALLOWED},
    "wagtaildocs:delete_upload_multiple": {EDITOR: NOT_ALLOWED},
    "wagtailimages:edit_multiple": signed_in(NOT_ALLOWED),
    "wagtailimages:create_multiple_from_uploaded_image": signed_in(NOT_ALLOWED),
    "wagtailimages:delete_multiple": signed_in(NOT_ALLOWED),
    "wagtailimages:delete_upload_multiple": signed_in(NOT_ALLOWED),
    # A GET moves nothing: 7.4 answers it empty, Wagtail 8 takes only POST.
    "wagtailadmin_pages:set_page_position": signed_in(
        EMPTY if WAGTAIL_VERSION < (8,) else NOT_ALLOWED
    ),
    # Nothing there: "find" without a query, a post that is not an alias, no settings preview,
    # no block given, Wagtail's dynamic image URLs not installed, the admin 404.
    "wagtailadmin_api:pages:find": signed_in(NOT_FOUND),
    "wagtailadmin_api:images:find": signed_in(NOT_FOUND),
    "wagtailadmin_api:documents:find": {EDITOR: NOT_FOUND},
    "wagtailadmin_pages:convert_alias": {EDITOR: NOT_FOUND},
    "wagtailsettings:preview_on_edit": {EDITOR: NOT_FOUND},
    "wagtailadmin_block_preview": signed_in(NOT_FOUND),
    "wagtailimages:url_generator": signed_in(NOT_FOUND),
    "wagtailimages:url_generator_output": signed_in(NOT_FOUND),
    "admin/.*/$": signed_in(NOT_FOUND),
    # Wagtail sends the user on to where the work is.
    "wagtailadmin_explore_root": {CLINICIAN: REDIRECT},  # the blog, the only part they work in
    "wagtailadmin_pages:choose_parent": signed_in(REDIRECT),  # one possible parent: its form
    "wagtailadmin_pages:add_subpage": signed_in(REDIRECT),  # one possible page type: its form
    "wagtailadmin_pages:revisions_index": signed_in(REDIRECT),  # to the page's history
    "admin/settings/<slug:app_name>/<slug:model_name>/": {EDITOR: REDIRECT},  # to the site's
    # Wagtail's page permissions: clinicians neither delete nor move posts, nor set privacy.
    "wagtailadmin_pages:delete": {CLINICIAN: DENIED},
    "wagtailadmin_pages:move": {CLINICIAN: DENIED},
    "wagtailadmin_pages:set_privacy": {CLINICIAN: DENIED},
    # Images: a clinician edits only what they uploaded (this one is not theirs).
    "wagtailimages:edit": {CLINICIAN: DENIED},
    "wagtailimages:delete": {CLINICIAN: DENIED},
    "wagtailimages:preview": {CLINICIAN: DENIED},
    "wagtailimages:image_usage": {CLINICIAN: DENIED},
    # Editors have no permission for these (unchanged by this table).
    "wagtailsearchpromotions:search_terms": {EDITOR: DENIED},
    "wagtailsearchpromotions:search_terms_results": {EDITOR: DENIED},
    # Requests and comments come from visitors; nobody creates one by hand, nor rewrites a
    # request's words (practice/consultation_admin.py: its add and edit screens are not there).
    "wagtailsnippets_practice_consultationrequest:add": {EDITOR: NOT_FOUND},
    "wagtailsnippets_practice_consultationrequest:edit": {EDITOR: NOT_FOUND},
    "consultation_request_status": {EDITOR: NOT_ALLOWED},  # one-click status change: POST only
    "wagtailsnippetchoosers_practice_consultationrequest:create": {EDITOR: DENIED},
    # A visitor's comment is read-only: its add, edit and chooser-create screens are gone (404,
    # superusers too); one-click moderation takes only POST (test_permission_matrix.py).
    "wagtailsnippets_blog_comment:add": {EDITOR: NOT_FOUND},
    "wagtailsnippets_blog_comment:edit": {EDITOR: NOT_FOUND},
    "wagtailsnippetchoosers_blog_comment:create": {EDITOR: NOT_FOUND},
    "wagtailsnippets_blog_comment:moderate": {EDITOR: NOT_ALLOWED},
    # The front-end login for restricted pages (practice/restricted_pages.py): a visitor goes to
    # the admin's sign-in; a signed-in user without access to the page is refused.
    "wagtailcore_login": {ANONYMOUS: REDIRECT, CLINICIAN: FORBIDDEN, EDITOR: FORBIDDEN},
}

REDIRECTS = {
    "practice_two_factor_setup": lambda w: "/admin/",
    "practice_two_factor_verify": lambda w: "/admin/",
    "practice_two_factor_recovery": lambda w: "/admin/",
    "wagtailadmin_login": lambda w: "/admin/",
    "wagtailadmin_explore_root": lambda w: f"/admin/pages/{w.blog.pk}/",
    "wagtailadmin_pages:choose_parent": lambda w: (
        f"/admin/pages/add/blog/blogpostpage/{w.blog.pk}/"
    ),
    "wagtailadmin_pages:add_subpage": lambda w: f"/admin/pages/add/blog/blogpostpage/{w.blog.pk}/",
    "wagtailadmin_pages:revisions_index": lambda w: f"/admin/pages/{w.own_post.pk}/history/",
    "admin/settings/<slug:app_name>/<slug:model_name>/": (
        lambda w: f"/admin/settings/practice/practicesettings/{w.site.pk}/"
    ),
    "wagtailcore_login": lambda w: "/admin/login/?next=/",
}


def image_bytes(response):
    return response["Content-Type"].startswith("image/")


# What each allowed screen is for: a string its answer contains (or a check of the answer).
SHOWS = {
    "healthz": "ok",
    "wagtailadmin_home": "Dashboard",
    "staff_guide": "Schedule a post for later",
    "staff_guide_image": image_bytes,
    "wagtailadmin_account": "Account",
    "wagtailadmin_dismissibles": "{}",
    "wagtailadmin_tag_autocomplete": "winter",
    "wagtailadmin_tag_model_autocomplete": "winter",
    "wagtailadmin_api:pages:listing": "Own post",
    "wagtailadmin_api:pages:detail": "Own post",
    "wagtailadmin_api:documents:listing": DOCUMENT_TITLE,
    "wagtailadmin_api:documents:detail": DOCUMENT_TITLE,
    "wagtailadmin_api:images:listing": "Consulting room photo",
    "wagtailadmin_api:images:detail": "Consulting room photo",
    "wagtailadmin_explore_root": "Exploring: Root",
    "wagtailadmin_explore": "Exploring: Blog",
    "wagtailadmin_explore_results": "Own post",
    "wagtail_bulk_action": "Unpublish 1 page",
    "wagtailadmin_pages:add": "New: Blog post",
    "wagtailadmin_pages:preview_on_add": "Preview not available",
    "wagtailadmin_pages:type_use": "Pages using: blog post",
    "wagtailadmin_pages:type_use_results": "Own post",
    "wagtailadmin_pages:usage": "Usage: Own post",
    "wagtailadmin_pages:edit": "Editing Blog post: Own post",
    "wagtailadmin_pages:preview_on_edit": "Preview not available",
    "wagtailadmin_pages:view_draft": "Own post",
    "wagtailadmin_pages:delete": "Delete Own post",
    "wagtailadmin_pages:unpublish": "Unpublish: Own post",
    "wagtailadmin_pages:search": "Own post",
    "wagtailadmin_pages:search_results": "Own post",
    "wagtailadmin_pages:move": "Move Own post",
    "wagtailadmin_pages:move_confirm": "Move Own post",
    "wagtailadmin_pages:copy": "Copy Own post",
    "wagtailadmin_pages:workflow_action": "Approve",
    "wagtailadmin_pages:collect_workflow_action_data": "Approve",
    "wagtailadmin_pages:confirm_workflow_cancellation": "cancel",
    "wagtailadmin_pages:workflow_preview": EDITORS_DRAFT,
    "wagtailadmin_pages:set_privacy": "restriction_type",
    "wagtailadmin_pages:revisions_view": "Own post",
    "wagtailadmin_pages:revisions_revert": "Editing Blog post: Own post",
    "wagtailadmin_pages:revisions_unschedule": "Unschedule",
    "wagtailadmin_pages:revisions_compare": "Compare: Own post",
    "wagtailadmin_pages:workflow_history": f"Workflow history: {EDITORS_DRAFT}",
    "wagtailadmin_pages:workflow_history_detail": f"Workflow progress: {EDITORS_DRAFT}",
    "wagtailadmin_pages:history": "History: Own post",
    "wagtailadmin_pages:history_results": "Created",
    "wagtailadmin_choose_page": "Home",
    "wagtailadmin_choose_page_child": "Own post",
    "wagtailadmin_choose_page_search": "Own post",
    "wagtailadmin_choose_page_chosen_multiple": "Own post",
    "wagtailadmin_choose_page_external_link": "External link",
    "wagtailadmin_choose_page_email_link": "Email",
    "wagtailadmin_choose_page_phone_link": "Phone",
    "wagtailadmin_choose_page_anchor_link": "Anchor",
    "wagtailadmin_reports:locked_pages": "Locked pages",
    "wagtailadmin_reports:locked_pages_results": "No locked pages",
    "wagtailadmin_reports:workflow": "Workflows",
    "wagtailadmin_reports:workflow_results": EDITORS_DRAFT,
    "wagtailadmin_reports:workflow_tasks": "Workflow tasks",
    "wagtailadmin_reports:workflow_tasks_results": "Editor approval",
    "wagtailadmin_reports:site_history": "Site history",
    "wagtailadmin_reports:site_history_results": "Own post",
    "wagtailadmin_reports:aging_pages": "Aging pages",
    "wagtailadmin_reports:aging_pages_results": "Psychodynamic therapy",
    "wagtailadmin_reports:page_types_usage": "Page types usage",
    "wagtailadmin_reports:page_types_usage_results": "Blog Post",
    "clinical_reviews_due": "Clinical reviews due",
    "clinical_reviews_due_results": "Psychodynamic therapy",
    "wagtailredirects:index": "Redirects",
    "wagtailredirects:index_results": "/old-fees",
    "wagtailredirects:add": "New: Redirect",
    "wagtailredirects:edit": "/old-fees",
    "wagtailredirects:delete": "/old-fees",
    "wagtailredirects:start_import": "Import",
    "wagtailsettings:edit": "Practice details",
    "wagtailsearchpromotions:index": "Promoted search results",
    "wagtailsearchpromotions:index_results": SEARCH_TERM,
    "wagtailsearchpromotions:add": "New: Promoted search result",
    "wagtailsearchpromotions:edit": SEARCH_TERM,
    "wagtailsearchpromotions:delete": SEARCH_TERM,
    "wagtailsearchpromotions:chooser": SEARCH_TERM,
    "wagtailsearchpromotions:chooserresults": SEARCH_TERM,
    "wagtailsnippets:index": "Populations",
    "wagtaildocs:index": "Documents",
    "wagtaildocs:index_results": DOCUMENT_TITLE,
    "wagtaildocs:add": "Add a document",
    "wagtaildocs:edit": DOCUMENT_TITLE,
    "wagtaildocs:delete": DOCUMENT_TITLE,
    "wagtaildocs:add_multiple": "Add multiple documents",
    "wagtaildocs:document_usage": DOCUMENT_TITLE,
    "wagtaildocs_chooser:choose": DOCUMENT_TITLE,
    "wagtaildocs_chooser:choose_results": DOCUMENT_TITLE,
    "wagtaildocs_chooser:chosen": DOCUMENT_TITLE,
    "wagtaildocs_chooser:chosen_multiple": DOCUMENT_TITLE,
    "wagtaildocs_chooser:create": "tab-upload",
    "wagtailimages:index": "Images",
    # A clinician's listing holds the images they uploaded: none yet.
    "wagtailimages:index_results": {
        CLINICIAN: "You haven't uploaded any images",
        EDITOR: "Consulting room photo",
    },
    "wagtailimages:edit": "Consulting room photo",
    "wagtailimages:delete": "Consulting room photo",
    "wagtailimages:preview": image_bytes,
    "wagtailimages:add": "Add an image",
    "wagtailimages:image_usage": "Usage: Consulting room photo",
    "wagtailimages:add_multiple": "Add multiple images",
    "wagtailimages_chooser:choose": "Consulting room photo",
    "wagtailimages_chooser:choose_results": "Consulting room photo",
    "wagtailimages_chooser:chosen": "Consulting room photo",
    "wagtailimages_chooser:chosen_multiple": "Consulting room photo",
    "wagtailimages_chooser:create": "tab-upload",
    "wagtailimages_chooser:select_format": "Choose a format",
    "wagtailsnippetchoosers_therapy_pages_population:create": "tab-create",
    "wagtailsnippetchoosers_content_health_claimrule:create": "tab-create",
    "wagtailsnippets_content_health_claimrule:add": "New: Claim rule",
    "wagtailsnippets_content_health_claimrule:copy": "New: Claim rule",
    "content_health_report": "Content health",
    "content_health_report_results": "Own post",
    "wagtailsnippets_therapy_pages_population:add": "New: Population",
    "wagtailsnippets_practice_language:add": "New: Language",
    "wagtailsnippets_practice_language:copy": "New: Language",
    "wagtailsnippets_practice_officelocation:add": "New: Office location",
    "wagtailsnippets_practice_officelocation:copy": "New: Office location",
    "wagtailsnippetchoosers_practice_language:create": "tab-create",
    "wagtailsnippetchoosers_practice_officelocation:create": "tab-create",
    "team_profiles_json": "ItemList",
    "wagtailsnippets_therapy_pages_population:copy": "New: Population",
    "wagtailadmin_sprite": "icon-",
    "wagtailadmin_login": "Sign in",
    "wagtailadmin_password_reset": "Reset password",
    "wagtailadmin_password_reset_done": "Reset password",
    "wagtailadmin_password_reset_confirm": "Invalid password reset link",
    "wagtailadmin_password_reset_complete": "Reset password",
    "wagtailadmin_javascript_catalog": "django",
    "wagtaildocs_serve": "Monday: Dr. Blair",
    "wagtaildocs_authenticate_with_password": "Password required",
    "search": "Search results for",
    "sitemap": "/blog/own/",
    "robots_txt": "Sitemap:",
    "wagtailcore_authenticate_with_password": "Password required",
    "wagtail_serve": "Own post",
}
for _namespace in (
    "wagtailsnippets_therapy_pages_population",
    "wagtailsnippets_practice_language",
    "wagtailsnippets_practice_officelocation",
    "wagtailsnippets_content_health_claimrule",
    "wagtailsnippets_practice_consultationrequest",
    "wagtailsnippets_blog_comment",
):
    SHOWS[f"{_namespace}:history_results"] = "Created"
# Every screen of a snippet shows the snippet it is about.
for _namespace, _shown in {
    "wagtailsnippets_therapy_pages_population": "Couples in transition",
    "wagtailsnippetchoosers_therapy_pages_population": "Couples in transition",
    "wagtailsnippets_practice_language": "Tagalog",
    "wagtailsnippetchoosers_practice_language": "Tagalog",
    "wagtailsnippets_practice_officelocation": "Pasadena office",
    "wagtailsnippetchoosers_practice_officelocation": "Pasadena office",
    "wagtailsnippets_content_health_claimrule": "miracle cure",
    "wagtailsnippetchoosers_content_health_claimrule": "miracle cure",
    "wagtailsnippets_practice_consultationrequest": REQUESTER,
    "wagtailsnippetchoosers_practice_consultationrequest": REQUESTER,
    "wagtailsnippets_blog_comment": COMMENTER,
    "wagtailsnippetchoosers_blog_comment": COMMENTER,
}.items():
    for _view in (
        "list",
        "list_results",
        "edit",
        "delete",
        "usage",
        "history",
        "inspect",
        "choose",
        "choose_results",
        "chosen",
        "chosen_multiple",
    ):
        SHOWS.setdefault(f"{_namespace}:{_view}", _shown)


def expected_outcome(route, actor):
    rule = rule_for(route.key, FULL_TABLE)
    default = dict(zip(ACTORS, EXPECTED_BY_RULE[rule], strict=True))[actor]
    says = WAGTAIL_SAYS.get(route.route) or WAGTAIL_SAYS.get(route.key) or {}
    return says.get(actor) or default


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def login_url(url):
    return f"/admin/login/?next={quote(url, safe='/')}"


def check_answer(response, body, expected, route, url, w, actor):
    """The answer is the one the outcome names; returns what is wrong, or None."""
    status, location = response.status_code, response.get("Location")
    refused = DENIED_MESSAGE in [str(m).strip() for m in get_messages(response.wsgi_request)]
    if expected == ALLOWED:
        shows = SHOWS[route.key]
        shows = shows[actor] if isinstance(shows, dict) else shows
        ok = status == 200 and not refused
        shown = shows(response) if callable(shows) else shows in body
        return None if ok and shown else f"not 200 showing {shows!r}: {status} {location}"
    if expected == LOGIN:
        return None if (status, location) == (302, login_url(url)) else f"{status} {location}"
    if expected == DENIED:
        ok = (status, location) == (302, "/admin/") and refused
        return None if ok else f"not refused: {status} {location}"
    if expected == REDIRECT:
        target = REDIRECTS[route.route if route.route in REDIRECTS else route.key](w)
        ok = (status, location) == (302, target) and not refused
        return None if ok else f"{status} {location}, not a redirect to {target}"
    want = {EMPTY: 200, FORBIDDEN: 403, NOT_ALLOWED: 405, NOT_FOUND: 404}[expected]
    if expected == EMPTY and body.strip():
        return f"200 with content: {body[:200]!r}"
    return None if status == want else f"{status} {location}, not {want}"


def leaks(body, route, actor):
    private = list(NEVER_SHOWN[actor])
    if actor == CLINICIAN and CHOOSERS.match(route.key):
        private.append(COLLEAGUES_DRAFT)
    return [word for word in private if word in body]


# --- The tests. ---


def test_every_url_pattern_has_a_row():
    missing = routes_without_a_row()
    assert not missing, missing_rows_message(missing)


def test_every_allowed_cell_says_what_its_screen_shows():
    without = sorted(
        {
            r.key
            for r in url_routes()
            if rule_for(r.key, FULL_TABLE) is not None
            and any(expected_outcome(r, actor) == ALLOWED for actor in ACTORS)
            and r.key not in SHOWS
        }
    )
    assert not without, f"add what these screens show to SHOWS: {without}"


ROUTES = url_routes()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.key} {r.route}" for r in ROUTES])
def test_each_url_answers_each_actor_as_the_table_says(world, client, route, actor):
    if rule_for(route.key, FULL_TABLE) is None:
        pytest.fail(missing_rows_message([route.key]))
    url = concrete_url(route, world)
    match = resolve(url.split("?")[0])
    assert url_key(match) == route.key, f"{url} resolves to {url_key(match)}"
    if actor != ANONYMOUS:
        client.force_login(world.users[actor])
    expected = expected_outcome(route, actor)

    response = client.get(url)
    body = body_of(response)

    problem = check_answer(response, body, expected, route, url, world, actor)
    assert problem is None, f"{actor} GET {url}: expected {expected}, got {problem}"
    leaked = leaks(body, route, actor)
    assert not leaked, f"{actor} GET {url} shows {leaked}"


# --- A test of the test: a new admin URL without a row is caught, and refused meanwhile. ---


def throwaway_report(request):
    return HttpResponse("Throwaway report: every requester's name")


# A urlconf for the two tests below: the project's URLs plus one admin screen nobody gave a row.
urlpatterns = [
    path("admin/throwaway-report/", throwaway_report, name="practice_throwaway_report"),
    path("", include("practice.urls")),
]
THIS_URLCONF = __name__


def test_an_admin_url_without_a_row_fails_the_enumeration():
    missing = routes_without_a_row(THIS_URLCONF)
    assert missing == ["practice_throwaway_report"]
    message = missing_rows_message(missing)
    assert "practice_throwaway_report" in message
    assert "practice/admin_access.py" in message


@override_settings(ROOT_URLCONF=THIS_URLCONF)
def test_an_admin_url_without_a_row_is_refused_to_all_but_superusers(world, client):
    client.force_login(world.users[EDITOR])
    response = client.get("/admin/throwaway-report/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert DENIED_MESSAGE in [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert "Throwaway report" not in body_of(response)

    client.logout()
    response = client.get("/admin/throwaway-report/")
    assert response["Location"] == login_url("/admin/throwaway-report/")

    client.force_login(world.users[ADMIN])
    assert "Throwaway report" in body_of(client.get("/admin/throwaway-report/"))


def test_a_namespace_wildcard_covers_only_its_own_namespace():
    assert rule_for("wagtailusers_users:edit") == SUPERUSER
    assert rule_for("wagtailusers_users_extra:edit") is None
    assert rule_for("wagtailadmin_api:documents:listing") == EDITORS
    assert rule_for("no_such_screen") is None


def test_the_apps_above_add_their_own_screens_rows_and_cannot_contradict_the_table():
    """The comment and population snippets' rows come from blog's and therapy_pages' hooks
    (practice names no model above it); a hook that reopens a row the table sets is refused."""
    assert "wagtailsnippets_blog_comment:*" not in ADMIN_ACCESS
    assert rule_for("wagtailsnippets_blog_comment:edit") == EDITORS
    assert rule_for("wagtailsnippetchoosers_therapy_pages_population:choose") == EDITORS
    admin_access_table.cache_clear()
    try:
        with (
            hooks.register_temporarily(
                "register_admin_access", lambda: {"wagtailusers_users:*": STAFF}
            ),
            pytest.raises(ImproperlyConfigured, match="wagtailusers_users"),
        ):
            admin_access_table()
    finally:
        admin_access_table.cache_clear()
    assert rule_for("wagtailusers_users:edit") == SUPERUSER


# --- What a clinician is shown: the menu, the page chooser, their profile's form, privacy. ---


def menu_names(response):
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return set(re.findall(r'"name": "([^"]+)"', props.group(1)))


def test_a_clinicians_menu_holds_their_posts_images_profile_and_help(world, client):
    client.force_login(world.users[CLINICIAN])
    names = menu_names(client.get("/admin/"))
    assert {"explorer", "images", "own-profile", "help"} <= names
    hidden = {"reports", "site-history", "aging-pages", "documents", "snippets", "settings"}
    hidden |= {"comments", "consultation-requests", "workflows", "redirects"}
    assert not names & hidden
    # "My profile" opens the editor of their own profile.
    assert f"/admin/pages/{world.profile.pk}/edit/" in client.get("/admin/").content.decode()


def test_an_editors_menu_keeps_every_tool(world, client):
    client.force_login(world.users[EDITOR])
    names = menu_names(client.get("/admin/"))
    assert {"explorer", "images", "documents", "snippets", "reports", "settings"} <= names
    assert {"comments", "consultation-requests", "site-history", "aging-pages"} <= names


def chooser_html(response):
    return response.json()["html"] if "json" in response["Content-Type"] else body_of(response)


def test_the_page_chooser_shows_a_clinician_live_pages_and_their_own_only(world, client):
    blog = f"/admin/choose-page/{world.blog.pk}/"
    client.force_login(world.users[CLINICIAN])
    listing = chooser_html(client.get(blog))
    assert "Own post" in listing and "Colleague&#x27;s post" in listing
    assert world.draft_post.title in listing  # their own draft
    assert COLLEAGUES_DRAFT.replace("'", "&#x27;") not in listing
    found = body_of(client.get("/admin/choose-page/search/?q=draft"))
    assert "8830" not in found and "5521" not in found
    # Opening the chooser on a colleague's draft, or asking it to return one, is refused.
    for url in (
        f"/admin/choose-page/{world.colleague_draft.pk}/",
        f"/admin/choose-page/chosen-multiple/?id={world.colleague_draft.pk}",
        f"/admin/choose-page/{world.editors_draft.pk}/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        assert "8830" not in body_of(response) and "5521" not in body_of(response)

    client.force_login(world.users[EDITOR])
    assert "8830" in chooser_html(client.get(blog))
    assert client.get(f"/admin/choose-page/{world.editors_draft.pk}/").status_code == 200


def test_a_clinicians_profile_form_shows_their_own_account_only_read_only(world, client):
    client.force_login(world.users[CLINICIAN])
    form = client.get(f"/admin/pages/{world.profile.pk}/edit/").context["form"]
    field = form.fields["user"]
    assert field.disabled
    assert list(field.queryset) == [world.users[CLINICIAN]]
    page = client.get(f"/admin/pages/{world.profile.pk}/edit/").content.decode()
    assert "colleague" not in page and ">editor<" not in page and ">admin<" not in page

    client.force_login(world.users[EDITOR])
    field = client.get(f"/admin/pages/{world.profile.pk}/edit/").context["form"].fields["user"]
    assert not field.disabled
    assert world.colleague in field.queryset and world.users[EDITOR] in field.queryset


def test_a_clinician_cannot_relink_their_profile_to_another_account(world, client):
    from tests.practice.test_permission_matrix import profile_form

    client.force_login(world.users[CLINICIAN])
    data = profile_form(world.profile, user=world.colleague.pk, summary="Linked elsewhere")
    response = client.post(f"/admin/pages/{world.profile.pk}/edit/", data)
    assert response.status_code == 302
    profile = type(world.profile).objects.get(pk=world.profile.pk)
    assert profile.get_latest_revision_as_object().summary == "Linked elsewhere"
    assert profile.get_latest_revision_as_object().user_id == world.users[CLINICIAN].pk


@pytest.mark.parametrize("page", ["profile", "own_post", "colleague_post", "blog"])
def test_only_editors_set_privacy_on_profiles_and_posts(world, client, page):
    url = f"/admin/pages/{getattr(world, page).pk}/privacy/"
    client.force_login(world.users[CLINICIAN])
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(url, {"restriction_type": "password", "password": "keep-out"})
    assert not PageViewRestriction.objects.filter(page=getattr(world, page)).exists()

    client.force_login(world.users[EDITOR])
    assert "restriction_type" in body_of(client.get(url))


@pytest.mark.parametrize(
    ("screen", "hidden"),
    [
        ("wagtaildocs/document/delete/?id={w.document.pk}", DOCUMENT_TITLE),
        ("wagtaildocs/document/add_to_collection/?id={w.document.pk}", DOCUMENT_TITLE),
        ("wagtailcore/page/delete/?id={w.editors_draft.pk}", EDITORS_DRAFT),
        ("wagtailcore/page/move/?id={w.editors_draft.pk}", EDITORS_DRAFT),
        ("wagtailcore/page/publish/?id=all&childOf={w.therapies.pk}", EDITORS_DRAFT),
        ("wagtailcore/page/publish/?id=all&childOf={w.home.pk}&q=therapy", EDITORS_DRAFT),
        ("practice/consultationrequest/delete/?id={w.request.pk}", REQUESTER),
    ],
)
def test_bulk_action_screens_name_nothing_a_clinician_may_not_see(world, client, screen, hidden):
    url = "/admin/bulk/" + screen.format(w=world) + "&next=/admin/"
    client.force_login(world.users[CLINICIAN])
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert hidden not in body_of(response)

    client.force_login(world.users[EDITOR])
    assert hidden in body_of(client.get(url))


def test_bulk_action_screens_stay_open_to_a_clinician_for_posts_and_images(world, client):
    client.force_login(world.users[CLINICIAN])
    for screen, shown in [
        (f"wagtailcore/page/unpublish/?id={world.own_post.pk}", "Own post"),
        (f"wagtailcore/page/publish/?id=all&childOf={world.blog.pk}", "Own post"),
        (f"practice/customimage/add_tags/?id={world.image.pk}", "Consulting room photo"),
    ]:
        response = client.get(f"/admin/bulk/{screen}&next=/admin/")
        assert response.status_code == 200, screen
        assert shown in body_of(response)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/search/results/?q=Unreleased",
        "/admin/choose-page/search/?q=Unreleased",
        "/admin/api/main/pages/?search=Unreleased",
        "/admin/api/main/pages/{w.editors_draft.pk}/",
    ],
)
def test_searching_the_admin_finds_a_clinician_no_page_only_editors_see(world, client, url):
    url = url.format(w=world)
    client.force_login(world.users[CLINICIAN])
    assert EDITORS_DRAFT not in body_of(client.get(url))
    client.force_login(world.users[EDITOR])
    assert EDITORS_DRAFT in body_of(client.get(url))
