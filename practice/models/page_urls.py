"""Page URLs worked out once per process for each page path and set of sites.

Wagtail's `get_url_parts` matches a page's path against the site root paths and reverses its
`wagtail_serve` URL on every call, and a page asks for its own URL and its parents' many times
(its canonical link, Open Graph and JSON-LD, the breadcrumbs, the menu, cards, the comment
form): 29 calls on the seed post, 13 on the home page, each as long as a small query. The
answer depends only on the page's `url_path`, the sites' root paths, the URLconf and script
prefix in force, the active language where URLs carry it, and (where there are several sites)
the request's site, so it is kept under those: a page moved or renamed has a new `url_path`, a
site changed has new root paths, and neither can be answered from an older entry.

Kept in this process only, bounded (emptied when full), holding page paths and URLs: nothing
about a visitor. Only for a request whose site root paths are remembered on it (`preload_site`
does it for every page served; otherwise Wagtail answers). `page_url` decides between the local
and the full URL as `Page.get_url` does (tests/practice/test_page_urls.py compares the two).
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from wagtail.models import Site

from practice.wagtail_internals import remembered_site_root_paths

__all__ = ["kept_url_parts", "page_url"]

MAX_ENTRIES = 4096

_kept = {}
_MISSING = object()
_ENVIRONMENT_ATTR = "_practice_url_environment"


def _environment(request):
    """What else a URL depends on, read once per request (each is a context-local read, about
    5 µs, as long as a kept URL's whole lookup): the URLconf and script prefix, set when the
    request starts, and the active language where URLs carry it (i18n_patterns, or Wagtail's
    localized sites), for the keys of one request's URLs."""
    found = request.__dict__.get(_ENVIRONMENT_ATTR)
    if found is None:
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        localized = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        localized = localized or is_language_prefix_patterns_used(urlconf)[0]
        found = (urlconf, get_script_prefix(), translation.get_language() if localized else None)
        request.__dict__[_ENVIRONMENT_ATTR] = found
    return found


def kept_url_parts(page, request, find):
    """What `find()` (Wagtail's `get_url_parts(request)` for `page`) returns, found once per
    process for the page's path and everything else the answer depends on."""
    root_paths = remembered_site_root_paths(request)
    if not root_paths:
        return find()
    key = (page.url_path, tuple(root_paths), _environment(request))
    if len({root_path[0] for root_path in root_paths}) > 1:
        site = Site.find_for_request(request)  # several sites: Wagtail prefers the request's
        key += (site.pk if site else None,)
    found = _kept.get(key, _MISSING)
    if found is _MISSING:
        found = find()
        if len(_kept) >= MAX_ENTRIES:
            _kept.clear()
        _kept[key] = found
    return found


def page_url(page, request, get_url=None):
    """`page.get_url(request)` with its parts kept (`kept_url_parts`), for a page of any type,
    Wagtail's own `Page` included (the menu's and the cards' pages, read without their
    specific type): the local URL when the page is in the request's site or there is only
    one site, the full URL otherwise, None when the page has no URL. `get_url`: the method
    that answers when nothing is kept for the request (Wagtail's, for BasePage's own)."""
    root_paths = remembered_site_root_paths(request)
    if not root_paths:
        return (get_url or type(page).get_url)(page, request=request)
    parts = kept_url_parts(page, request, lambda: page.get_url_parts(request=request))
    if parts is None or (parts[1] is None and parts[2] is None):
        return None
    site_id, root_url, page_path = parts
    site = Site.find_for_request(request)
    if (site is not None and site_id == site.pk) or len({rp[0] for rp in root_paths}) == 1:
        return page_path
    return root_url + page_path


def clear():
    """Forget every kept URL (tests)."""
    _kept.clear()
