"""Navigation and small presentation helpers used by the base layout."""

from django import template
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import richtext

from practice.citations import render_markers
from practice.models.base import layout_pages
from practice.models.page_urls import page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def cited_richtext(context, value):
    """`{% cited_richtext value %}`: rich text with each [@key] marker turned into a numbered link
    to the page's reference list (the page's `citation_numbers`, when it has any)."""
    return render_markers(richtext(value), context.get("citation_numbers") or {})


def get_menu_items(request, current_page=None):
    """The site's top-level pages marked "show in menus", each flagged when the visitor is in it.

    Shaped in Python from the pages read once per request (by routing, with the page itself, or
    in one query of their own), so the template only loops over plain dicts.
    """
    if request is None:
        return []
    current_path = current_page.path if current_page is not None else None
    items = []
    for page in layout_pages(request)["menu"]:
        url = page_url(page, request)
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


@register.simple_tag(takes_context=True)
def menu_section(context):
    """`{% menu_section as section %}`: what the header differs by from page to page, for its
    `{% site_fragment %}`: the path of the menu's page the current page is in (or below) and
    whether it is that page, so the header's main menu marks the same item (`get_menu_items`).
    None where the header is not the same for every visitor of the page (no page, or a search:
    a search's words are never kept) or there is no site."""
    page, request = context.get("page"), context.get("request")
    if page is None or request is None or context.get("search_query"):
        return None
    site = Site.find_for_request(request)
    if site is None or not getattr(page, "path", None):
        return None
    root = site.root_page
    top = page.path[: (root.depth + 1) * page.steplen]
    return f"{top} {page.depth == root.depth + 1}"


def link_url(value, request=None):
    """The address of a link block's value (LinkStructValue): its page's URL for this request's
    site, or its external address."""
    page = value.get("page")
    if page is not None:
        return page_url(page, request) or ""
    return value.get("external_url") or ""


@register.simple_tag(takes_context=True, name="link_url")
def link_url_tag(context, value):
    """`{% link_url value as url %}`: like `value.url`, but the page's URL comes from the site
    root paths already read for this request instead of a lookup of its own."""
    return link_url(value, context.get("request"))


@register.simple_tag(takes_context=True)
def footer_links(context):
    """`{% footer_links as links %}`: the practice's footer links as dicts (label, url), their
    pages read with the menu's, once per request. A link to a page that is not live (a draft
    or an unpublished page: a 404, and a title visitors must not read) is left out, like one
    whose page has no URL in this site."""
    practice = context.get("practice")
    request = context.get("request")
    if not practice:
        return []
    if request is None:
        links = [
            {"label": block.value.label(), "url": link_url(block.value)}
            for block in practice.footer_links
            if block.value.get("page") is None or block.value["page"].live
        ]
        return [link for link in links if link["url"]]
    pages = layout_pages(request)["pages"]
    links = []
    for item in practice.footer_links.raw_data:
        value = item.get("value")
        if item.get("type") != "link" or not isinstance(value, dict):
            continue
        page = pages.get(value.get("page"))
        if value.get("page") and (page is None or not page.live):
            continue
        links.append(
            {
                "label": value.get("heading") or (page.title if page else ""),
                "url": (page_url(page, request) if page else value.get("external_url")) or "",
            }
        )
    return [link for link in links if link["url"]]
