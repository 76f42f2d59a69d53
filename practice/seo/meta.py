"""Breadcrumbs and the head's meta and link-preview tags (description, canonical URL, Open
Graph, Twitter card), shaped from the page and the request and memoised on the request, so the
head, the breadcrumbs and the JSON-LD share one lookup of the page's ancestors and one picture.

What differs by page type is the page's to say: its Open Graph type is its `og_type`
("website" unless a page class says otherwise, e.g. "article" for a blog post).
"""

import html

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from practice.wagtail_internals import cached_parent

SOCIAL_IMAGE_FILTER = "fill-1200x630"
# Search engines show about this much of a description.
DESCRIPTION_CHARACTERS = 160

_CACHE_ATTR = "_practice_seo_cache"


def _memoised(request, key, build):
    """`build()` once per request: the head, the breadcrumbs and the JSON-LD at the foot of the
    page all ask for the same facts."""
    cache = getattr(request, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(request, _CACHE_ATTR, cache)
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _page_key(page):
    return (page.pk, page.path)


# Breadcrumbs


def breadcrumb_trail(page, request):
    """The live pages from the site's home page down to `page`, as plain dicts (title, url,
    absolute_url, current). Empty on the home page, for a page outside the request's site, or
    without a page (the 404 page).

    A page Wagtail has just routed to knows its ancestors already (routing fetched each one and
    left it on its child as the cached parent), so the trail costs no query; otherwise (a
    preview, a page served outside routing) the ancestors are read in one query by their tree
    paths. The current page is the page itself, so a preview shows its unsaved title.
    """
    if page is None or request is None or not getattr(page, "path", None):
        return []

    def build():
        site = Site.find_for_request(request)
        if site is None or page.pk == site.root_page_id:
            return []
        ancestors = _routed_ancestors(page, site.root_page_id)
        if ancestors is None:
            ancestors = _queried_ancestors(page, site.root_page_id)
        trail = []
        for ancestor in ancestors:
            url = ancestor.get_url(request=request) if ancestor.live else None
            if url:
                trail.append(_crumb(request, ancestor.title, url))
        if not trail:
            return []
        current = _crumb(request, page.title, page.get_url(request=request) or request.path)
        current["current"] = True
        trail.append(current)
        return trail

    return _memoised(request, ("breadcrumbs", _page_key(page)), build)


def _routed_ancestors(page, root_id):
    """The ancestors from the site root down, from the parents Wagtail's routing cached on each
    page it passed through; None when the chain is not there (or not the page's own)."""
    chain, node = [], page
    while node.pk != root_id:
        parent = cached_parent(node)
        if (
            parent is None
            or not node.path.startswith(parent.path)
            or parent.depth != node.depth - 1
        ):
            return None
        chain.append(parent)
        node = parent
    return chain[::-1]


def _queried_ancestors(page, root_id):
    """The ancestors from the site root down, in one query; [] when the page is not under the
    site root."""
    ancestors = list(
        Page.objects.ancestor_of(page)
        .only("id", "title", "path", "depth", "url_path", "locale_id", "live")
        .order_by("depth")
    )
    ids = [ancestor.pk for ancestor in ancestors]
    return ancestors[ids.index(root_id) :] if root_id in ids else []


def _crumb(request, title, url):
    return {
        "title": title,
        "url": url,
        "absolute_url": request.build_absolute_uri(url),
        "current": False,
    }


# Link previews (meta description, canonical URL, Open Graph, Twitter card)


def canonical_url(page, request):
    """The page's absolute URL on the host the visitor asked for. A listing's own sub-pages
    (/blog/topic/anxiety/) and its later pages (?page=2) are their own canonical pages."""
    url = page.get_url(request=request)
    if not url:
        return ""
    if url.startswith("/") and request.path.startswith(url):
        url = request.path
        number = request.GET.get("page", "")
        # ASCII digits only ("²" is a digit to str.isdigit) and short enough to be a real page.
        if number.isascii() and number.isdigit() and len(number) < 10 and int(number) > 1:
            url = f"{url}?page={int(number)}"
    return request.build_absolute_uri(url)


def social_image(page, request):
    """The page's picture for link previews and structured data, as a dict (absolute url,
    width, height, alt), or None. One rendition per request, shared by both."""
    get_image = getattr(page, "get_meta_image", None)
    image = get_image() if get_image else None
    if image is None:
        return None

    def build():
        from practice.templatetags.practice_images import kept_rendition

        try:
            url, width, height = kept_rendition(image, SOCIAL_IMAGE_FILTER)
        except OSError:  # the original file is missing (SourceImageIOError) or unreadable
            return None
        return {
            "url": request.build_absolute_uri(url),
            "width": width,
            "height": height,
            "alt": getattr(image, "alt_text", "") or "",
        }

    return _memoised(request, ("image", image.pk, SOCIAL_IMAGE_FILTER), build)


def plain_text(value):
    """Rich text or plain text as one line of plain words."""
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())


def shorten(text, limit=DESCRIPTION_CHARACTERS):
    """At most `limit` characters, cut after a whole word."""
    return Truncator(text).chars(limit, truncate="…")


def generated_description(title, practice=None):
    """A sentence for a page that says nothing of itself: what it is, and whose."""
    name = getattr(practice, "practice_name", "") or ""
    tagline = getattr(practice, "tagline", "") or ""
    if name and tagline:
        return f"{title} at {name}: {tagline}."
    if name:
        return f"{title} at {name}."
    return f"{title}."


def page_description(page, practice=None, listing_heading=""):
    """The page's meta description, never empty: its own (search description, else summary),
    else the first words of its introduction (index pages, the home and contact pages), else a
    generated sentence. A filtered listing (a blog topic or author) names what it lists."""
    if listing_heading:
        name = getattr(practice, "practice_name", "") or ""
        where = f"the {name} {page.title.lower()}" if name else page.title
        return shorten(f"{listing_heading}: articles from {where}.")
    description = getattr(page, "meta_description", None)
    if description is None:
        description = page.search_description or ""
    for fallback in ("intro", "hero_text", "bio"):
        if description.strip():
            break
        description = plain_text(getattr(page, fallback, ""))
    description = " ".join(description.split())
    return shorten(description) if description else generated_description(page.title, practice)


def view_meta(request, practice=None, description=""):
    """The description of a page that is not a Wagtail page (search results, 404): the view's
    own words, else the practice's name and tagline."""
    if request is None:
        return {}
    if not description:
        name = getattr(practice, "practice_name", "") or ""
        tagline = getattr(practice, "tagline", "") or ""
        description = ": ".join(part for part in (name, tagline) if part)
        description = f"{description}." if description else ""
    return {"description": shorten(description)} if description else {}


def page_meta(page, request, practice=None, listing_heading=""):
    """What the head needs to describe `page` to search engines and link previews."""
    if page is None or request is None:
        return {}
    image = social_image(page, request)
    return {
        "title": getattr(page, "meta_title", None) or page.seo_title or page.title,
        "description": page_description(page, practice, listing_heading),
        "canonical": canonical_url(page, request),
        "type": getattr(page, "og_type", "website"),
        "site_name": getattr(practice, "practice_name", "") or "",
        "image": image,
        "twitter_card": "summary_large_image" if image else "summary",
    }
