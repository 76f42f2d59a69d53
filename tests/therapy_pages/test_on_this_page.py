"""A long explainer is navigable: an "On this page" list of its sections, made on the server
from the body's headings, each heading with a stable id the list links to, and a way back up
to the list: after each section of a long page, after the body of a shorter one. A page of
one or two sections has no list."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ConditionPageFactory, PopulationFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def contents(soup):
    """The "On this page" list: its landmark, and the (text, target) of each link."""
    nav = soup.find("nav", id="on-this-page")
    if nav is None:
        return None, []
    return nav, [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]


def section_headings(soup):
    """The H2s of the explainer's body, in order."""
    return [h.get_text(strip=True) for h in soup.select(".prose h2")]


def assert_every_link_lands_on_its_heading(soup, links):
    for text, href in links:
        assert href.startswith("#")
        target = soup.find(id=href[1:])
        assert target is not None, href
        assert target.name == "h2" and target.get_text(strip=True) == text


def assert_ids_unique(soup):
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


class TestDemoExplainers:
    pytestmark = pytest.mark.usefixtures("shared_demo")

    def test_a_therapy_page_lists_every_section_of_its_body_in_order(self, client):
        soup = soup_of(client, "/therapies/psychodynamic-therapy/")
        nav, links = contents(soup)
        assert nav["aria-labelledby"] == "on-this-page-heading"
        assert soup.find(id="on-this-page-heading").get_text(strip=True) == "On this page"
        # "Who it helps" (its two headings), the heading blocks at H2, and the blocks that
        # open with a heading: "What it is not", the evidence, the questions.
        assert [text for text, _ in links] == section_headings(soup)
        assert [text for text, _ in links] == [
            "Who can psychodynamic therapy help?",
            "What can psychodynamic therapy help with?",
            "How does psychodynamic therapy work?",
            "What psychodynamic therapy is not",
            "Why psychodynamic therapy works",
            "Questions people ask",
        ]
        assert links[-1][1] == "#questions-people-ask"  # the slug of the heading's words
        assert "Main areas of focus" not in dict(links)  # an H3, part of a section
        assert_every_link_lands_on_its_heading(soup, links)
        assert_ids_unique(soup)

    def test_the_list_comes_before_the_body_and_each_section_links_back_to_it(self, client):
        soup = soup_of(client, "/therapies/psychodynamic-therapy/")
        nav, links = contents(soup)
        body = soup.select_one(".prose")
        assert nav.find_next("div", class_="prose") is body
        back = body.select(".back-to-contents a")
        assert back and {a["href"] for a in back} == {"#on-this-page"}
        # Six sections: one after each (before each section but the first, and after the last;
        # the first two are the two halves of "Who it helps", with no link between them).
        assert len(links) == 6 and len(back) == len(links) - 1
        assert body.find_all(recursive=False)[-1].get("class") == ["back-to-contents"]

    def test_a_condition_page_lists_its_sections(self, client):
        soup = soup_of(client, "/conditions/anxiety/")
        nav, links = contents(soup)
        assert nav is not None
        assert [text for text, _ in links] == section_headings(soup)
        assert len(links) == 3
        assert_every_link_lands_on_its_heading(soup, links)
        assert_ids_unique(soup)
        # Three short sections: one link back up, after the body.
        body = soup.select_one(".prose")
        assert [a["href"] for a in body.select(".back-to-contents a")] == ["#on-this-page"]
        assert body.find_all(recursive=False)[-1].get("class") == ["back-to-contents"]


def test_a_page_with_fewer_than_three_sections_has_no_list(
    client, condition_index, practice_settings
):
    page = ConditionPageFactory(
        parent=condition_index,
        slug="grief",
        body=[
            ("signs", {"heading": "Common signs", "intro": "", "items": ["Tiredness"]}),
            ("heading", {"text": "How therapy helps", "level": "h2"}),
            ("paragraph", "<p>Talking helps.</p>"),
        ],
    )
    soup = soup_of(client, page.url)
    assert contents(soup) == (None, [])
    assert not soup.select(".back-to-contents")
    assert "On this page" not in str(soup)
    # The headings still have their ids, for a link from elsewhere.
    assert soup.find("h2", id="how-therapy-helps") is not None


def test_repeated_words_get_ids_of_their_own_and_a_heading_never_takes_a_pages_id(
    client, condition_index, practice_settings
):
    page = ConditionPageFactory(
        parent=condition_index,
        slug="panic",
        body=[
            ("heading", {"text": "Main", "level": "h2"}),
            ("heading", {"text": "What helps", "level": "h2"}),
            ("heading", {"text": "A part of it", "level": "h3"}),
            ("heading", {"text": "What helps!", "level": "h2"}),
            (
                "faq",
                {"heading": "On this page", "items": [{"question": "Q?", "answer": "<p>A.</p>"}]},
            ),
            ("heading", {"text": "¿?", "level": "h2"}),
        ],
    )
    soup = soup_of(client, page.url)
    _, links = contents(soup)
    assert links == [
        ("Main", "#main-2"),  # "main" is the page's main landmark
        ("What helps", "#what-helps"),
        ("What helps!", "#what-helps-2"),
        ("On this page", "#on-this-page-2"),
        ("¿?", "#section"),  # no letters to make a slug from
    ]
    assert_every_link_lands_on_its_heading(soup, links)
    assert_ids_unique(soup)


def test_who_it_helps_is_listed_only_for_what_it_shows(
    client, therapy_index, condition_index, practice_settings
):
    body = [
        ("heading", {"text": "How it works", "level": "h2"}),
        ("heading", {"text": "What a session is like", "level": "h2"}),
        ("heading", {"text": "How long it takes", "level": "h2"}),
    ]
    bare = TherapyPageFactory(parent=therapy_index, slug="bare", body=body)
    _, links = contents(soup_of(client, bare.url))
    assert [text for text, _ in links] == [
        "How it works",
        "What a session is like",
        "How long it takes",
    ]

    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    full = TherapyPageFactory(
        parent=therapy_index,
        slug="full",
        body=body,
        conditions=[anxiety],
        populations=[PopulationFactory(name="Adults")],
    )
    soup = soup_of(client, full.url)
    _, links = contents(soup)
    assert [text for text, _ in links][:2] == ["Who can it help?", "What can it help with?"]
    assert_every_link_lands_on_its_heading(soup, links)
