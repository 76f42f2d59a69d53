"""practice.models.sites: the request's site chosen among every site, as Wagtail chooses it.

Each case sets up sites as an admin could, then asks Wagtail's own `get_site_for_hostname` (a
query) and `site_for_hostname` (the list `preload_site` reads) for the same hostname and port.
"""

import pytest
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from practice.models.sites import site_for_hostname
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

# (hostname, port, is_default_site) of each site; the lookups asked of every layout.
LAYOUTS = {
    "one default": [("localhost", 80, True)],
    "default and another host": [("localhost", 80, True), ("www.practice.test", 80, False)],
    "one host on two ports": [
        ("localhost", 80, True),
        ("www.practice.test", 80, False),
        ("www.practice.test", 8080, False),
    ],
    "two ports, no default": [("www.practice.test", 80, False), ("www.practice.test", 8080, False)],
    "the default on another port": [("www.practice.test", 8080, True), ("other.test", 80, False)],
    "no default": [("www.practice.test", 80, False)],
}
LOOKUPS = [
    ("localhost", "80"),
    ("localhost", "8000"),
    ("www.practice.test", "80"),
    ("www.practice.test", "8080"),
    ("www.practice.test", "443"),
    ("other.test", "80"),
    ("unknown.test", "80"),
    ("www.practice.test", "not-a-port"),
]


def wagtail_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    except (ValueError, TypeError):  # a port PostgreSQL cannot read as a number
        return "error"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_site_chosen_is_the_one_wagtail_chooses(layout, home_page):
    Site.objects.all().delete()
    for n, (hostname, port, default) in enumerate(LAYOUTS[layout]):
        root = home_page if n == 0 else StandardPageFactory(parent=home_page)
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=root)
    sites = list(Site.objects.select_related("root_page"))
    for hostname, port in LOOKUPS:
        expected = wagtail_choice(hostname, port)
        if expected == "error":  # Wagtail's query fails; the list matches no port, as with none
            expected = site_for_hostname(sites, hostname, None)
        chosen = site_for_hostname(sites, hostname, port)
        assert (chosen and chosen.pk) == (expected and expected.pk), (layout, hostname, port)
