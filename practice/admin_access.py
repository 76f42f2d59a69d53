"""Who may open each admin URL: one table, enforced on every request under /admin/.

`ADMIN_ACCESS` maps every URL name the admin has (namespaced, as `reverse()` spells it) to one
rule. A URL name missing from it is open to superusers only: a view, chooser, API or report added
later is refused to everyone else until someone writes its row here (deny by default). The test
`tests/practice/test_access_table.py` walks every URL pattern Django resolves and fails on any name
without a row, so a missing row shows in CI, not in production.

The rules, from widest to narrowest:

- PUBLIC_ADMIN: anyone, signed in or not (the login, password reset, the icon sprite).
- STAFF: any account with admin access (both groups). Wagtail's own checks still apply on top:
  a clinician opens the page editor only for pages they may edit, and so on.
- EDITORS: the Editors group and superusers.
- REVIEWERS: staff with the permission "Can see which pages are due a clinical review"
  (`practice.view_clinical_reviews`; Editors have it, and an admin may give it to anyone else).
- SUPERUSER: superusers only; also what every URL name not in the table gets.

The apps above this one add the rows of their own admin screens (their snippets) through the
`register_admin_access` hook: a function in their wagtail_hooks.py returning {url name: rule}.
`admin_access_table()` is this table with those rows; a row that contradicts one here is an error.

A row "namespace:*" gives a whole namespace one rule (used only where every view in it has the
same audience). Three STAFF rows also check the object asked for (`OBJECT_CHECKS`): the page
chooser and the bulk action screens, which name pages by id, open for a non-editor only on what
they may see.

A refused signed-in user gets Wagtail's usual answer (back to the dashboard with "Sorry, you do
not have permission to access this area."); an anonymous visitor is sent to the login.

`FRONT_END` lists the public URL names (outside /admin/): the middleware leaves them alone (their
own views decide), but the access test checks them too, so every URL Django knows is in one place.

Unnamed patterns are keyed by their route as `ResolverMatch.route` spells it (e.g. "admin/.*/$",
Wagtail's catch-all 404).
"""

import functools

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied, reject_request

EDITORS_GROUP = "Editors"

PUBLIC_ADMIN = "public admin"
STAFF = "staff"
EDITORS = "editors"
REVIEWERS = "clinical reviewers"
SUPERUSER = "superuser"
RULES = (PUBLIC_ADMIN, STAFF, EDITORS, REVIEWERS, SUPERUSER)
REVIEW_PERMISSION = "practice.view_clinical_reviews"

# Front-end URL names: outside the admin, open to every visitor (the views themselves 404 what
# is not live or public, and ask for a password or login where a page is restricted).
PUBLIC = "public"

# fmt: off
ADMIN_ACCESS = {
    # Signing in and out, and what the login screen itself needs.
    "wagtailadmin_login":                       PUBLIC_ADMIN,
    "wagtailadmin_password_reset":              PUBLIC_ADMIN,
    "wagtailadmin_password_reset_done":         PUBLIC_ADMIN,
    "wagtailadmin_password_reset_confirm":      PUBLIC_ADMIN,
    "wagtailadmin_password_reset_complete":     PUBLIC_ADMIN,
    "wagtailadmin_sprite":                      PUBLIC_ADMIN,
    "wagtailadmin_javascript_catalog":          PUBLIC_ADMIN,
    "wagtailadmin_logout":                      STAFF,
    # The second factor's screens (practice/two_factor/): every staff account, verified or not
    # (its own middleware decides when they are asked for).
    "practice_two_factor_setup":                STAFF,
    "practice_two_factor_verify":               STAFF,
    "practice_two_factor_recovery":             STAFF,

    # Everyone's own corner: dashboard, account, the admin's 404 and small helpers.
    "wagtailadmin_home":                        STAFF,
    "wagtailadmin_account":                     STAFF,
    "wagtailadmin_dismissibles":                STAFF,
    "wagtailadmin_editing_sessions:*":          STAFF,
    "wagtailadmin_block_preview":               STAFF,
    "wagtailadmin_tag_autocomplete":            STAFF,
    "wagtailadmin_tag_model_autocomplete":      STAFF,
    "admin/.*/$":                               STAFF,  # Wagtail's "page not found" in the admin
    "staff_guide":                              STAFF,  # the staff guide (practice/staff_guide.py)
    "staff_guide_image":                        STAFF,
    "admin/test404/":                           SUPERUSER,
    "wagtailadmin_error_test":                  SUPERUSER,

    # Pages: clinicians work on the blog's posts and their own profile. Wagtail's page
    # permissions (blog/permissions.py, practice/models/team.py) decide which page.
    "wagtailadmin_explore_root":                STAFF,
    "wagtailadmin_explore":                     STAFF,
    "wagtailadmin_explore_results":             STAFF,
    "wagtail_bulk_action":                      STAFF,  # and `bulk_action_allows` below
    "wagtailadmin_pages:add":                   STAFF,
    "wagtailadmin_pages:preview_on_add":        STAFF,
    "wagtailadmin_pages:choose_parent":         STAFF,
    "wagtailadmin_pages:edit":                  STAFF,
    "wagtailadmin_pages:preview_on_edit":       STAFF,
    "wagtailadmin_pages:view_draft":            STAFF,
    "wagtailadmin_pages:add_subpage":           STAFF,
    "wagtailadmin_pages:delete":                STAFF,
    "wagtailadmin_pages:unpublish":             STAFF,
    "wagtailadmin_pages:search":                STAFF,
    "wagtailadmin_pages:search_results":        STAFF,
    "wagtailadmin_pages:move":                  STAFF,
    "wagtailadmin_pages:move_confirm":          STAFF,
    "wagtailadmin_pages:set_page_position":     STAFF,
    "wagtailadmin_pages:copy":                  STAFF,
    "wagtailadmin_pages:set_privacy":           STAFF,  # can_set_view_restrictions: editors
    "wagtailadmin_pages:lock":                  STAFF,
    "wagtailadmin_pages:unlock":                STAFF,
    "wagtailadmin_pages:revisions_index":       STAFF,
    "wagtailadmin_pages:revisions_view":        STAFF,
    "wagtailadmin_pages:revisions_revert":      STAFF,
    "wagtailadmin_pages:revisions_unschedule":  STAFF,
    "wagtailadmin_pages:revisions_compare":     STAFF,
    "wagtailadmin_pages:history":               STAFF,
    "wagtailadmin_pages:history_results":       STAFF,
    "wagtailadmin_pages:convert_alias":         EDITORS,
    # Which pages use a page, and which pages are of a type: the whole site's tree.
    "wagtailadmin_pages:usage":                 EDITORS,
    "wagtailadmin_pages:type_use":              EDITORS,
    "wagtailadmin_pages:type_use_results":      EDITORS,
    # Moderation workflows are the editors' (the practice uses none for clinicians).
    "wagtailadmin_pages:workflow_action":               EDITORS,
    "wagtailadmin_pages:collect_workflow_action_data":  EDITORS,
    "wagtailadmin_pages:confirm_workflow_cancellation": EDITORS,
    "wagtailadmin_pages:workflow_preview":              EDITORS,
    "wagtailadmin_pages:workflow_history":              EDITORS,
    "wagtailadmin_pages:workflow_history_detail":       EDITORS,
    "wagtailadmin_workflows:*":                 SUPERUSER,

    # The page chooser: a clinician sees live pages and their own only (practice/wagtail_hooks.py
    # narrows the listing and search; `page_chooser_allows` below the page asked for by id).
    "wagtailadmin_choose_page":                 STAFF,
    "wagtailadmin_choose_page_child":           STAFF,
    "wagtailadmin_choose_page_search":          STAFF,
    "wagtailadmin_choose_page_chosen_multiple": STAFF,
    "wagtailadmin_choose_page_external_link":   STAFF,
    "wagtailadmin_choose_page_email_link":      STAFF,
    "wagtailadmin_choose_page_phone_link":      STAFF,
    "wagtailadmin_choose_page_anchor_link":     STAFF,

    # The admin's JSON API. Pages: what the user may explore (Wagtail filters); images: what
    # every writer may choose anyway; documents: editors only.
    "wagtailadmin_api:pages:*":                 STAFF,
    "wagtailadmin_api:images:*":                STAFF,
    "wagtailadmin_api:documents:*":             EDITORS,

    # Images: every writer uploads and chooses them (collection permissions decide which).
    "wagtailimages:*":                          STAFF,
    "wagtailimages_chooser:*":                  STAFF,

    # Documents, snippets, settings, redirects, promoted results: the editors' tools.
    "wagtaildocs:*":                            EDITORS,
    "wagtaildocs_chooser:*":                    EDITORS,
    "wagtailsnippets:index":                    EDITORS,
    "wagtailsnippets_practice_consultationrequest:*":      EDITORS,
    "wagtailsnippetchoosers_practice_consultationrequest:*": EDITORS,
    "wagtailsettings:*":                        EDITORS,
    "wagtailredirects:*":                       EDITORS,
    "wagtailsearchpromotions:*":                EDITORS,

    # Reports: what everyone did, which pages are old, locked or in moderation.
    "wagtailadmin_reports:*":                   EDITORS,
    "clinical_reviews_due":                     REVIEWERS,
    "clinical_reviews_due_results":             REVIEWERS,
    "clinical_review_mark_reviewed":            REVIEWERS,  # POST only (practice/review_admin.py)

    # Accounts, groups, sites and collections: superusers only.
    "wagtailusers_users:*":                     SUPERUSER,
    "wagtailusers_groups:*":                    SUPERUSER,
    "wagtailsites:*":                           SUPERUSER,
    "wagtailadmin_collections:*":               SUPERUSER,
}

FRONT_END = {
    "healthz":                                  PUBLIC,
    "search":                                   PUBLIC,
    "sitemap":                                  PUBLIC,
    "robots_txt":                               PUBLIC,
    "wagtail_serve":                            PUBLIC,
    "team_profiles_json":                       PUBLIC,
    "wagtailcore_authenticate_with_password":   PUBLIC,
    "wagtailcore_login":                        PUBLIC,
    "wagtaildocs_serve":                        PUBLIC,
    "wagtaildocs_authenticate_with_password":   PUBLIC,
}
# fmt: on

assert set(ADMIN_ACCESS.values()) <= set(RULES)


def url_key(match):
    """The table's key for a resolved URL: its namespaced name, or its route when unnamed."""
    return match.view_name if match.url_name else match.route


@functools.cache
def admin_access_table():
    """`ADMIN_ACCESS` plus the rows each app adds for its own screens (`register_admin_access`)."""
    table = dict(ADMIN_ACCESS)
    for rows in hooks.get_hooks("register_admin_access"):
        for key, rule in rows().items():
            if rule not in RULES or table.get(key, rule) != rule:
                raise ImproperlyConfigured(f"register_admin_access: {key!r} → {rule!r}")
            table[key] = rule
    return table


def rule_for(key, table=None):
    """The rule of a URL key: its own row, else its namespace's wildcard row, else None."""
    table = admin_access_table() if table is None else table
    if key in table:
        return table[key]
    namespace, _sep, _name = key.rpartition(":")
    while namespace:
        wildcard = f"{namespace}:*"
        if wildcard in table:
            return table[wildcard]
        namespace, _sep, _name = namespace.rpartition(":")
    return None


def is_editor(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object for the request: the menu, the chooser and this check ask.
    if not hasattr(user, "_practice_is_editor"):
        user._practice_is_editor = user.groups.filter(name=EDITORS_GROUP).exists()
    return user._practice_is_editor


def is_staff(user):
    return user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")


def allows(rule, user):
    if rule == PUBLIC_ADMIN:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if rule == STAFF:
        return is_staff(user)
    if rule == EDITORS:
        return is_staff(user) and is_editor(user)
    if rule == REVIEWERS:
        return is_staff(user) and user.has_perm(REVIEW_PERMISSION)
    return False  # SUPERUSER, or a URL without a row


def chooser_filter(user):
    """What the page chooser lists for a non-editor: live pages, the pages they own and their
    own profile (never a colleague's draft title). A Q on Page's search filter fields (id, live,
    owner), so it narrows the chooser's search too."""
    from django.db.models import Q

    from practice.models import ClinicianPage

    profiles = list(ClinicianPage.objects.filter(user=user).values_list("pk", flat=True))
    return Q(live=True) | Q(owner=user) | Q(id__in=profiles)


def chooser_pages_for(user):
    """The pages the page chooser may show a user: all of them for editors."""
    from wagtail.models import Page

    pages = Page.objects.all()
    return pages if is_editor(user) else pages.filter(chooser_filter(user))


def page_chooser_allows(request, kwargs):
    """The page chooser names the page it opens on and the pages it returns: a clinician may
    open it only on a page they would see in its listing (live, or their own)."""
    ids = []
    if "parent_page_id" in kwargs:
        ids.append(kwargs["parent_page_id"])
    if request.resolver_match.url_name == "wagtailadmin_choose_page_chosen_multiple":
        ids.extend(request.GET.getlist("id"))
    ids = {str(i) for i in ids}
    if not ids:
        return True
    if not all(i.isdigit() for i in ids):
        return False
    visible = chooser_pages_for(request.user).filter(pk__in=ids).count()
    return visible == len(ids)


def bulk_action_allows(request, kwargs):
    """Wagtail's bulk action screens name every chosen item, including those the user may not
    act on: a non-editor may open them for images and for pages in the part of the tree they
    work in (the blog), never for documents, snippets or accounts."""
    from wagtail.images import get_image_model
    from wagtail.permission_policies.pages import PagePermissionPolicy

    image_meta = get_image_model()._meta
    model = (kwargs.get("app_label"), kwargs.get("model_name"))
    if model in {("wagtailimages", "image"), (image_meta.app_label, image_meta.model_name)}:
        return True
    if model != ("wagtailcore", "page"):
        return False
    ids = set(request.GET.getlist("id"))
    if "all" in ids:
        # Every child (or, when searching, every descendant) of the listing's page.
        ids = (ids - {"all"}) | {request.GET.get("childOf") or "none"}
    if not ids or not all(i.isdigit() for i in ids):
        return False
    worked_on = PagePermissionPolicy().instances_user_has_any_permission_for(
        request.user, {"add", "change", "publish"}
    )
    return worked_on.filter(pk__in=ids).count() == len(ids)


OBJECT_CHECKS = {
    "wagtail_bulk_action": bulk_action_allows,
    "wagtailadmin_choose_page_child": page_chooser_allows,
    "wagtailadmin_choose_page_chosen_multiple": page_chooser_allows,
}


class AdminAccessMiddleware:
    """Enforces `admin_access_table()` on every request that resolves under /admin/. It must come after
    AuthenticationMiddleware (it reads request.user); it works in process_view, after every
    middleware's request phase, so MessageMiddleware has run and the refusal message can be
    added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/"):
            return None
        match = request.resolver_match
        key = url_key(match)
        rule = rule_for(key)
        user = request.user
        if allows(rule, user):
            check = OBJECT_CHECKS.get(key)
            if check is None or is_editor(user) or check(request, view_kwargs):
                return None
            return permission_denied(request)
        if not user.is_authenticated:
            return reject_request(request)
        if not is_staff(user):
            if request.headers.get("x-requested-with") != "XMLHttpRequest":
                messages.error(request, _("You do not have permission to access the admin."))
            return reject_request(request)
        return permission_denied(request)
