"""The content-health admin: the Content health report and its dashboard panel, the claim rules
(Snippets → Claim rules), a message after publishing with what the checks found, and who may
open each of these screens (practice/admin_access.py rows)."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content_health.checks import page_findings
from content_health.models import ClaimRule
from content_health.report import ContentHealthPanel, ContentHealthReportView
from practice.admin_access import EDITORS, is_editor


class ClaimRuleViewSet(SnippetViewSet):
    model = ClaimRule
    icon = "warning"
    menu_label = "Claim rules"
    list_display = ["phrase", "kind", "rule_name"]
    list_filter = ["kind"]
    search_fields = ["phrase", "why", "rule_name"]


register_snippet(ClaimRuleViewSet)


@hooks.register("register_admin_urls")
def content_health_urls():
    return [
        path(
            "reports/content-health/",
            ContentHealthReportView.as_view(),
            name="content_health_report",
        ),
        path(
            "reports/content-health/results/",
            ContentHealthReportView.as_view(results_only=True),
            name="content_health_report_results",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_reports_menu_item")
def content_health_menu_item():
    return EditorsMenuItem(
        "Content health",
        reverse("content_health_report"),
        name="content-health",
        icon_name="doc-full",
        order=40,
    )


@hooks.register("construct_homepage_panels")
def content_health_panel(request, panels):
    if is_editor(request.user):
        panels.append(ContentHealthPanel())


@hooks.register("register_admin_access")
def content_health_access():
    return {
        "content_health_report": EDITORS,
        "content_health_report_results": EDITORS,
        "wagtailsnippets_content_health_claimrule:*": EDITORS,
        "wagtailsnippetchoosers_content_health_claimrule:*": EDITORS,
    }


def tell_what_the_checks_found(request, page):
    """After a save or publish: what to look at (warnings never stop a publication)."""
    findings = page_findings(page.specific)
    if findings:
        lines = "; ".join(f.message for f in findings[:3])
        more = f" (and {len(findings) - 3} more in Content checks)" if len(findings) > 3 else ""
        messages.warning(request, f"Content checks: {lines}{more}")


hooks.register("after_create_page", tell_what_the_checks_found)
hooks.register("after_edit_page", tell_what_the_checks_found)
