"""The footer: every list item is a link with words, and the practice's profiles elsewhere are
named as each platform spells itself."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

PROFILES = [
    ("psychology_today", "https://www.psychologytoday.com/us/therapists/example"),
    ("linkedin", "https://www.linkedin.com/company/example"),
    ("x", "https://x.com/example"),
    ("youtube", "https://www.youtube.com/@example"),
    ("facebook", "https://www.facebook.com/example"),
    ("instagram", "https://www.instagram.com/example"),
    ("other", "https://www.yelp.com/biz/example"),
]


def footer(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").find("footer")


def test_footer_links_and_profiles_are_named_and_never_empty(client, home_page, practice_settings):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    draft = StandardPageFactory(parent=home_page, title="Not yet", slug="not-yet", live=False)
    practice_settings.footer_links = [
        ("link", {"heading": "", "page": about, "external_url": ""}),
        ("link", {"heading": "", "page": draft, "external_url": ""}),
        ("link", {"heading": "Our code of ethics", "page": None, "external_url": "https://a.org/"}),
    ]
    practice_settings.social_links = [
        ("social", {"platform": platform, "url": url}) for platform, url in PROFILES
    ]
    practice_settings.save()

    html = footer(client)
    items = html.find_all("li")
    assert all(li.find("a") and li.get_text(strip=True) for li in items), items
    more = html.find("nav", attrs={"aria-labelledby": "footer-links"})
    assert [a.get_text() for a in more.find_all("a")] == [
        "About us",
        "Our code of ethics",
        "Psychology Today",
        "LinkedIn",
        "X",
        "YouTube",
        "Facebook",
        "Instagram",
        "yelp.com",
    ]
    assert [a["href"] for a in more.find_all("a", rel="me")] == [url for _, url in PROFILES]
    assert "Not yet" not in str(html)


def test_a_footer_without_links_or_contact_lists_has_no_empty_list(
    client, home_page, practice_settings
):
    practice_settings.phone = practice_settings.email = ""
    practice_settings.save()
    html = footer(client)
    assert html.find("nav") is None
    assert html.find("ul") is None
