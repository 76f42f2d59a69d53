"""The editor's "Content checks" panel: the page's reading grade against its target, its three
longest sentences, and every other finding of content_health.checks, as the page was last saved
(a new page shows them after its first save). Wagtail's own Panel API only."""

from wagtail.admin.panels import Panel

from content_health.checks import REFUSE, page_findings, reading_target, standards
from content_health.readability import reading_level

__all__ = ["ContentChecksPanel", "checks_context"]


def checks_context(page):
    """What the panel and the preview's box show for `page`."""
    rules = standards()
    target = reading_target(page, rules)
    reading = reading_level(page) if target is not None else None
    findings = [f for f in page_findings(page, rules) if f.check != "reading"]
    return {
        "reading": reading,
        "target": target,
        "above_target": reading is not None and reading.grade > target,
        "blocking": rules.block_above_target,
        "findings": findings,
        "refusals": [f for f in findings if f.severity == REFUSE],
    }


class ContentChecksPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "Content checks")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "content_health/checks_panel.html"

        def is_shown(self):
            return bool(getattr(self.instance, "content_checks", ()))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(checks_context(self.instance))
            context["is_new"] = self.instance.pk is None
            return context
