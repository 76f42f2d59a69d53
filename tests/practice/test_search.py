"""Site search at /search/?q=: live, public pages of every type with their type and summary, the
editors' promoted results first, ten a page, and a clean answer (never a 500) to empty, long,
unicode or odd queries on SQLite and PostgreSQL."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site

from practice.models import PracticeSettings
from practice.search import MAX_QUERY_LENGTH
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Stemming needs PostgreSQL full-text search; SQLite's FTS5 index does not stem "
    "(CI runs these on PostgreSQL).",
)


def update_index():
    call_command("update_index", verbosity=0)


@pytest.fixture
def indexed_demo(demo):
    update_index()


@pytest.fixture
def zephyr_pages(home_page, practice_settings):
    """Twelve standard pages sharing a rare word, so one query finds more than a page of them."""
    pages = [
        StandardPageFactory(
            parent=home_page,
            title=f"Zephyr page {n:02d}",
            slug=f"zephyr-{n:02d}",
            summary=f"Zephyr summary {n:02d}.",
        )
        for n in range(12)
    ]
    update_index()
    return pages


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


def results(response):
    """(title, type, summary, href) of each result, in order."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = []
    for item in soup.select("ol.search-results > li.search-result"):
        link = item.select_one(".search-result__title a")
        summary = item.select_one(".search-result__summary")
        found.append(
            (
                link.get_text(strip=True),
                item.select_one(".search-result__type").get_text(" ", strip=True),
                summary.get_text(strip=True) if summary else "",
                link["href"],
            )
        )
    return found


def titles(response):
    return [title for title, *_ in results(response)]


def status_text(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.select_one('p[role="status"]').get_text(" ", strip=True)


def test_anxiety_finds_the_condition_page_and_a_blog_post_with_type_and_summary(
    client, indexed_demo
):
    response = search(client, "anxiety")
    assert response.status_code == 200
    found = {title: (kind, summary, href) for title, kind, summary, href in results(response)}
    assert found["Anxiety"][0] == "Condition"
    assert found["Anxiety"][1].startswith("Feeling anxious most of the time")
    assert found["Anxiety"][2] == "/conditions/anxiety/"
    assert found["What causes anxiety?"][0] == "Blog post"
    assert found["What causes anxiety?"][1]
    assert f"{len(found)} results for “anxiety”" in status_text(response)


def test_results_cover_therapies_clinicians_and_standard_pages(client, indexed_demo):
    kinds = {kind for _, kind, _, _ in results(search(client, "psychodynamic"))}
    assert {"Therapy", "Blog post"} <= kinds
    assert ("Dr. Cassidy Blair", "Clinician") in [
        (title, kind) for title, kind, _, _ in results(search(client, "Blair"))
    ]
    assert ("Privacy", "Page") in [
        (title, kind) for title, kind, _, _ in results(search(client, "privacy"))
    ]


def test_page_has_a_heading_a_labelled_search_box_and_the_query_in_both_boxes(client, indexed_demo):
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


def test_the_page_renders_for_a_signed_in_editor_too(admin_client, indexed_demo):
    """The Wagtail user bar and the layout's includes cope with a page that is not a Wagtail page."""
    response = search(admin_client, "anxiety")
    assert response.status_code == 200
    assert "Anxiety" in titles(response)


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_asks_what_to_look_for_and_searches_nothing(client, indexed_demo, query):
    response = search(client, query)
    assert response.status_code == 200
    assert status_text(response).startswith("Type what you are looking for")
    assert results(response) == []
    assert not Query.objects.exists()
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("h1").get_text(strip=True) == "Search"
    assert 'href="/conditions/"' in response.content.decode()


def test_no_query_parameter_at_all_is_the_empty_state(client, indexed_demo):
    response = client.get("/search/")
    assert response.status_code == 200
    assert status_text(response).startswith("Type what you are looking for")


def test_nothing_found_points_to_conditions_therapies_and_the_phone(client, indexed_demo):
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


def test_a_promoted_result_comes_first_and_is_not_repeated(client, indexed_demo):
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


def test_editors_can_promote_a_page_for_a_word_it_does_not_contain(client, indexed_demo):
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


def test_promoted_pages_that_are_not_live_are_left_out(client, indexed_demo):
    anxiety = Page.objects.get(slug="anxiety")
    SearchPromotion.objects.create(query=Query.get("nervous"), page=anxiety, sort_order=0)
    anxiety.unpublish()
    response = search(client, "nervous")
    assert "Anxiety" not in titles(response)


def test_a_hit_is_recorded_for_each_search_but_not_for_later_pages(client, zephyr_pages):
    search(client, "Zephyr")
    search(client, "  zephyr ")
    search(client, "zephyr", page=2)
    assert Query.get("zephyr").hits == 2


def test_drafts_and_private_pages_are_not_found(client, home_page, practice_settings):
    StandardPageFactory(parent=home_page, title="Quokka public", slug="quokka-public")
    draft = StandardPageFactory(parent=home_page, title="Quokka draft", slug="quokka-draft")
    draft.unpublish()
    private = StandardPageFactory(parent=home_page, title="Quokka private", slug="quokka-private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    update_index()
    assert titles(search(client, "quokka")) == ["Quokka public"]


def test_results_are_paginated_ten_a_page_and_the_links_keep_the_query(client, zephyr_pages):
    first = search(client, "zephyr")
    assert len(results(first)) == 10
    assert status_text(first) == "12 results for “zephyr”, page 1 of 2."
    html = first.content.decode()
    assert '<nav class="pagination" aria-label="Pages of search results">' in html
    assert 'rel="next" href="?q=zephyr&amp;page=2"' in html

    second = search(client, "zephyr", page=2)
    assert len(results(second)) == 2
    assert set(titles(first)).isdisjoint(titles(second))
    assert 'rel="prev" href="?q=zephyr"' in second.content.decode()
    assert '<ol class="search-results" start="11">' in second.content.decode()


def test_pagination_links_encode_the_query(client, zephyr_pages):
    html = search(client, "zephyr & co").content.decode()
    assert 'href="?q=zephyr+%26+co&amp;page=2"' in html


@pytest.mark.parametrize(
    ("page", "status", "count"),
    [
        ("abc", 200, 10),
        ("", 200, 10),
        ("1e9", 200, 10),
        ("2", 200, 2),
        ("0", 404, None),
        ("-1", 404, None),
        ("3", 404, None),
        ("99999999999999999999", 404, None),
    ],
)
def test_bad_page_numbers_give_page_one_or_404_never_500(client, zephyr_pages, page, status, count):
    response = search(client, "zephyr", page=page)
    assert response.status_code == status
    if count is not None:
        assert len(results(response)) == count


def test_a_page_number_with_nothing_found_is_still_the_first_page(client, zephyr_pages):
    assert search(client, "xylophone", page=1).status_code == 200


def test_a_very_long_query_is_cut_to_200_characters_after_a_whole_word(client, zephyr_pages):
    response = search(client, "zephyr " * 100)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    searched = soup.select_one("#search-page-q")["value"]
    assert len(searched) <= MAX_QUERY_LENGTH and searched.endswith(" zephyr")
    assert Query.objects.get().query_string == searched
    assert len(results(response)) == 10


def test_a_very_long_single_word_is_cut_to_200_characters(client, zephyr_pages):
    response = search(client, "x" * 500)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.select_one("#search-page-q")["value"] == "x" * MAX_QUERY_LENGTH


def test_all_words_first_then_any_of_them(client, zephyr_pages):
    assert titles(search(client, "zephyr 03")) == ["Zephyr page 03"]
    response = search(client, "zephyr xylophone")
    assert len(results(response)) == 10
    assert "No page has all of your words" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "anxiété",
        "心理",
        "😟",
        '"',
        '"zephyr',
        "'",
        "&|!",
        ":*",
        "zephyr:*",
        ") OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "%",
        "%00",
        "zephyr\x00",
        "\\",
        "NOT",
        "AND OR NEAR(",
        "*",
        "^",
        "-zephyr",
        "()",
        "<script>alert(1)</script>",
        "x" * 500,
    ],
)
def test_odd_queries_answer_cleanly(client, zephyr_pages, query):
    response = search(client, query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    # The database is still usable after whatever the backend made of the query.
    assert search(client, "zephyr").status_code == 200
    assert Page.objects.filter(slug="zephyr-00").exists()


def test_a_query_the_backend_refuses_is_tried_again_as_plain_words(client, zephyr_pages):
    response = search(client, '"zephyr')
    assert response.status_code == 200
    assert len(results(response)) == 10


@needs_postgres
def test_stemming_finds_the_therapies_index_for_therapies(client, indexed_demo):
    found = results(search(client, "therapies"))
    assert ("Therapies", "Section") in [(title, kind) for title, kind, _, _ in found]


@needs_postgres
@pytest.mark.parametrize("query", ["anxious", "anxieties", "worried", "worries"])
def test_stemming_finds_the_anxiety_page_for_other_forms_of_its_words(client, indexed_demo, query):
    assert "Anxiety" in titles(search(client, query))
