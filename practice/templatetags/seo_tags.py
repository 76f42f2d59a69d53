"""Breadcrumbs, link-preview tags and JSON-LD for the base layout. The data is shaped in
`practice.seo`; these tags only hand it to the templates."""

from django import template

from practice import seo

register = template.Library()


def _practice(context, request):
    """The practice's settings: the layout's `practice` when set, else the request's (both are
    cached on the request, so neither costs a query twice)."""
    practice = context.get("practice")
    if practice is None and request is not None:
        from practice.models import PracticeSettings

        practice = PracticeSettings.for_request(request)
    return practice


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context):
    """`{% breadcrumb_trail as crumbs %}`: the pages from home to this one (empty on the home
    page and without a page)."""
    return seo.breadcrumb_trail(context.get("page"), context.get("request"))


@register.simple_tag(takes_context=True)
def page_meta(context):
    """`{% page_meta as meta %}`: description, canonical URL, Open Graph and Twitter card data."""
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    practice = _practice(context, request)
    if page is None:
        # A view that is not a page (search results, 404) may set `meta_description`.
        return seo.view_meta(request, practice, description=context.get("meta_description", ""))
    return seo.page_meta(page, request, practice, context.get("filter_heading") or "")


@register.simple_tag(takes_context=True)
def structured_data(context):
    """`{% structured_data %}`: the practice, the breadcrumbs and the page as JSON-LD blocks."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    return seo.json_ld_scripts(seo.structured_data(page, request, _practice(context, request)))
