"""Site search at /search/?q= on pages made for each test: drafts and private pages left out, ten
results a page, all words before any of them, and a clean answer (never a 500) to long, unicode or
odd queries on SQLite and PostgreSQL. What the demo's content finds: test_search_demo.py."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, PageViewRestriction

from practice import search as practice_search
from practice.search import MAX_QUERY_LENGTH
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def update_index():
    call_command("update_index", verbosity=0)


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


@pytest.mark.parametrize("ranked", [5, 50])
def test_the_number_of_results_is_read_with_them_not_counted_again(
    client, zephyr_pages, monkeypatch, ranked
):
    # 12 matches: more than a head of 5 is read with (its rows carry the total), fewer than 50.
    monkeypatch.setattr(practice_search, "RANKED_RESULTS", ranked)
    with CaptureQueriesContext(connection) as captured:
        first = search(client, "zephyr")
    assert status_text(first) == "12 results for “zephyr”, page 1 of 2."
    assert not [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    second = search(client, "zephyr", page=2)
    assert status_text(second) == "12 results for “zephyr”, page 2 of 2."
    assert len(results(second)) == 2
    assert set(titles(first)).isdisjoint(titles(second))


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


def test_a_result_is_named_and_offered_as_help_by_its_page_class(
    client, home_page, practice_settings, monkeypatch
):
    """The result's type is its page class's `search_label`, and a search that finds nothing
    points to the pages whose class sets `search_help_link`: search asks the page class, never
    its model name."""
    from practice.models import StandardPage

    StandardPageFactory(parent=home_page, title="Wombat guide", slug="wombat-guide")
    update_index()
    assert [kind for _, kind, _, _ in results(search(client, "wombat"))] == ["Page"]

    def help_links(response):
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        return [a.get_text(strip=True) for a in soup.select(".search-help__links a")]

    assert "Wombat guide" not in help_links(search(client, "nothing-like-this"))

    monkeypatch.setattr(StandardPage, "search_label", "Guide")
    monkeypatch.setattr(StandardPage, "search_help_link", True)
    assert [kind for _, kind, _, _ in results(search(client, "wombat"))] == ["Guide"]
    assert "Wombat guide" in help_links(search(client, "nothing-like-this"))


def test_the_search_reads_its_matches_from_the_title_and_body_index(client, zephyr_pages):
    """Wagtail's PostgreSQL search matches `title || body`; migration practice 0023 indexes that
    expression, which also gives PostgreSQL statistics to plan the join by (without them it
    guessed one match and joined every page to every match: 37 ms of the demo's 80 ms search).
    If Wagtail changes the expression it matches, the index stops being usable and this fails."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("the index is PostgreSQL's; SQLite searches its own FTS5 table")
    with CaptureQueriesContext(connection) as captured:
        assert len(titles(search(client, "zephyr"))) == 10
    matching = [query["sql"] for query in captured if "@@" in query["sql"]]
    assert matching, "no full-text match in the search's queries"
    # The expression the index is built on, as the search writes it…
    expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert all(expression in sql for sql in matching), matching
    # …and the index answers it (a dozen rows would rightly be scanned: ask for the index).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE "
            '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@ '
            "to_tsquery(%s)",
            ["zephyr"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "practice_search_title_body_gin" in plan, plan


def test_a_promoted_page_comes_first_once_and_a_private_one_not_at_all(
    client, zephyr_pages, home_page
):
    from wagtail.contrib.search_promotions.models import SearchPromotion

    private = StandardPageFactory(parent=home_page, title="Zephyr private", slug="zephyr-private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    query = Query.get("zephyr")
    SearchPromotion.objects.create(query=query, page=private, sort_order=0)
    SearchPromotion.objects.create(query=query, page=zephyr_pages[5], sort_order=1)
    update_index()

    found = titles(search(client, "zephyr"))
    assert found[0] == "Zephyr page 05"
    assert found.count("Zephyr page 05") == 1
    assert "Zephyr private" not in found
    later = titles(search(client, "zephyr", page=2))
    assert "Zephyr page 05" not in later and "Zephyr private" not in later
    assert len(found) + len(later) == 12  # every public page once, the private one never
