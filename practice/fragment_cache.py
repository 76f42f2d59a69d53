"""Parts of a page that are the same on every page of a site (the header per menu section, the
footer, the call to action), rendered once per process and reused until anything changes; and
data the same on every page (`kept`: the sites with their settings, the layout's pages).

Every page renders them, cache or no cache: an editor's request, a search, a page number, the
first view of every page after a publish. They show only the site's settings and the pages read
for the layout (the menu's and the footer's, the contact page), and nothing about the visitor.

    {% load fragment_tags %}
    {% site_fragment "footer" %}{% include "components/footer.html" %}{% endsite_fragment %}

A stored fragment is reused while the page cache's generation (practice.page_cache) is the one it
was rendered in: every change a visitor could see moves the generation (a setting, a page
published, moved or unpublished, an image, a restriction), so after any change each process
renders each fragment once more. The generation is read before the fragment is rendered, so a
change committed during the render leaves the fragment older than the generation. Fragments also
expire after PAGE_CACHE_SECONDS, as stored pages do, and the key holds the year (the footer's
copyright line) and whatever else the template names (`vary`: what the fragment differs by from
one page to another).

Never used for a preview, or when FRAGMENT_CACHE_ENABLED is off (env FRAGMENT_CACHE=off, and in
tests unless a test turns it on). Fragments live in this process only, a few kilobytes each;
so do kept values, which hold only what every visitor of the site sees.
"""

import time

from django.conf import settings
from django.utils import timezone

from practice import page_cache

__all__ = ["clear", "enabled", "fragment", "kept", "usable"]

MAX_ENTRIES = 200

_store = {}  # key -> (generation, expires (time.monotonic()), html)
_values = {}  # the same for `kept` values


def enabled():
    return settings.FRAGMENT_CACHE_ENABLED


def clear():
    """Forget every stored fragment and kept value (tests; nothing else needs to)."""
    _store.clear()
    _values.clear()


def request_generation(request):
    """The generation in force when this request started: the page cache's middleware reads it
    before anything is rendered and leaves it on the request (read here only for a request that
    did not pass through the middleware)."""
    generation = getattr(request, page_cache.GENERATION_ATTR, None)
    if generation is None:
        generation = page_cache.current_generation()
        setattr(request, page_cache.GENERATION_ATTR, generation)
    return generation


def usable(request):
    """Whether what this module keeps may answer `request` (also practice.models.sites): on,
    a GET or HEAD, not a preview."""
    return (
        enabled()
        and request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    )


def _from(store, request, key, make):
    """What `store` holds under `key` for the request's generation, while fresh; otherwise
    `make()`'s, stored."""
    generation = request_generation(request)
    now = time.monotonic()
    found = store.get(key)
    if found is not None and found[0] == generation and now < found[1]:
        return found[2]
    value = make()
    if len(store) >= MAX_ENTRIES:
        store.clear()
    store[key] = (generation, now + settings.PAGE_CACHE_SECONDS, value)
    return value


def fragment(request, site, name, vary, render):
    """The HTML of fragment `name` for `site` and `vary` (a tuple of strings), from this
    process's store when it is fresh, otherwise `render()`'s, stored."""
    if site is None or not usable(request):
        return render()
    return _from(_store, request, (name, site.pk, timezone.localdate().year, vary), render)


def kept(request, key, load):
    """`load()`, kept in this process under `key` as a fragment is, for data the same on every
    page (the sites with their settings, practice.models.sites; the layout's pages,
    practice.models.layout). The caller must not change what it gets, nor hand it to anything
    that does: it is the same object for every request until the generation moves. Where
    fragments are not used, `load()` answers every time."""
    if not usable(request):
        return load()
    return _from(_values, request, key, load)
