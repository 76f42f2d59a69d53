"""Being found: breadcrumbs, link-preview tags, JSON-LD structured data, sitemap and robots.txt."""

import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Site

from practice import seo
from practice.models import PracticeSettings
from tests.factories import (
    BlogPostPageFactory,
    ClinicianPageFactory,
    ConditionPageFactory,
    ImageFactory,
    StandardPageFactory,
    TherapyPageFactory,
)

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code in (200, 404)
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(response):
    """Every JSON-LD block of the response, parsed, by @type."""
    blocks = soup(response).find_all("script", type="application/ld+json")
    objects = [json.loads(block.string) for block in blocks]
    assert all(obj["@context"] == "https://schema.org" for obj in objects)
    # An object of several types (a clinician: Person and MedicalBusiness) under each of them.
    by_type = {}
    for obj in objects:
        types = obj["@type"] if isinstance(obj["@type"], list) else [obj["@type"]]
        for name in types:
            by_type.setdefault(name, obj)
    return by_type


def meta(document, key):
    tag = document.find("meta", attrs={"property": key}) or document.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag else None


@pytest.fixture
def reviewed_pages(therapy_index, condition_index, clinician, practice_settings):
    reviewed = datetime.date(2026, 9, 15)
    therapy = TherapyPageFactory(
        parent=therapy_index,
        title="Psychodynamic therapy",
        slug="psychodynamic-therapy",
        summary="A talking therapy that looks at patterns.",
        reviewed_by=clinician,
        last_reviewed=reviewed,
    )
    condition = ConditionPageFactory(
        parent=condition_index,
        title="Anxiety",
        slug="anxiety",
        summary="Worry that will not settle.",
        reviewed_by=clinician,
        last_reviewed=reviewed,
    )
    return therapy, condition


@pytest.fixture
def post(blog_index, clinician, practice_settings):
    return BlogPostPageFactory(
        parent=blog_index,
        title="What is psychodynamic therapy?",
        slug="what-is-psychodynamic-therapy",
        summary="How talking about the past helps with the present.",
        author=clinician,
        date=datetime.date(2026, 3, 2),
        hero_image=ImageFactory(),
    )


# Breadcrumbs


def test_breadcrumbs_lead_from_home_to_a_nested_page(client, demo):
    nav = soup(client.get("/conditions/anxiety/")).find("nav", attrs={"aria-label": "Breadcrumb"})
    items = nav.find("ol", class_="breadcrumbs__list").find_all("li", class_="breadcrumbs__item")
    assert [item.get_text(strip=True) for item in items] == [
        "Home",
        "Conditions we treat",
        "Anxiety",
    ]
    assert [item.a["href"] for item in items[:-1]] == ["/", "/conditions/"]
    assert items[-1].a is None
    assert items[-1].find(attrs={"aria-current": "page"}).get_text() == "Anxiety"


def test_no_breadcrumbs_on_the_home_page_or_the_404_page(client, home_page, practice_settings):
    assert soup(client.get("/")).find("nav", class_="breadcrumbs") is None
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert soup(response).find("nav", class_="breadcrumbs") is None
    assert "BreadcrumbList" not in json_ld(response)


def test_breadcrumbs_leave_out_a_draft_section(client, home_page, practice_settings):
    section = StandardPageFactory(parent=home_page, title="Draft section", slug="section")
    child = StandardPageFactory(parent=section, title="Visible child", slug="child")
    section.unpublish()
    # Wagtail unpublishes only the section; its child stays live and is still served.
    nav = soup(client.get(child.url)).find("nav", class_="breadcrumbs")
    assert [li.get_text(strip=True) for li in nav.find_all("li")] == ["Home", "Visible child"]


# Meta description, canonical URL, Open Graph and Twitter cards


def test_canonical_and_open_graph_tags_use_absolute_urls(client, reviewed_pages):
    document = soup(client.get("/therapies/psychodynamic-therapy/"))
    url = "http://testserver/therapies/psychodynamic-therapy/"
    assert document.find("link", rel="canonical")["href"] == url
    assert meta(document, "og:url") == url
    assert meta(document, "og:type") == "website"
    assert meta(document, "og:title") == "Psychodynamic therapy"
    assert meta(document, "og:site_name") == "Blair Wellness Group"
    assert meta(document, "twitter:card") == "summary"
    assert meta(document, "og:image") is None


def test_description_falls_back_to_the_summary_and_seo_fields_win(client, reviewed_pages):
    therapy, _ = reviewed_pages
    document = soup(client.get(therapy.url))
    assert meta(document, "description") == "A talking therapy that looks at patterns."
    assert meta(document, "og:description") == "A talking therapy that looks at patterns."

    therapy.seo_title = "Psychodynamic therapy in West Los Angeles"
    therapy.search_description = "What psychodynamic therapy is and who it helps."
    therapy.save_revision().publish()
    document = soup(client.get(therapy.url))
    assert meta(document, "description") == "What psychodynamic therapy is and who it helps."
    assert meta(document, "og:title") == "Psychodynamic therapy in West Los Angeles"
    assert meta(document, "twitter:title") == "Psychodynamic therapy in West Los Angeles"


def test_a_page_without_words_of_its_own_gets_its_intro_or_a_generated_sentence(
    client, therapy_index, practice_settings
):
    therapy_index.intro = "<p>The approaches we offer &amp; <b>what</b> they involve.</p>"
    therapy_index.search_description = ""
    therapy_index.save_revision().publish()
    document = soup(client.get(therapy_index.url))
    assert meta(document, "description") == "The approaches we offer & what they involve."
    therapy_index.intro = ""
    therapy_index.save_revision().publish()
    practice_settings.tagline = "Psychotherapy in West Los Angeles"
    practice_settings.save()
    document = soup(client.get(therapy_index.url))
    assert meta(document, "description") == (
        f"{therapy_index.title} at Blair Wellness Group: Psychotherapy in West Los Angeles."
    )


def test_a_long_description_is_cut_after_a_whole_word(client, therapy_index, practice_settings):
    therapy_index.intro = "<p>" + "Words that go on and on. " * 20 + "</p>"
    therapy_index.save_revision().publish()
    description = meta(soup(client.get(therapy_index.url)), "description")
    assert len(description) <= seo.meta.DESCRIPTION_CHARACTERS
    assert description.endswith("…") and not description.endswith(" …")


def test_every_demo_page_has_a_meta_description(client, root_page):
    """Every page type of the demo, its index pages and listings, search results, the thanks
    page and the 404 page: a description search engines can show (Lighthouse's SEO audit)."""
    call_command("seed_demo", "--no-index", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    urls = [page.relative_url(site) for page in Page.objects.live().filter(depth__gt=1)]
    urls += [
        "/search/?q=anxiety",
        "/search/",
        "/contact/thanks/",
        "/blog/topic/anxiety/",
        "/blog/author/dr-cassidy-blair/",
        "/blog/condition/anxiety/",
        "/no-such-page/",
    ]
    descriptions = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        tags = soup(response).find_all("meta", attrs={"name": "description"})
        assert len(tags) == 1, url
        descriptions[url] = tags[0]["content"].strip()
        assert descriptions[url], url
        assert len(descriptions[url]) <= seo.meta.DESCRIPTION_CHARACTERS, url
    assert len(urls) > 20
    # Listings of the same index say what each lists.
    assert descriptions["/blog/topic/anxiety/"] != descriptions["/blog/"]


def test_blog_post_is_an_article_with_its_hero_image(client, post):
    document = soup(client.get(post.url))
    assert meta(document, "og:type") == "article"
    image = meta(document, "og:image")
    assert image.startswith("http://testserver/") and ".fill-1200x630" in image
    assert meta(document, "og:image:alt") == "A quiet consulting room with two armchairs"
    assert meta(document, "twitter:card") == "summary_large_image"
    assert meta(document, "twitter:image") == image


def test_a_filtered_listing_is_its_own_canonical_page(client, post):
    post.tags.add("anxiety")
    post.save_revision().publish()
    document = soup(client.get("/blog/topic/anxiety/"))
    assert document.find("link", rel="canonical")["href"] == "http://testserver/blog/topic/anxiety/"
    document = soup(client.get("/blog/?page=1"))
    assert document.find("link", rel="canonical")["href"] == "http://testserver/blog/"


def test_404_page_has_no_page_tags(client, home_page, practice_settings):
    document = soup(client.get("/no-such-page/"))
    assert document.find("link", rel="canonical") is None
    assert meta(document, "og:title") is None


# Structured data


def test_every_page_describes_the_practice(client, home_page, practice_settings):
    practice_settings.social_links = [
        ("social", {"platform": "linkedin", "url": "https://www.linkedin.com/company/example"})
    ]
    practice_settings.save()
    for url in ["/", "/no-such-page/"]:
        clinic = json_ld(client.get(url))["MedicalClinic"]
        assert clinic["name"] == "Blair Wellness Group"
        assert clinic["url"] == "http://testserver/"
        assert clinic["telephone"] == "310-999-4996"
        assert clinic["email"] == "hello@example.com"
        assert "address" not in clinic  # no main office chosen
        assert clinic["isAcceptingNewPatients"] is True
        assert clinic["sameAs"] == ["https://www.linkedin.com/company/example"]
        assert clinic["openingHoursSpecification"] == [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [
                    f"https://schema.org/{day}"
                    for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
                ],
                "opens": "08:00",
                "closes": "21:00",
            }
        ]


def test_practice_on_a_waitlist_is_not_accepting_new_patients(client, home_page, practice_settings):
    practice_settings.accepting_new_clients = "waitlist"
    practice_settings.save()
    assert json_ld(client.get("/"))["MedicalClinic"]["isAcceptingNewPatients"] is False


def test_breadcrumb_list_has_positions_and_absolute_urls(client, reviewed_pages):
    crumbs = json_ld(client.get("/conditions/anxiety/"))["BreadcrumbList"]
    assert crumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://testserver/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Conditions we treat",
            "item": "http://testserver/conditions/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Anxiety",
            "item": "http://testserver/conditions/anxiety/",
        },
    ]
    assert "BreadcrumbList" not in json_ld(client.get("/"))


@pytest.mark.parametrize(
    "url, about",
    [
        ("/therapies/psychodynamic-therapy/", "PsychologicalTreatment"),
        ("/conditions/anxiety/", "MedicalCondition"),
    ],
)
def test_therapy_and_condition_pages_are_reviewed_medical_web_pages(
    client, reviewed_pages, url, about
):
    page = json_ld(client.get(url))["MedicalWebPage"]
    assert page["url"] == f"http://testserver{url}"
    assert page["about"]["@type"] == about
    assert page["about"]["name"] in {"Psychodynamic therapy", "Anxiety"}
    assert page["description"]
    assert page["lastReviewed"] == "2026-09-15"
    reviewer = page["reviewedBy"]
    assert reviewer["@type"] == "Person"
    assert reviewer["name"] == "Dr. Cassidy Blair, Psy.D."
    assert reviewer["jobTitle"] == "Licensed Clinical Psychologist"
    assert reviewer["url"] == "http://testserver/team/dr-cassidy-blair/"
    assert {"name": "PSY 22022"}.items() <= reviewer["hasCredential"][1].items()


def test_an_unreviewed_page_makes_no_review_claims(client, therapy_index, practice_settings):
    therapy = TherapyPageFactory(parent=therapy_index, slug="cbt")
    page = json_ld(client.get(therapy.url))["MedicalWebPage"]
    assert "reviewedBy" not in page and "lastReviewed" not in page


def test_blog_post_is_a_blog_posting_by_a_credentialled_person(client, post):
    post.save_revision().publish()
    posting = json_ld(client.get(post.url))["BlogPosting"]
    assert posting["headline"] == "What is psychodynamic therapy?"
    assert posting["description"] == "How talking about the past helps with the present."
    assert posting["datePublished"] == "2026-03-02"
    post.refresh_from_db()
    assert posting["dateModified"] == post.last_published_at.isoformat()
    assert posting["url"] == "http://testserver/blog/what-is-psychodynamic-therapy/"
    assert posting["image"].startswith("http://testserver/") and "fill-1200x630" in posting["image"]
    author = posting["author"]
    assert author["@type"] == "Person"
    assert author["name"] == "Dr. Cassidy Blair, Psy.D."
    assert [credential["name"] for credential in author["hasCredential"]] == ["Psy.D.", "PSY 22022"]
    assert all(c["@type"] == "EducationalOccupationalCredential" for c in author["hasCredential"])
    assert posting["publisher"]["name"] == "Blair Wellness Group"


def test_clinician_page_is_a_person(client, clinician, practice_settings):
    clinician.photo = ImageFactory()
    clinician.save_revision().publish()
    person = json_ld(client.get(clinician.url))["Person"]
    assert person["name"] == "Dr. Cassidy Blair, Psy.D."
    assert person["jobTitle"] == "Licensed Clinical Psychologist"
    assert person["url"] == "http://testserver/team/dr-cassidy-blair/"
    assert person["image"].startswith("http://testserver/")
    assert person["worksFor"]["name"] == "Blair Wellness Group"
    assert len(person["hasCredential"]) == 2


def test_a_script_tag_in_a_title_cannot_escape_the_json_block(
    client, team_index, practice_settings
):
    title = 'Dr. </script><script>alert("x")</script> & Co'
    clinician = ClinicianPageFactory(parent=team_index, title=title, slug="sly")
    html = client.get(clinician.url).content.decode()
    assert '<script>alert("x")' not in html
    assert json_ld(client.get(clinician.url))["Person"]["name"].startswith(title)
    crumbs = json_ld(client.get(clinician.url))["BreadcrumbList"]["itemListElement"]
    assert crumbs[-1]["name"] == title


def test_a_page_class_says_what_it_is_and_the_ground_floor_prints_it(
    client, home_page, practice_settings, monkeypatch
):
    """The head and the JSON-LD ask the page class (`og_type`, `get_structured_data`), never
    its model name: a page type that calls itself an article with an Event of its own gets
    both, next to the practice and the breadcrumbs."""
    from practice.models import StandardPage

    page = StandardPageFactory(parent=home_page, title="Open evening", slug="open-evening")
    document = soup(client.get(page.url))
    assert meta(document, "og:type") == "website"
    assert set(json_ld(client.get(page.url))) == {"MedicalClinic", "BreadcrumbList"}

    def get_structured_data(self, request, practice=None):
        return [{"@context": "https://schema.org", "@type": "Event", "name": self.title}]

    monkeypatch.setattr(StandardPage, "og_type", "article")
    monkeypatch.setattr(StandardPage, "get_structured_data", get_structured_data)
    response = client.get(page.url)
    assert meta(soup(response), "og:type") == "article"
    objects = json_ld(response)
    assert set(objects) == {"MedicalClinic", "BreadcrumbList", "Event"}
    assert objects["Event"]["name"] == "Open evening"


def test_breadcrumbs_and_structured_data_cost_one_query_at_any_depth(
    rf, home_page, practice_settings, django_assert_num_queries
):
    """Outside routing (a preview), the trail is read in one query however deep the page is,
    and the BreadcrumbList and the rest of the JSON-LD reuse it."""
    parent = home_page
    for depth in range(6):
        parent = StandardPageFactory(parent=parent, title=f"Level {depth}", slug=f"level-{depth}")
    page = Page.objects.get(pk=parent.pk).specific  # no ancestors cached on it
    request = rf.get(page.url)
    Site.find_for_request(request)  # the site and its settings are read once per request anyway
    practice = PracticeSettings.for_request(request)
    page.get_url(request=request)
    with django_assert_num_queries(1):
        trail = seo.breadcrumb_trail(page, request)
        objects = seo.structured_data(page, request, practice)
    assert [crumb["title"] for crumb in trail] == ["Home"] + [f"Level {n}" for n in range(6)]
    assert [obj["@type"] for obj in objects] == ["MedicalClinic", "BreadcrumbList"]


def test_a_routed_page_gets_its_trail_from_routing_without_a_query(
    client, home_page, practice_settings, monkeypatch
):
    parent = home_page
    for depth in range(4):
        parent = StandardPageFactory(parent=parent, title=f"Level {depth}", slug=f"level-{depth}")

    def no_query(*args):
        raise AssertionError("the routed page's ancestors were queried again")

    monkeypatch.setattr(seo.meta, "_queried_ancestors", no_query)
    nav = soup(client.get(parent.url)).find("nav", class_="breadcrumbs")
    assert [li.get_text(strip=True) for li in nav.find_all("li")] == ["Home"] + [
        f"Level {n}" for n in range(4)
    ]


def test_sitemap_lists_every_live_page_and_no_draft(client, reviewed_pages, post):
    draft = StandardPageFactory(parent=Page.objects.get(slug="site-home"), slug="draft", live=False)
    assert draft.url  # routable, so only its being a draft keeps it out
    ClinicianPageFactory(parent=Page.objects.get(slug="team"), slug="draft-clinician", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    # The site's own sitemap, not untrusted input.
    urlset = ET.fromstring(response.content)  # noqa: S314
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        loc.text.split("://", 1)[1].split("/", 1)[1]
        for loc in urlset.findall("s:url/s:loc", namespace)
    }
    home = Page.objects.get(slug="site-home")
    live_paths = {page.url.lstrip("/") for page in home.get_descendants(inclusive=True).live()}
    assert live_paths == locations
    assert "therapies/psychodynamic-therapy/" in locations
    assert "blog/what-is-psychodynamic-therapy/" in locations
    assert not any("draft" in location for location in locations)


def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
