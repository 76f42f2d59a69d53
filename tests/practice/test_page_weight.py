"""Page weight budgets: every page's HTML at most 8 KB gzipped, the home page's first view under
60 KB transferred, one CSS and one JS file, nothing render-blocking from another host."""

import gzip
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

from blog.models import BlogPostPage

pytestmark = pytest.mark.django_db

HTML_BUDGET = 8 * 1024
HOME_FIRST_VIEW_BUDGET = 60 * 1024


class Assets(HTMLParser):
    """The files a browser fetches to show the page."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.images, self.icons = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif tag == "link" and "icon" in (attrs.get("rel") or ""):
            self.icons.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append((attrs["src"], "defer" in attrs or "async" in attrs))
        elif tag == "img" and attrs.get("loading") != "lazy":
            self.images.append(attrs["src"])


def assets_of(html):
    parser = Assets()
    parser.feed(html)
    return parser


def gzipped_size(content):
    return len(gzip.compress(content, compresslevel=6))


def file_bytes(url):
    """A static or media file's bytes, as production would serve them."""
    url = url.split("?")[0]
    if url.startswith("/static/"):
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            return handle.read()
    assert url.startswith("/media/"), url
    with default_storage.open(url.removeprefix("/media/")) as handle:
        return handle.read()


def public_urls():
    post = BlogPostPage.objects.live().order_by("-date").first()
    return [
        "/",
        "/about/",
        "/team/",
        "/team/dr-cassidy-blair/",
        "/therapies/",
        "/therapies/psychodynamic-therapy/",
        "/conditions/",
        "/conditions/anxiety/",
        "/blog/",
        post.url,
        "/contact/",
        "/search/?q=anxiety",
    ]


def test_every_page_is_small_and_loads_only_its_own_two_files(client, demo):
    """At most 8 KB of gzipped HTML; one stylesheet and one deferred script, from this site."""
    sizes = {}
    for url in public_urls():
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        sizes[url] = len(response.content)
        assets = assets_of(gzip.decompress(response.content).decode())
        assert len(assets.stylesheets) == 1, (url, assets.stylesheets)
        assert len(assets.scripts) == 1, (url, assets.scripts)
        src, deferred = assets.scripts[0]
        assert deferred, url
        for href in [*assets.stylesheets, src, *assets.icons, *assets.images]:
            assert href.startswith("/") and not href.startswith("//"), (url, href)
    assert max(sizes.values()) <= HTML_BUDGET, sizes


def test_home_page_first_view_is_under_60_kb(client, demo):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    total = {"/": len(response.content)}
    assets = assets_of(gzip.decompress(response.content).decode())
    # Text files go out pre-compressed (whitenoise); images as they are.
    for href in [*assets.stylesheets, assets.scripts[0][0], *assets.icons]:
        total[href] = gzipped_size(file_bytes(href))
    for src in assets.images:
        total[src] = len(file_bytes(src))
    assert sum(total.values()) < HOME_FIRST_VIEW_BUDGET, total


def test_css_and_js_stay_small():
    css = gzipped_size(file_bytes("/static/css/site.css"))
    js = gzipped_size(file_bytes("/static/js/site.js"))
    assert css < 12 * 1024, css
    assert js < 4 * 1024, js
