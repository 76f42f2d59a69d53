"""Which site a request is for, found among the sites `preload_site` has read anyway.

Wagtail finds a request's site with a query of its own (`Site.find_for_request`, through
`get_site_for_hostname`) on every page, then reads the site's root page in its specific type
with another before routing starts. `site_for_hostname` is Wagtail's choice made over the list of
every site instead: the same rules in the same order, so a request gets the site Wagtail would
give it (tests/practice/test_sites.py compares the two on every kind of match).
"""

from practice.wagtail_internals import request_hostname

__all__ = ["site_for_hostname", "site_for_request"]

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
