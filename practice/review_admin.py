"""'Mark reviewed today': one click in the "Clinical reviews due" report (and its dashboard panel)
records that a page's clinical content was checked today.

What it does, on a POST from someone with the report's permission (`REVIEWERS` in
practice/admin_access.py):

- takes the page's LIVE content (the page row, never a draft), sets `last_reviewed` to today in
  the practice's time zone and `next_review_due` a year later, saves that as a new revision and
  publishes it, so the public page shows the new date at once;
- names the reviewer: the user's own clinician profile when they have one, else the clinician
  already named on the page (an editor records a colleague's review); with neither, it refuses;
- records who clicked and when in Wagtail's log (action "practice.mark_reviewed", shown in the
  page's history and the site history report), besides the revision and publish entries.

A page with an unpublished draft is refused ("This page has unpublished changes: ..."): publishing
the live content would leave the draft with the old review date, and publishing the draft would put
words nobody approved on the site. The editor sets the date in the draft and publishes it there.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from practice.models import ClinicianPage
from practice.models.mixins import ClinicalReviewMixin, one_year_after
from practice.reports import user_can_see_reviews

logger = logging.getLogger(__name__)

LOG_ACTION = "practice.mark_reviewed"
URL_NAME = "clinical_review_mark_reviewed"
DRAFT_REFUSAL = "This page has unpublished changes: open it and set the review date there."


def back_to(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("clinical_reviews_due")


def reviewer_for(user, page):
    """The clinician named as reviewer: the user's own profile, else the one already named."""
    own = ClinicianPage.objects.filter(user=user).first()
    return own or page.reviewed_by


def mark_reviewed(page, user, today=None):
    """Publish the live content of `page` with today's review; returns the published revision.
    The caller has checked that the page is live with no unpublished changes."""
    today = today or timezone.localdate()
    page.reviewed_by = reviewer_for(user, page)
    page.last_reviewed = today
    page.next_review_due = one_year_after(today)
    revision = page.save_revision(user=user, log_action=False)
    revision.publish(user=user)
    log(
        instance=page,
        action=LOG_ACTION,
        user=user,
        data={"last_reviewed": today.isoformat(), "reviewed_by": page.reviewed_by.display_name},
    )
    return revision


def refusal(page, user):
    """Why this page cannot be marked reviewed in one click, or None."""
    if not page.live:
        return "This page is not published: publish it first, then mark it reviewed."
    if page.has_unpublished_changes:
        return DRAFT_REFUSAL
    if page.locked and page.locked_by_id != user.pk:
        return "This page is locked by someone else: ask them to unlock it first."
    if reviewer_for(user, page) is None:
        return "No clinician is named as the reviewer: open the page and choose who reviewed it."
    return None


@require_POST
def mark_reviewed_view(request, page_id):
    if not user_can_see_reviews(request.user):
        raise PermissionDenied
    page = Page.objects.filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if page is None or not isinstance(page, ClinicalReviewMixin):
        raise Http404
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    problem = refusal(page, request.user)
    if problem:
        messages.error(request, f"{page.title}: {problem}")
        return back_to(request)
    mark_reviewed(page, request.user)
    day = page.last_reviewed
    messages.success(
        request,
        f"{page.title} marked reviewed today ({day:%B} {day.day}, {day.year}); "
        f"next review due {page.next_review_due:%B} {page.next_review_due.day}, "
        f"{page.next_review_due.year}.",
    )
    return back_to(request)


def mark_reviewed_url(page):
    return reverse(URL_NAME, args=(page.pk,))


def register_log_action(actions):
    actions.register_action(LOG_ACTION, "Mark reviewed", "Marked clinically reviewed")
