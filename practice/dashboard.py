"""Dashboard panels of the practice's own (the clinical reviews panel is practice/reports.py's):
the notice banner's state, for editors."""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from practice.admin_access import is_editor
from practice.models import PracticeSettings

STALE_AFTER_DAYS = 90


def long_date(day):
    return f"{day:%B} {day.day}, {day.year}"


def banner_state(details, today=None):
    """What the notice banner is doing today, in words: (state, sentence).

    state is "off", "scheduled" (on, first day still ahead), "ended" (on, last day past), "on"
    (showing, with a last day) or "stale": showing for more than 90 days with no last day. How long
    it has shown is counted from its first day; a banner with no first day has no known start and
    is never called stale (the panel asks for a last day instead)."""
    today = today or timezone.localdate()
    starts, ends = details.notice_starts_on, details.notice_ends_on
    if not details.notice_enabled or not details.notice_text.strip():
        return "off", "The notice banner is off."
    if starts and starts > today:
        ending = f" until {long_date(ends)}" if ends else ""
        return "scheduled", f"The notice banner starts on {long_date(starts)}{ending}."
    if ends and ends < today:
        return "ended", f"The notice banner ended on {long_date(ends)}; it no longer shows."
    if ends:
        return "on", f"The notice banner is showing until {long_date(ends)}."
    if starts and (today - starts) > datetime.timedelta(days=STALE_AFTER_DAYS):
        days = (today - starts).days
        return "stale", (
            f"The notice banner has shown for {days} days, since {long_date(starts)}, with no "
            "last day. Check it still says what you mean, or give it a last day."
        )
    since = f" since {long_date(starts)}" if starts else ""
    return "on", f"The notice banner is showing{since}, with no last day."


class NoticeBannerPanel(Component):
    name = "notice_banner"
    template_name = "dashboard/notice_banner_panel.html"
    order = 70

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context):
        details = PracticeSettings.for_site(self.site)
        state, sentence = banner_state(details)
        return {
            "state": state,
            "sentence": sentence,
            "notice_text": details.notice_text if state != "off" else "",
            "edit_url": reverse(
                "wagtailsettings:edit", args=("practice", "practicesettings", self.site.pk)
            ),
        }


def add_notice_banner_panel(request, panels):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is not None and is_editor(request.user):
        panels.append(NoticeBannerPanel(site))
