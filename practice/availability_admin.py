"""Keeping availability true: the dashboard lists the clinicians whose "accepting new clients"
has not been confirmed within the practice's limit (Practice details → Telehealth and
availability), and one click confirms it, or changes it, today.

Editors see every such clinician; a clinician sees their own profile. The click (a POST from
someone who may publish the profile: an editor, or the clinician on their own page) takes the
LIVE profile, sets the answer and today's date, saves a revision and publishes it, so the site
shows it at once; it is refused when the profile has unpublished changes (the draft would keep
the old answer). Who confirmed and when is in the page's history ("Availability confirmed")."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log
from wagtail.models import Site

from practice.admin_access import STAFF, is_editor
from practice.models import ClinicianPage, PracticeSettings
from practice.models.clinician_data import ACCEPTING_CHOICES

LOG_ACTION = "practice.confirm_availability"
URL_NAME = "clinician_availability_confirm"


def clinicians_to_confirm(user, site, today=None):
    """The live clinicians whose availability is unconfirmed or older than the limit: every one
    for an editor, the user's own profile for a clinician."""
    settings = PracticeSettings.for_site(site)
    pages = ClinicianPage.objects.live().order_by("path")
    if not is_editor(user):
        pages = pages.filter(user=user)
    return [
        page
        for page in pages
        if page.availability_needs_confirming(settings.availability_valid_days, today)
    ]


class AvailabilityPanel(Component):
    name = "clinician_availability"
    template_name = "dashboard/availability_panel.html"
    order = 55

    def __init__(self, pages, valid_days):
        self.pages = pages
        self.valid_days = valid_days

    def get_context_data(self, parent_context):
        request = parent_context.get("request")
        return {
            "pages": self.pages,
            "valid_days": self.valid_days,
            "choices": ACCEPTING_CHOICES,
            "csrf_token_value": get_token(request) if request else "",
        }


def add_availability_panel(request, panels):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None or not request.user.is_authenticated:
        return
    pages = clinicians_to_confirm(request.user, site)
    if pages or is_editor(request.user):
        valid_days = PracticeSettings.for_site(site).availability_valid_days
        panels.append(AvailabilityPanel(pages, valid_days))


@require_POST
def confirm_availability_view(request, page_id):
    page = get_object_or_404(ClinicianPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    answer = request.POST.get("accepting_new_clients", "")
    if answer not in dict(ACCEPTING_CHOICES):
        messages.error(request, f"{page.title}: choose one of the answers.")
        return redirect("wagtailadmin_home")
    if not page.live or page.has_unpublished_changes:
        messages.error(
            request,
            f"{page.title}: the profile has unpublished changes (or is not published); open it "
            "and set the availability there.",
        )
        return redirect("wagtailadmin_home")
    today = timezone.localdate()
    page.accepting_new_clients = answer
    page.availability_confirmed_on = today
    revision = page.save_revision(user=request.user, log_action=False)
    revision.publish(user=request.user)
    log(instance=page, action=LOG_ACTION, user=request.user, data={"answer": answer})
    messages.success(
        request,
        f"{page.title}: “{dict(ACCEPTING_CHOICES)[answer]}”, confirmed today "
        f"({today:%B} {today.day}, {today.year}).",
    )
    return redirect("wagtailadmin_home")


def admin_urls():
    return [
        path(
            "availability/<int:page_id>/confirm/",
            confirm_availability_view,
            name=URL_NAME,
        )
    ]


def admin_access_rows():
    # Any staff member may post; the view lets through only who may publish the profile.
    return {URL_NAME: STAFF}


def register_log_action(actions):
    actions.register_action(LOG_ACTION, "Confirm availability", "Availability confirmed")


def confirm_url(page):
    return reverse(URL_NAME, args=(page.pk,))
