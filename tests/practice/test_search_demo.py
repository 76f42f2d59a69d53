"""Site search on the demo practice: what its words find, with each result's type and summary, the
empty and nothing-found states, promoted results, and stemming on PostgreSQL. The demo is seeded
once for the module (`shared_demo`); each test's changes are rolled back."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

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
