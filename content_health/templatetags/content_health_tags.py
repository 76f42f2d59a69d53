"""The preview's "Content checks" box: in Wagtail's preview only (staff editing the page), never
on a page a visitor is served, so it is never in the page cache."""

from django import template

from content_health.panels import checks_context

register = template.Library()


@register.inclusion_tag("content_health/preview_checks.html", takes_context=True)
def content_checks_preview(context, page):
    request = context.get("request")
    if not getattr(request, "is_preview", False) or not getattr(page, "content_checks", ()):
        return {"shown": False}
    return {"shown": True, **checks_context(page)}
