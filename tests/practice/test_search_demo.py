"""Site search on the demo practice: what its words find, with each result's type and summary, the
empty and nothing-found states, promoted results, and stemming on PostgreSQL. The demo is seeded
once for the module (`shared_demo`); each test's changes are rolled back."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from practice import search as site_search
from practice.models import PracticeSettings
from tests.practice.test_search import results, search, status_text, titles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Stemming needs PostgreSQL full-text search; SQLite's FTS5 index does not stem "
    "(CI runs these on PostgreSQL).",
)


def test_anxiety_finds_the_condition_page_and_a_blog_post_with_type_and_summary(client):
    response = search(client, "anxiety")
    assert response.status_code == 200
    found = {title: (kind, summary, href) for title, kind, summary, href in results(response)}
    assert found["Anxiety"][0] == "Condition"
    assert found["Anxiety"][1].startswith("Feeling anxious most of the time")
    assert found["Anxiety"][2] == "/conditions/anxiety/"
    assert found["What causes anxiety?"][0] == "Blog post"
    assert found["What causes anxiety?"][1]
    assert f"{len(found)} results for “anxiety”" in status_text(response)


def test_anxiety_lists_the_anxiety_condition_page_first(client):
    """On SQLite's FTS5 as on PostgreSQL: the page that is about anxiety answers first, then the
    post titled with it; the home page, which names anxiety in passing, comes after every page
    whose title or summary has the word."""
    found = results(search(client, "anxiety"))
    order = [title for title, *_ in found]
    assert order[:2] == ["Anxiety", "What causes anxiety?"]
    assert (found[0][1], found[0][3]) == ("Condition", "/conditions/anxiety/")
    summaries = {title: summary for title, _, summary, _ in found}
    with_the_word = [
        title
        for title in order
        if "anxiety" in title.lower() or "anxiety" in summaries[title].lower()
    ]
    assert order[: len(with_the_word)] == with_the_word
    assert order.index("Home") >= len(with_the_word)


@pytest.mark.parametrize(
    "query, first",
    [
        ("depression", "Depression"),
        ("eating disorders", "Eating disorders"),
        ("psychodynamic therapy", "Psychodynamic therapy"),
        ("Dr. Cassidy Blair", "Dr. Cassidy Blair"),
    ],
)
def test_the_page_titled_with_the_query_comes_first(client, query, first):
    assert titles(search(client, query))[0] == first


def test_every_result_says_what_kind_of_page_it_is(client):
    kinds = {}
    for query in ["anxiety", "therapy", "Blair", "privacy", "blog", "consultation"]:
        kinds.update({title: kind for title, kind, _, _ in results(search(client, query))})
    assert kinds["Home"] == "Home page"
    assert kinds["Anxiety"] == "Condition"
    assert kinds["Psychodynamic therapy"] == "Therapy"
    assert kinds["Dr. Cassidy Blair"] == "Clinician"
    assert all(kind.strip() for kind in kinds.values()), kinds


class Listed(list):
    """Search results as a backend gives them: sliceable, with count()."""

    def count(self):
        return len(self)


def test_answers_first_ranks_the_head_and_pages_through_all_results(monkeypatch):
    """Past the ranked head the backend's order goes on; no result is lost or repeated."""
    monkeypatch.setattr(site_search, "RANKED_RESULTS", 5)
    monkeypatch.setattr(site_search, "listing_page", lambda page: page)

    class Found:
        def __init__(self, title, summary=""):
            self.title, self.summary, self.search_description = title, summary, ""

    backend = Listed(
        [Found(f"Passing mention {n}") for n in range(4)]
        + [Found("Worry"), Found("Other", "about worries")]
        + [Found(f"Later {n}") for n in range(4)]
    )
    ranked = site_search.AnswersFirst(backend, "worry")
    assert len(ranked) == 10
    head = [page.title for page in ranked[0:5]]
    assert head == [
        "Worry",
        "Passing mention 0",
        "Passing mention 1",
        "Passing mention 2",
        "Passing mention 3",
    ]
    everything = [page.title for page in ranked[0:3]] + [page.title for page in ranked[3:10]]
    assert sorted(everything) == sorted(page.title for page in backend)
    assert [page.title for page in ranked[5:7]] == ["Other", "Later 0"]
    assert ranked[0].title == "Worry"


def test_results_cover_therapies_clinicians_and_standard_pages(client):
    kinds = {kind for _, kind, _, _ in results(search(client, "psychodynamic"))}
    assert {"Therapy", "Blog post"} <= kinds
    assert ("Dr. Cassidy Blair", "Clinician") in [
        (title, kind) for title, kind, _, _ in results(search(client, "Blair"))
    ]
    assert ("Privacy", "Page") in [
        (title, kind) for title, kind, _, _ in results(search(client, "privacy"))
    ]


def test_page_has_a_heading_a_labelled_search_box_and_the_query_in_both_boxes(client):
    response = search(client, "anxiety")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == [
        "Search results for “anxiety”"
    ]
    assert soup.title.get_text().startswith("Search results for “anxiety”")
    page_box = soup.select_one("main input#search-page-q")
    assert page_box["name"] == "q" and page_box["value"] == "anxiety"
    assert soup.select_one('label[for="search-page-q"]').get_text(strip=True) == (
        "Search this site"
    )
    assert soup.select_one("header input[name=q]")["value"] == "anxiety"
    assert soup.select_one('meta[name="robots"]')["content"].startswith("noindex")
    crumbs = soup.select('nav[aria-label="Breadcrumb"] li')
    assert [crumb.get_text(strip=True) for crumb in crumbs] == ["Home", "Search"]


def test_the_page_renders_for_a_signed_in_editor_too(admin_client):
    """The Wagtail user bar and the layout's includes cope with a page that is not a Wagtail page."""
    response = search(admin_client, "anxiety")
    assert response.status_code == 200
    assert "Anxiety" in titles(response)


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_asks_what_to_look_for_and_searches_nothing(client, query):
    response = search(client, query)
    assert response.status_code == 200
    assert status_text(response).startswith("Type what you are looking for")
    assert results(response) == []
    assert not Query.objects.exists()
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("h1").get_text(strip=True) == "Search"
    assert 'href="/conditions/"' in response.content.decode()


def test_no_query_parameter_at_all_is_the_empty_state(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert status_text(response).startswith("Type what you are looking for")


def test_nothing_found_points_to_conditions_therapies_and_the_phone(client):
    practice_settings = PracticeSettings.for_site(Site.objects.get(is_default_site=True))
    assert practice_settings.phone
    response = search(client, "xylophone")
    html = response.content.decode()
    assert response.status_code == 200
    assert status_text(response) == "No results for “xylophone”."
    assert '<a href="/conditions/">Conditions we treat</a>' in html
    assert '<a href="/therapies/">Therapies</a>' in html
    assert '<a href="/contact/">Request a consultation</a>' in html
    assert (
        f'href="{practice_settings.phone_href}">{practice_settings.phone}</a> and we will' in html
    )


def test_a_promoted_result_comes_first_and_is_not_repeated(client):
    post = Page.objects.get(slug="what-causes-anxiety")
    SearchPromotion.objects.create(
        query=Query.get("anxiety"), page=post, description="Where worry comes from.", sort_order=0
    )
    found = results(search(client, "Anxiety"))
    assert found[0] == (
        "What causes anxiety?",
        "Recommended · Blog post",
        "Where worry comes from.",
        post.url,
    )
    assert [title for title, *_ in found].count("What causes anxiety?") == 1


def test_editors_can_promote_a_page_for_a_word_it_does_not_contain(client):
    """Stemming does not make "anxious" match "anxiety"; a promotion does."""
    anxiety = Page.objects.get(slug="anxiety")
    SearchPromotion.objects.create(query=Query.get("anxious"), page=anxiety, sort_order=0)
    SearchPromotion.objects.create(
        query=Query.get("anxious"),
        external_link_url="https://988lifeline.org/",
        external_link_text="988 Suicide & Crisis Lifeline",
        sort_order=1,
    )
    found = results(search(client, "anxious"))
    assert found[0][:2] == ("Anxiety", "Recommended · Condition")
    assert found[1][0] == "988 Suicide & Crisis Lifeline"
    assert found[1][3] == "https://988lifeline.org/"


def test_promoted_pages_that_are_not_live_are_left_out(client):
    anxiety = Page.objects.get(slug="anxiety")
    SearchPromotion.objects.create(query=Query.get("nervous"), page=anxiety, sort_order=0)
    anxiety.unpublish()
    response = search(client, "nervous")
    assert "Anxiety" not in titles(response)


@needs_postgres
def test_stemming_finds_the_therapies_index_for_therapies(client):
    found = results(search(client, "therapies"))
    assert ("Therapies", "Section") in [(title, kind) for title, kind, _, _ in found]


@needs_postgres
@pytest.mark.parametrize("query", ["anxious", "anxieties", "worried", "worries"])
def test_stemming_finds_the_anxiety_page_for_other_forms_of_its_words(client, query):
    assert "Anxiety" in titles(search(client, query))
