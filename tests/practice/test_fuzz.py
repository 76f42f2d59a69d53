"""Bounded fuzzing of the public site: odd paths, query strings and form posts against every page
type of the demo practice, through the whole stack (middleware, Wagtail routing, templates).

Every response must keep two promises: it is never a server error (5xx), and a script payload
sent in the request never comes back unescaped. Redirects must also stay on the site.

Hypothesis explores combinations with a fixed seed, a fixed number of examples and no example
database, so a run is reproducible and bounded; fuzz_corpus.py holds the classic nasty inputs,
tried on every run whatever Hypothesis draws. Corpus tests collect every bad response before
failing, so one run reports them all, grouped by cause, each with the exact request.
"""

import io
import itertools
import logging
import traceback
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag
from wagtail.models import Page

from practice.http import clear_rate_limits
from tests.practice import fuzz_corpus as corpus

pytestmark = pytest.mark.django_db

SAME_SITE = {"Origin": "http://testserver"}  # what a browser sends with a form on the site


def fuzz_settings(examples):
    # Reproducible and bounded for CI: a fixed seed, no example database, no per-example
    # deadline (the machine may be busy). The demo site is shared by all examples, which only
    # read it or add pending comments and consultation requests.
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# The demo site, built once for the module: seeding takes seconds, and building it per test
# would spend most of the module's time budget on it. It lives in a transaction around the
# module, rolled back at the end; each test runs in a savepoint inside it, as usual.


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    from practice.demo import ensure_tree_roots

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_tree_roots()
            call_command("seed_demo", "--no-index", stdout=io.StringIO())
            if connection.vendor == "postgresql":
                # Rows still uncommitted have no planner statistics; PostgreSQL then guesses
                # costs high enough to JIT-compile the page queries, seconds per request on a
                # busy machine. A real database is analysed by autovacuum.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


@pytest.fixture(autouse=True)
def quiet_request_logs(caplog):
    # Django logs every 404, 500 and refused upload with a traceback; thousands of them would
    # bury a failure's report, which already gives each error's request and traceback.
    caplog.set_level(logging.CRITICAL, logger="django.request")
    caplog.set_level(logging.CRITICAL, logger="django.security")


@pytest.fixture
def site_urls(demo_site, db):
    """The demo site's addresses, found rather than hard-coded so new content is fuzzed too."""
    pages = [page for page in Page.objects.live().specific() if page.url]
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page).__name__, []).append(page.url)
    blog = by_type["BlogIndexPage"][0]
    contact = by_type["ContactPage"][0]
    topic = Tag.objects.order_by("slug").values_list("slug", flat=True).first()
    author = by_type["ClinicianPage"][0].rstrip("/").rsplit("/", 1)[1]
    condition = by_type["ConditionPage"][0].rstrip("/").rsplit("/", 1)[1]
    routes = {
        "blog topic": f"{blog}topic/{topic}/",
        "blog author": f"{blog}author/{author}/",
        "blog condition": f"{blog}condition/{condition}/",
        "RSS feed": f"{blog}feed/",
        "Atom feed": f"{blog}feed/atom/",
        "contact thanks": f"{contact}thanks/",
        "search": "/search/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "health": "/healthz",
    }
    return {
        "all": sorted({page.url for page in pages} | set(routes.values())),
        # One address per page type and route.
        "representatives": {name: urls[0] for name, urls in by_type.items()} | routes,
        # One per way Wagtail routes what follows a page's URL: into its children, through a
        # RoutablePage's routes, or to a page with no children; then the same ways again.
        "routing": [
            "/",
            blog,
            by_type["BlogPostPage"][0],
            by_type["ConditionPage"][0],
            contact,
            routes["blog topic"],
        ],
        "paginated": [blog, routes["blog topic"], "/search/?q=the"],
        "posts": by_type["BlogPostPage"],
        "blog": blog,
        "contact": contact,
        "filters": {"topic": topic, "author": author, "condition": condition},
    }


# Payloads: unique per request, so a reflection is traced to the request that caused it.

_tokens = itertools.count()


def new_token():
    return f"fz{next(_tokens)}z"


def payload(token):
    # Breaks out of an attribute, opens a script and an element: any of them back raw is an
    # injection. Django escapes it to &quot;&#x27;&gt;&lt;script&gt;…
    return f'"\'><script>alert("{token}")</script><fuzz-{token}>'


def fill(value, token):
    """`value` (a string, a list or a dict of them) with corpus.MARKER replaced by the payload."""
    if isinstance(value, dict):
        return {key: fill(item, token) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [fill(item, token) for item in value]
    if isinstance(value, str):
        return value.replace(corpus.MARKER, payload(token))
    return value


def url_fill(value, token):
    """As fill(), for text going into a URL: the payload percent-encoded, as a browser sends it."""
    return value.replace(corpus.MARKER, quote(payload(token), safe=""))


# Sending requests and judging responses.


def short(value):
    """repr() with long strings abbreviated, so a report shows the request without 200 kB."""
    if isinstance(value, str | bytes) and len(value) > 80:
        return f"{value[:40]!r}…({len(value)} long)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{short(k)}: {short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(short(item) for item in value) + "]"
    return repr(value)


def describe(method, path, data=None, **kwargs):
    text = f"{method.upper()} {short(path)}"
    if data is not None:
        text += f" data={short(data)}"
    return text + "".join(f" {key}={short(value)}" for key, value in kwargs.items())


def send(method, path, data=None, **kwargs):
    """One request from a fresh client (no cookies carried over) with fresh rate limits, in a
    savepoint so that a database error cannot spoil the requests after it."""
    cache.clear()
    clear_rate_limits()
    client = Client(enforce_csrf_checks=False)
    with transaction.atomic():
        if data is None:
            return getattr(client, method)(path, **kwargs)
        if isinstance(data, bytes):  # sent as is: client.post() would re-encode it
            return client.generic(method.upper(), path, data, **kwargs)
        return getattr(client, method)(path, data, **kwargs)


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def problems(response, token=None):
    """What is wrong with a response: a server error, a reflected payload, an off-site redirect."""
    found = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    if token:
        body = body_of(response)
        raws = [f'<script>alert("{token}")'.encode(), f"<fuzz-{token}".encode()]
        at = min((body.index(raw) for raw in raws if raw in body), default=None)
        if at is not None:
            excerpt = body[max(at - 100, 0) : at + 60]
            found.append(f"unescaped payload in the body: …{excerpt!r}…")
    if 300 <= response.status_code < 400:
        location = response.headers.get("Location", "")
        if location.startswith(("//", "/\\")) or urlsplit(location).netloc not in (
            "",
            "testserver",
        ):
            found.append(f"redirect off the site: Location {location!r}")
    return found


def check(response, request_text, token=None):
    found = problems(response, token)
    assert not found, f"{request_text}: " + "; ".join(found)


class Findings:
    """Sends corpus requests and collects what went wrong, to fail once with all of it, grouped
    by cause (the exception, or the problem) with the first request of each group."""

    def __init__(self):
        self.groups = {}
        self.sent = 0

    def add(self, cause, request_text, detail=""):
        group = self.groups.setdefault(cause, {"requests": [], "detail": detail})
        group["requests"].append(request_text)

    def send(self, method, path, data=None, *, token=None, expect=None, **kwargs):
        request_text = describe(method, path, data, **kwargs)
        self.sent += 1
        try:
            response = send(method, path, data, **kwargs)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            cause = f"{type(exc).__name__}: {str(exc)[:150]} ({where.filename}:{where.lineno})"
            self.add(cause, request_text, traceback.format_exc(limit=-8))
            return None
        found = problems(response, token)
        if expect and response.status_code not in expect:
            found.append(f"status {response.status_code}, expected one of {sorted(expect)}")
        for problem in found:
            self.add(problem.split(": …")[0], request_text)
        return response

    def assert_none(self):
        if not self.groups:
            return
        report = []
        for cause, group in self.groups.items():
            requests = group["requests"]
            report.append(
                f"{cause}\n  {len(requests)} request(s), e.g.\n    "
                + "\n    ".join(requests[:3])
                + (f"\n{group['detail']}" if group["detail"] else "")
            )
        failed = sum(len(group["requests"]) for group in self.groups.values())
        # The report says it all; pytest's own rendering of the test would only repeat it.
        pytest.fail(
            f"{failed} of {self.sent} requests went wrong:\n\n" + "\n\n".join(report),
            pytrace=False,
        )


# Paths


def test_corpus_of_odd_paths_under_every_page_type_never_errors(site_urls):
    findings = Findings()
    # Every nasty segment after the first kinds of page, a third of them after the others;
    # without a trailing slash (a redirect to the slashed address) after the home page.
    for n, base in enumerate(site_urls["routing"]):
        for segment in corpus.PATH_SEGMENTS if n < 3 else corpus.PATH_SEGMENTS[n % 3 :: 3]:
            token = new_token()
            findings.send("get", f"{base}{url_fill(segment, token)}/", token=token)
    for segment in corpus.PATH_SEGMENTS:
        token = new_token()
        findings.send("get", f"/{url_fill(segment, token)}", token=token)
    # Every other page type and route gets a share of them.
    for n, base in enumerate(site_urls["representatives"].values()):
        for segment in corpus.PATH_SEGMENTS[n % 12 :: 12]:
            token = new_token()
            findings.send("get", f"{base}{url_fill(segment, token)}/", token=token)
    # Leading double slashes: set the path directly, or the test client reads a host from it.
    for raw in ["//", "//about/", "//evil.example", "//evil.example/%2e%2e", "/\\evil.example"]:
        findings.send("get", "/", PATH_INFO=raw)
    # The blog's filters and feeds: odd values (all of them for topics, a share for the
    # others, which go through the same slug route), no value, and more after a real value.
    blog = site_urls["blog"]
    for n, route in enumerate(("topic", "author", "condition", "feed")):
        findings.send("get", f"{blog}{route}/")
        values = corpus.PATH_SEGMENTS + ["-", "_", "a" * 256, "ANXIETY"]
        for segment in values if route == "topic" else values[n::4]:
            token = new_token()
            findings.send("get", f"{blog}{route}/{url_fill(segment, token)}/", token=token)
    for route, value in site_urls["filters"].items():
        for tail in ("feed/", f"{value}/", "%00/", "?page=2"):
            findings.send("get", f"{blog}{route}/{value}/{tail}")
    # Other methods on every page type and route.
    methods = ["head", "options", "put", "delete"]
    for n, base in enumerate(site_urls["representatives"].values()):
        for method in methods[n % 2 :: 2]:
            findings.send(method, base)
    findings.assert_none()


segments = st.one_of(
    st.sampled_from(corpus.PATH_SEGMENTS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True),
).map(lambda segment: segment.replace("?", "%3F").replace("#", "%23"))


@fuzz_settings(examples=60)
@given(data=st.data())
def test_any_path_below_any_page_is_never_a_server_error(site_urls, data):
    base = data.draw(st.sampled_from(site_urls["all"]), label="base")
    parts = data.draw(st.lists(segments, min_size=1, max_size=4), label="segments")
    separator = data.draw(st.sampled_from(["/", "//", "%2F", "/./", "/../"]), label="separator")
    ending = data.draw(st.sampled_from(["/", "", "//", "?", "%00", ";"]), label="ending")
    encode = data.draw(st.booleans(), label="percent-encode segments")
    token = new_token()
    parts = [quote(part, safe="%") if encode else part for part in parts]
    path = base + separator.join(url_fill(part, token) for part in parts) + ending
    check(send("get", path), describe("get", path), token)


@fuzz_settings(examples=40)
@given(
    route=st.sampled_from(["topic", "author", "condition", "feed"]),
    value=segments,
    tail=st.sampled_from(["/", "", "/feed/", "/atom/"]),
)
def test_any_value_in_a_blog_filter_or_feed_route_is_never_a_server_error(
    site_urls, route, value, tail
):
    token = new_token()
    path = f"{site_urls['blog']}{route}/{url_fill(value, token)}{tail}"
    check(send("get", path), describe("get", path), token)


# Query strings


def test_corpus_of_odd_query_strings_never_errors(site_urls):
    findings = Findings()
    # ?page= on the paginated listings: the page asked for, page 1, or a 404.
    for url in site_urls["paginated"]:
        joiner = "&" if "?" in url else "?"
        for number in corpus.PAGE_NUMBERS:
            token = new_token()
            path = f"{url}{joiner}{urlencode({'page': fill(number, token)})}"
            findings.send("get", path, token=token, expect={200, 404})
    # Every other page type and route ignores ?page= and keys it does not know.
    awkward_numbers = ["9" * 5000, "\N{SUPERSCRIPT TWO}", "\x00" + corpus.MARKER]
    for url in site_urls["representatives"].values():
        for number in awkward_numbers:
            token = new_token()
            findings.send("get", f"{url}?{urlencode({'page': fill(number, token)})}", token=token)
        token = new_token()
        query = urlencode([(fill(key, token), payload(token)) for key in corpus.ODD_KEYS] * 2)
        findings.send("get", f"{url}?{query}", token=token)
        raw = url_fill(f"page=1&page=2&page&=&&q=%ZZ&%00=%00&{corpus.MARKER}", token)
        findings.send("get", f"{url}?{raw}", token=token)
    # /search/?q=: results, "nothing found" or a 404 for a page past the end, never an error,
    # whatever the search backend makes of the query's syntax.
    for n, query in enumerate(corpus.SEARCH_QUERIES):
        extra = [[], [("page", "2")], [("page", "0")], [("q", "second")]][n % 4]
        token = new_token()
        path = "/search/?" + urlencode([("q", fill(query, token)), *extra])
        findings.send("get", path, token=token, expect={200, 404})
    findings.assert_none()


query_values = st.one_of(
    st.sampled_from(corpus.PAGE_NUMBERS + corpus.SEARCH_QUERIES),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.integers().map(str),
    st.builds(lambda text, n: text * n, st.text(min_size=1, max_size=4), st.integers(50, 3000)),
    st.builds(lambda a, b: a + corpus.MARKER + b, st.text(max_size=8), st.text(max_size=8)),
)
query_keys = st.one_of(
    st.sampled_from(corpus.ODD_KEYS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=10),
)


@fuzz_settings(examples=60)
@given(data=st.data())
def test_any_query_string_on_any_page_is_never_a_server_error(site_urls, data):
    url = data.draw(st.sampled_from(site_urls["all"] + site_urls["paginated"]), label="url")
    pairs = data.draw(st.lists(st.tuples(query_keys, query_values), max_size=4), label="pairs")
    raw = data.draw(st.booleans(), label="raw query string")
    token = new_token()
    pairs = [(fill(key, token), fill(value, token)) for key, value in pairs]
    # Raw: as a careless client sends it, nothing encoded.
    query = "&".join(f"{k}={v}" for k, v in pairs) if raw else urlencode(pairs)
    path = f"{url}{'&' if '?' in url else '?'}{query}"
    check(send("get", path), describe("get", path), token)


@fuzz_settings(examples=50)
@given(
    query=st.one_of(
        st.sampled_from(corpus.SEARCH_QUERIES),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
        st.builds(lambda a, b: a + corpus.MARKER + b, st.text(max_size=20), st.text(max_size=20)),
        st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=5), st.integers(40, 20_000)),
    ),
    page=st.one_of(st.none(), st.sampled_from(corpus.PAGE_NUMBERS), st.integers(-3, 5).map(str)),
)
def test_search_answers_any_query_with_results_or_nothing_found(site_urls, query, page):
    token = new_token()
    params = [("q", fill(query, token))]
    if page is not None:
        params.append(("page", fill(page, token)))
    path = "/search/?" + urlencode(params)
    response = send("get", path)
    check(response, describe("get", path), token)
    assert response.status_code in (200, 404), describe("get", path)


# Form posts


ABSENT = object()  # the field is left out of the post

VALID_COMMENT = {"name": "Sam", "email": "sam@example.org", "body": "Thank you.", "website": ""}
VALID_REQUEST = {
    "name": "Jordan",
    "contact_by": "phone",
    "phone": "310-555-0177",
    "email": "",
    "service_mode": "video",
    "availability": ["weekday_evening", "weekend"],
    "consent": "on",
    "website": "",
    "message": "Evenings are best.",
}

form_values = st.one_of(
    st.sampled_from(corpus.FORM_VALUES),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.builds(lambda a, b: a + corpus.MARKER + b, st.text(max_size=10), st.text(max_size=10)),
    st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=3), st.integers(90, 20_000)),
)


def field(valid):
    # The valid value first: Hypothesis shrinks towards it, so a failing example shows only
    # the fields that matter. A list is the same key sent several times.
    return st.one_of(
        st.just(valid),
        st.just(ABSENT),
        form_values,
        st.lists(st.one_of(st.just(valid), form_values), min_size=2, max_size=3),
    )


def submissions(valid):
    """(fields, extra unknown fields, encoding) of a form post."""
    return st.tuples(
        st.fixed_dictionaries({name: field(value) for name, value in valid.items()}),
        st.dictionaries(query_keys, form_values, max_size=2),
        st.sampled_from(["multipart", "urlencoded"]),
    )


def post_form(url, submission, token):
    """POST a form as a browser on the site would (same-origin Origin header)."""
    fields, extra, encoding = submission
    data = {key: fill(value, token) for key, value in fields.items() if value is not ABSENT}
    data |= {fill(key, token): fill(value, token) for key, value in extra.items()}
    kwargs = {"headers": SAME_SITE, "REMOTE_ADDR": "10.9.8.7"}
    body = data
    if encoding == "urlencoded":  # what browsers send; the test client's default is multipart
        body = urlencode(data, doseq=True)
        kwargs["content_type"] = "application/x-www-form-urlencoded"
    return send("post", url, body, **kwargs), describe("post", url, data, **kwargs)


@fuzz_settings(examples=60)
@given(data=st.data(), submission=submissions(VALID_COMMENT))
def test_comment_form_answers_any_post_with_a_redirect_or_a_message(site_urls, data, submission):
    url = data.draw(st.sampled_from(site_urls["posts"]), label="post")
    token = new_token()
    response, request_text = post_form(url, submission, token)
    check(response, request_text, token)
    assert response.status_code in (302, 400), f"{request_text}: status {response.status_code}"
    if response.status_code == 302:
        assert response["Location"] == f"{url}?comment=received#comments", request_text


@pytest.fixture
def contact_with_message_box(site_urls):
    """The contact page with its optional message box on, so every field it can have is fuzzed."""
    contact = Page.objects.get(url_path__endswith=site_urls["contact"]).specific
    contact.allow_message = True
    contact.save_revision().publish()
    return site_urls["contact"]


@fuzz_settings(examples=60)
@given(submission=submissions(VALID_REQUEST))
def test_consultation_form_answers_any_post_with_a_redirect_or_a_message(
    contact_with_message_box, submission
):
    url = contact_with_message_box
    token = new_token()
    response, request_text = post_form(url, submission, token)
    check(response, request_text, token)
    assert response.status_code in (302, 400), f"{request_text}: status {response.status_code}"
    if response.status_code == 302:
        assert response["Location"] == f"{url}thanks/#top", request_text


def poster(findings, url):
    def post(data, **kwargs):
        return findings.send("post", url, data, headers=SAME_SITE, **kwargs)

    return post


def test_corpus_of_odd_form_posts_never_errors(site_urls):
    findings = Findings()
    forms = [
        (site_urls["posts"][0], VALID_COMMENT, "body"),
        (site_urls["contact"], VALID_REQUEST, "name"),  # the demo's form: no message box
    ]
    for url, valid, free_text in forms:
        post = poster(findings, url)
        # Nothing, and each field left out.
        post({}, expect={400})
        for name in valid:
            post({key: value for key, value in valid.items() if key != name}, expect={302, 400})
        # Each corpus value in every field at once, then in the free-text field of an otherwise
        # valid form (so it reaches the database), then sent twice.
        for n, value in enumerate(corpus.FORM_VALUES):
            token = new_token()
            post(dict.fromkeys(valid, fill(value, token)), token=token, expect={400})
            post(valid | {free_text: fill(value, token)}, token=token, expect={302, 400})
            if n % 3 == 0:
                repeated = [fill(value, token), valid[free_text]]
                post(valid | {free_text: repeated}, token=token, expect={302, 400})
        # Files where text is expected.
        files = {
            "name": SimpleUploadedFile("n.txt", b"\x00"),
            free_text: SimpleUploadedFile("x.txt", b"hi"),
        }
        post(valid | files, expect={302, 400})
        # Bodies that are not the form at all.
        token = new_token()
        form_body = urlencode(valid, doseq=True)
        for body, content_type in [
            (form_body, "application/x-www-form-urlencoded; charset=bogus"),
            (form_body, "application/x-www-form-urlencoded; charset=utf-16"),
            (b"name=%ff%fe&body=\xff\xfe\x00&email=\xc0\xaf", "application/x-www-form-urlencoded"),
            (f'{{"name": "{payload(token)}"}}', "application/json"),
            ("name=Sam&body=hello", "text/plain"),
            ("--xyz\r\ngarbage", "multipart/form-data; boundary=xyz"),
            ("name=Sam", "multipart/form-data"),
            ("", "multipart/form-data; boundary="),
            ("&" * 20_000, "application/x-www-form-urlencoded"),
            ("a=1&" * 10_001, "application/x-www-form-urlencoded"),
            ("body=" + "x" * 3_000_000, "application/x-www-form-urlencoded"),
        ]:
            body = body if isinstance(body, bytes) else body.encode()  # sent as is
            post(body, token=token, content_type=content_type)
        # Odd Origin and Referer headers: the form is accepted (302) or refused as cross-site
        # (403), never an error.
        # Referer is only read without an Origin, through the same code: a share of them.
        for n, origin in enumerate(corpus.ORIGINS):
            for header in ("Origin", "Referer") if n % 4 == 3 else ("Origin",):
                headers = {} if origin is None else {header: origin}
                findings.send("post", url, valid, headers=headers, expect={302, 403})
    # A POST to a page without a form is answered like a GET.
    for page_url in site_urls["representatives"].values():
        token = new_token()
        findings.send("post", page_url, {"q": payload(token), "page": "2"}, token=token)
    findings.assert_none()


def test_rate_limits_answer_429_and_keep_the_text_escaped(site_urls):
    """Past the limit the forms say so (429) with the person's words escaped, never a 500."""
    cache.clear()
    clear_rate_limits()
    client = Client()
    for url, valid, field_name in (
        (site_urls["posts"][0], VALID_COMMENT, "body"),
        (site_urls["contact"], VALID_REQUEST, "name"),
    ):
        statuses = [
            client.post(url, valid | {field_name: f"Attempt {n}"}, headers=SAME_SITE).status_code
            for n in range(5)
        ]
        assert statuses == [302] * 5, url
        token = new_token()
        data = valid | {field_name: payload(token)}
        response = client.post(url, data, headers=SAME_SITE)
        check(response, describe("post", url, data), token)
        assert response.status_code == 429
        assert f"&lt;script&gt;alert(&quot;{token}&quot;)".encode() in body_of(response)


def test_pages_that_show_the_visitors_text_back_show_it_escaped(site_urls):
    """The reflection check above is not vacuous: where the site does echo input (the search
    query, a form sent back with its problems), the payload is there, escaped."""
    cases = [
        ("get", "/search/?q=" + corpus.MARKER, None, 200),
        ("post", site_urls["posts"][0], VALID_COMMENT | {"email": "", "body": corpus.MARKER}, 400),
        ("post", site_urls["contact"], VALID_REQUEST | {"consent": "", "name": corpus.MARKER}, 400),
    ]
    for method, path, data, status in cases:
        token = new_token()
        kwargs = {"headers": SAME_SITE} if data else {}
        path = url_fill(path, token)
        response = send(method, path, fill(data, token), **kwargs)
        request_text = describe(method, path, data)
        check(response, request_text, token)
        assert response.status_code == status, request_text
        escaped = f"&quot;&#x27;&gt;&lt;script&gt;alert(&quot;{token}&quot;)&lt;/script&gt;"
        assert escaped.encode() in body_of(response), request_text
