"""Which site a request is for, found among the sites `preload_site` has read anyway, and
those sites with their settings kept per process while nothing changes (`kept_sites`).

Wagtail finds a request's site with a query of its own (`Site.find_for_request`, through
`get_site_for_hostname`) on every page, then reads the site's root page in its specific type
with another before routing starts. `site_for_hostname` is Wagtail's choice made over the list of
every site instead: the same rules in the same order, so a request gets the site Wagtail would
give it (tests/practice/test_sites.py compares the two on every kind of match).
"""

from practice import fragment_cache
from practice.wagtail_internals import copy_with_related, request_hostname

__all__ = ["kept_sites", "site_for_hostname", "site_for_request"]

# Wagtail's order of preference (wagtail.models.sites: MATCH_HOSTNAME_PORT … MATCH_HOSTNAME).
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def _port(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def site_for_hostname(sites, hostname, port):
    """The site of `sites` (every site) that Wagtail's `get_site_for_hostname(hostname, port)`
    returns, or None where it raises `Site.DoesNotExist`: the hostname and port first, then the
    hostname of the default site, then the default site unless exactly one other site has the
    hostname, then the hostname alone when only one site has it."""
    port = _port(port)
    ranked = []
    for site in sites:
        if site.hostname == hostname and port is not None and site.port == port:
            match = _HOSTNAME_PORT
        elif site.hostname == hostname and site.is_default_site:
            match = _HOSTNAME_DEFAULT
        elif site.is_default_site:
            match = _DEFAULT
        elif site.hostname == hostname:
            match = _HOSTNAME
        else:
            continue
        ranked.append((match, site))
    if not ranked:
        return None
    ranked.sort(key=lambda pair: pair[0])
    best = ranked[0][0]
    if len(ranked) == 1 or best in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
        return ranked[0][1]
    if best == _DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None  # several sites with the hostname on other ports, and no default


def site_for_request(sites, request):
    """`site_for_hostname` for the request's host and port, read as Wagtail reads them."""
    return site_for_hostname(sites, request_hostname(request), request.get_port())


# The sites with their settings, kept per process (`preload_site`'s query and the objects it
# builds: 1.2 to 1.8 ms of every page, a sixth of a standard page's render).


def kept_sites(request, key, load):
    """`load()`'s sites (each with its root page and the site settings read with it), kept in
    this process under `key` as the fragments of every page are (practice.fragment_cache
    `kept`: while the page cache's generation stays the one they were read in; every change a
    visitor could see moves it, a setting or a site among them). Each request gets its own
    copies of the sites, their root pages and their settings (`copy_with_related`), which it
    may change: routing puts the root page in its specific type on its site, and a setting
    carries its request. Where fragments are not used (FRAGMENT_CACHE off, not a GET or HEAD,
    a preview, and tests unless a test turns them on), `load()` answers every time."""
    if not fragment_cache.usable(request):
        return load()
    return [copy_with_related(site) for site in fragment_cache.kept(request, ("sites", key), load)]
