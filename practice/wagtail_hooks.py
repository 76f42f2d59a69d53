from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.permissions import get_permission_name
from wagtail.snippets.views.snippets import SnippetViewSet

from practice import (
    availability_admin,
    staff_guide,  # noqa: F401  (registers the staff guide's URLs and Help item)
)
from practice.admin_access import EDITORS, chooser_filter, is_editor
from practice.admin_explorer import open_explorer_on_home
from practice.consultation_admin import (
    ConsultationRequestViewSet,
    add_requests_panel,
    admin_access_rows,
    admin_urls,
)
from practice.dashboard import add_notice_banner_panel
from practice.models import ClinicianPage, Language, OfficeLocation
from practice.reports import ClinicalReviewsDueView, ClinicalReviewsPanel, user_can_see_reviews
from practice.review_admin import mark_reviewed_view, register_log_action


@hooks.register("register_admin_urls")
def register_clinical_review_report_urls():
    return [
        path(
            "reports/clinical-reviews/",
            ClinicalReviewsDueView.as_view(),
            name="clinical_reviews_due",
        ),
        path(
            "reports/clinical-reviews/results/",
            ClinicalReviewsDueView.as_view(results_only=True),
            name="clinical_reviews_due_results",
        ),
        path(
            "reports/clinical-reviews/<int:page_id>/mark-reviewed/",
            mark_reviewed_view,
            name="clinical_review_mark_reviewed",
        ),
    ]


hooks.register("register_log_actions", register_log_action)
hooks.register("construct_homepage_panels", add_notice_banner_panel)


class ClinicalReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_reviews(request.user)


@hooks.register("register_reports_menu_item")
def register_clinical_review_report_menu_item():
    return ClinicalReviewsMenuItem(
        "Clinical reviews due",
        reverse("clinical_reviews_due"),
        name="clinical-reviews-due",
        icon_name="warning",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_clinical_reviews_panel(request, panels):
    if user_can_see_reviews(request.user):
        panels.append(ClinicalReviewsPanel())


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = "Languages"
    list_display = ["name", "code"]
    search_fields = ["name"]


class OfficeLocationViewSet(SnippetViewSet):
    model = OfficeLocation
    icon = "site"
    menu_label = "Office locations"
    list_display = ["name", "street_address", "city", "sort_order"]


@hooks.register("insert_global_admin_css")
def practice_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("insert_global_admin_js")
def hold_saves_during_autosave():
    """A save pressed while an autosave is creating the page waits for it (the script says why)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-autosave.js"))


# Availability to confirm: the dashboard panel and its one-click confirmation.
hooks.register("register_admin_urls", availability_admin.admin_urls)
hooks.register("register_admin_access", availability_admin.admin_access_rows)
hooks.register("register_log_actions", availability_admin.register_log_action)
hooks.register("construct_homepage_panels", availability_admin.add_availability_panel)


# The lists clinicians choose from on their profiles: the editors' to keep.
register_snippet(LanguageViewSet)
register_snippet(OfficeLocationViewSet)


@hooks.register("register_admin_access")
def finder_lists_access():
    return {
        "wagtailsnippets_practice_language:*": EDITORS,
        "wagtailsnippetchoosers_practice_language:*": EDITORS,
        "wagtailsnippets_practice_officelocation:*": EDITORS,
        "wagtailsnippetchoosers_practice_officelocation:*": EDITORS,
    }


# Consultation requests: the follow-up list, its one-click status URL and the dashboard panel.
register_snippet(ConsultationRequestViewSet)
hooks.register("register_admin_urls", admin_urls)
hooks.register("register_admin_access", admin_access_rows)
hooks.register("construct_homepage_panels", add_requests_panel)


class OwnProfilePanel(Component):
    """Dashboard panel for a clinician: a way straight to their own profile page."""

    name = "own_profile"
    template_name = "practice/dashboard/own_profile_panel.html"
    order = 40

    def __init__(self, profile):
        self.profile = profile

    def get_context_data(self, parent_context):
        return {"profile": self.profile}


@hooks.register("construct_homepage_panels")
def add_own_profile_panel(request, panels):
    profile = ClinicianPage.objects.filter(user=request.user).first()
    if profile is not None:
        panels.append(OwnProfilePanel(profile))


@hooks.register("register_bulk_action", order=1)  # after Wagtail's own, so this one is used
class DeleteSnippetsBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete screen names every chosen snippet (a requester's name, a
    commenter's name and words) even to a user who may not delete them: refuse them instead."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(get_permission_name("delete", self.model)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- What a clinician sees in the admin (the access table itself is practice/admin_access.py).

# The main menu items a user outside the Editors group is shown: the pages they work on (the
# explorer opens on the blog), images, their own profile and help. Anything else Wagtail or an
# app adds to the menu later stays hidden from them unless it is named here.
CLINICIAN_MENU = {"explorer", "images", "own-profile", "help"}


class OwnProfileMenuItem(MenuItem):
    """'My profile': straight to the editor of the profile linked to the user's account. Menu
    items are shared by every request, so the link is made per request, never stored."""

    def is_shown(self, request):
        return ClinicianPage.objects.filter(user=request.user).exists()

    def render_component(self, request):
        component = super().render_component(request)
        profile = ClinicianPage.objects.filter(user=request.user).only("pk").first()
        if profile is not None:
            component.url = reverse("wagtailadmin_pages:edit", args=(profile.pk,))
        return component


@hooks.register("register_admin_menu_item")
def register_own_profile_menu_item():
    return OwnProfileMenuItem(
        "My profile", reverse("wagtailadmin_home"), name="own-profile", icon_name="user", order=210
    )


@hooks.register("construct_main_menu")
def show_clinicians_only_their_tools(request, menu_items):
    if not is_editor(request.user):
        menu_items[:] = [item for item in menu_items if item.name in CLINICIAN_MENU]


hooks.register("construct_main_menu", open_explorer_on_home)


@hooks.register("construct_page_chooser_queryset")
def hide_others_drafts_from_the_page_chooser(pages, request):
    """A clinician's page chooser lists live pages, their own pages and their profile: never the
    title of a colleague's or an editor's unpublished page."""
    if is_editor(request.user):
        return pages
    return pages.filter(chooser_filter(request.user))
