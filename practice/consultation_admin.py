"""Consultation requests in the admin, as a follow-up list for editors (never clinicians).

- The list (a snippet listing): name, phone and e-mail as `tel:`/`mailto:` links, the person's
  choices in words, when it arrived in the practice's time zone, its status (who changed it and
  when, or how long it has waited) and one-click buttons to the next status.
- The detail (Wagtail's inspect view, read-only): everything the person wrote, the same buttons
  and the request's history. Nobody adds a request or edits a person's words: the add and edit
  URLs answer 404 (requests only come from the contact page).
- `change_status`: the buttons' POST target; records a `ConsultationRequestStatusChange`.
- `RequestsPanel`: the dashboard's count of new requests and the oldest one's wait, against the
  reply the practice promises (`PracticeSettings.reply_within_hours`), highlighted when overdue.

Nothing here logs a person's details or caches a page; the messages shown after a change name
the status, not the person.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from practice.admin_access import EDITORS, is_editor
from practice.models import ConsultationRequest, ConsultationRequestStatusChange, PracticeSettings
from practice.models.settings import phone_href

Status = ConsultationRequest.Status
STATUS_URL_NAME = "consultation_request_status"
VIEW_PERMISSION = "practice.view_consultationrequest"
CHANGE_PERMISSION = "practice.change_consultationrequest"

# The buttons each status offers: (the status a click moves it to, the button's words).
NEXT_STEPS = {
    Status.NEW: [
        (Status.CONTACTED, "Mark contacted"),
        (Status.NOT_A_FIT, "Not a fit"),
        (Status.CLOSED, "Close"),
    ],
    Status.CONTACTED: [
        (Status.BOOKED, "Booked"),
        (Status.NOT_A_FIT, "Not a fit"),
        (Status.CLOSED, "Close"),
    ],
    Status.BOOKED: [(Status.CLOSED, "Close")],
    Status.NOT_A_FIT: [(Status.CLOSED, "Close")],
    Status.CLOSED: [(Status.CONTACTED, "Reopen")],
}
# What the message after a click says (no name: messages travel in the session).
DONE_WORDS = {
    Status.NEW: "The request is new again.",
    Status.CONTACTED: "Marked as contacted.",
    Status.BOOKED: "Marked as booked.",
    Status.NOT_A_FIT: "Marked as not a fit.",
    Status.CLOSED: "The request is closed.",
}


# --- Words and times. ---


def practice_time(value):
    """'December 2, 2026, 3:05 p.m.' in the practice's own time zone, whoever is signed in."""
    if value is None:
        return ""
    local = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
    return date_format(local, "F j, Y, g:i a")


def plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def waited_words(delta):
    """'a few minutes', '45 minutes', '3 hours', '2 days and 4 hours'."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 5:
        return "a few minutes"
    if minutes < 60:
        return plural(minutes, "minute")
    hours = minutes // 60
    if hours < 48:
        return plural(hours, "hour")
    days, hours = divmod(hours, 24)
    return plural(days, "day") + (f" and {plural(hours, 'hour')}" if hours else "")


def promise_words(hours):
    """The promised reply in words: 'one working day' for 24 hours, '2 days', '12 hours'."""
    if hours == 24:
        return "one working day"
    if hours % 24 == 0:
        return plural(hours // 24, "day")
    return plural(hours, "hour")


def reply_hours(request):
    """The practice's promised reply, in hours (read once per request)."""
    if not hasattr(request, "_practice_reply_hours"):
        # The admin answers on any host name: a host no Site matches reads the default site's
        # details, and a database with no site at all the field's default.
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
        if site is None:
            hours = PracticeSettings._meta.get_field("reply_within_hours").default
        else:
            hours = PracticeSettings.for_site(site).reply_within_hours
        request._practice_reply_hours = hours
    return request._practice_reply_hours


def is_overdue(item, hours, now=None):
    now = now or timezone.now()
    return item.status == Status.NEW and now - item.created > timedelta(hours=hours)


def last_change(item):
    changes = list(item.status_changes.all())  # prefetched by the list and the detail
    return changes[-1] if changes else None


def changed_by_words(change):
    user = change.changed_by
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def follow_up(item, request):
    """What the list and detail say about a request's follow-up."""
    hours = reply_hours(request)
    change = last_change(item)
    return {
        "label": item.get_status_display(),
        "status": item.status,
        "is_new": item.status == Status.NEW,
        "waited": waited_words(timezone.now() - item.created),
        "overdue": is_overdue(item, hours),
        "promise": promise_words(hours),
        "changed_by": changed_by_words(change) if change else "",
        "changed_at": practice_time(change.changed_at) if change else "",
        "steps": NEXT_STEPS.get(item.status, []),
        "action": reverse(STATUS_URL_NAME, args=(item.pk,)),
    }


def contact_links(item):
    return {
        "phone": item.phone,
        "phone_href": phone_href(item.phone),
        "email": item.email,
        "prefers": "a call" if item.contact_by == ConsultationRequest.ContactBy.PHONE else "e-mail",
    }


# --- The list. ---


class CellColumn(Column):
    """A column drawn by one of this module's templates, with the request's details."""

    def __init__(self, name, label, template, **kwargs):
        super().__init__(name, label=label, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["follow_up"] = follow_up(instance, request)
        context["contact"] = contact_links(instance)
        context["received"] = practice_time(instance.created)
        context["next_url"] = request.get_full_path() if request else ""
        # Cells are drawn with a plain context: the form's token is put in by hand.
        context["csrf_token"] = get_token(request) if request else ""
        return context


class ConsultationRequestIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("clinician")
            .prefetch_related("status_changes__changed_by")
        )

    def get_edit_url(self, instance):
        return None  # the name opens the read-only detail

    def get_add_url(self):
        return None


class ConsultationRequestInspectView(InspectView):
    template_name = "consultation_requests/inspect.html"
    page_title = "Consultation request"

    def get_page_subtitle(self):
        return self.object.name

    def get_edit_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["item"] = item
        context["follow_up"] = follow_up(item, self.request)
        context["contact"] = contact_links(item)
        context["received"] = practice_time(item.created)
        context["history"] = [
            {
                "label": change.get_status_display(),
                "by": changed_by_words(change),
                "at": practice_time(change.changed_at),
            }
            for change in item.status_changes.all()
        ]
        context["next_url"] = self.request.get_full_path()
        return context

    def get_object(self, queryset=None):
        return get_object_or_404(
            ConsultationRequest.objects.prefetch_related("status_changes__changed_by"),
            pk=self.pk,
        )


def not_here(request, *args, **kwargs):
    """Requests come from the contact page only, and what a person wrote is theirs."""
    raise Http404("Consultation requests cannot be added or edited here.")


class ConsultationRequestViewSet(SnippetViewSet):
    """Requests for a call back: editors follow them up; nobody adds or rewrites them here."""

    model = ConsultationRequest
    icon = "mail"
    menu_label = "Consultation requests"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ConsultationRequestIndexView
    index_template_name = "consultation_requests/index.html"
    inspect_view_class = ConsultationRequestInspectView
    list_display = [
        "name",
        CellColumn("contact", "How to reach them", "consultation_requests/cells/contact.html"),
        CellColumn("wishes", "How and when", "consultation_requests/cells/wishes.html"),
        CellColumn(
            "received",
            "Received",
            "consultation_requests/cells/received.html",
            sort_key="created",
        ),
        CellColumn("follow_up", "Follow-up", "consultation_requests/cells/follow_up.html"),
    ]
    list_filter = ["status", "contact_by", "service_mode", "clinician", "session_state"]
    list_per_page = 50
    ordering = ["-created"]
    copy_view_enabled = False
    inspect_view_enabled = True

    @property
    def add_view(self):
        return not_here

    @property
    def edit_view(self):
        return not_here


def list_url(status=None):
    url = reverse("wagtailsnippets_practice_consultationrequest:list")
    return f"{url}?status={status}" if status else url


# --- One click: the status change. ---


@never_cache
@require_POST
def change_status(request, pk):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    wanted = request.POST.get("status", "")
    with transaction.atomic():
        item = get_object_or_404(ConsultationRequest.objects.select_for_update(), pk=pk)
        allowed = {step for step, _words in NEXT_STEPS.get(item.status, [])}
        if wanted not in allowed:
            messages.warning(request, "That request had already moved on; nothing changed.")
        else:
            item.status = wanted
            item.save(update_fields=["status"])
            ConsultationRequestStatusChange.objects.create(
                request=item, status=wanted, changed_by=request.user
            )
            messages.success(request, DONE_WORDS[wanted])
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = list_url()
    return redirect(next_url)


def admin_urls():
    return [
        path(
            "consultation-requests/<int:pk>/status/",
            change_status,
            name=STATUS_URL_NAME,
        )
    ]


def admin_access_rows():
    return {STATUS_URL_NAME: EDITORS}


# --- The dashboard. ---


class RequestsPanel(Component):
    """'2 new requests · the oldest has waited 3 hours (we promise a reply within one working
    day)', linking to the list of new requests; overdue highlighted."""

    name = "consultation_requests"
    template_name = "consultation_requests/dashboard_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        new = ConsultationRequest.objects.filter(status=Status.NEW)
        count = new.count()
        oldest = new.order_by("created").values_list("created", flat=True).first()
        hours = reply_hours(request)
        return {
            "count": count,
            "waited": waited_words(timezone.now() - oldest) if oldest else "",
            "overdue": bool(oldest) and timezone.now() - oldest > timedelta(hours=hours),
            "promise": promise_words(hours),
            "new_url": list_url(Status.NEW),
            "all_url": list_url(),
        }


def add_requests_panel(request, panels):
    if is_editor(request.user) and request.user.has_perm(VIEW_PERMISSION):
        panels.append(RequestsPanel())
