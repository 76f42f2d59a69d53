"""Navigation and small presentation helpers used by the base layout."""

from django import template
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import richtext

from practice.citations import render_markers
from practice.models.settings import phone_href

register = template.Library()


@register.filter
def tel_href(number):
    """`{{ "310-999-4996"|tel_href }}` → `tel:3109994996`."""
    return phone_href(number)


@register.simple_tag(takes_context=True)
def cited_richtext(context, value):
    """`{% cited_richtext value %}`: rich text with each [@key] marker turned into a numbered link
    to the page's reference list (the page's `citation_numbers`, when it has any)."""
    return render_markers(richtext(value), context.get("citation_numbers") or {})


def get_menu_items(request, current_page=None):
    """The site's top-level pages marked "show in menus", each flagged when the visitor is in it.

    Shaped in Python with one query, so the template only loops over plain dicts.
    """
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    root = site.root_page
    pages = (
        Page.objects.child_of(root)
        .live()
        .in_menu()
        .only("id", "title", "path", "url_path", "depth")
    )
    current_path = current_page.path if current_page is not None else None
    items = []
    for page in pages:
        url = page.get_url(request=request)
        if current_path is not None:
            active = current_path.startswith(page.path)
        else:
            active = bool(url) and request.path.startswith(url)
        items.append(
            {"title": page.title, "url": url, "active": active, "exact": current_path == page.path}
        )
    return items


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    return {"items": get_menu_items(request, context.get("page")), "request": request}
