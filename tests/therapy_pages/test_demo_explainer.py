"""The seed's therapy explainer, as the demo builds it: every section, linked both ways. The demo is
seeded once for the module (`shared_demo`)."""

import re

import pytest

from practice.demo_dates import days_ago
from practice.models import one_year_after
from therapy_pages.demo_content import REVIEWED_DAYS_AGO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

URL = "/therapies/psychodynamic-therapy/"


@pytest.fixture
def html(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading):
    """The HTML from a heading to the next h2 (the heading itself, not its "On this page" link)."""
    start = html.index(f"{heading}</h2>")
    end = html.find("<h2", start + len(heading))
    return html[start : end if end != -1 else None]


def test_therapy_page_shows_summary_and_reviewer_line(html):
    assert "<h1" in html and "Psychodynamic therapy</h1>" in html
    assert "depth psychotherapy that grew out of psychoanalysis" in html
    line = re.sub(r"\s+", " ", html.split('class="review-line"')[1].split("</p>")[0])
    assert "Reviewed by" in line and "Dr. Cassidy Blair, Psy.D." in line
    # The demo's review dates are relative to the day it was seeded (practice.demo_dates).
    reviewed = days_ago(REVIEWED_DAYS_AGO)
    due = one_year_after(reviewed)
    assert (
        f'on <time datetime="{reviewed:%Y-%m-%d}">{reviewed:%B} {reviewed.day}, {reviewed.year}</time>'
        in line
    )
    assert (
        f'Next review due <time datetime="{due:%Y-%m-%d}">{due:%B} {due.day}, {due.year}</time>'
        in line
    )


def test_therapy_page_lists_its_populations(html):
    who = section(html, "Who can psychodynamic therapy help?")
    for name in ["Career professionals", "College and graduate students", "Adolescents", "LGBTQ+"]:
        assert f'<li class="pill">{name}</li>' in who


def test_therapy_page_links_the_conditions_it_helps_with(html):
    what = section(html, "What can psychodynamic therapy help with?")
    for item in ["Get more out of your experiences", "Find new ways of relating to others"]:
        assert item in what
    for slug, title in [
        ("anxiety", "Anxiety"),
        ("depression", "Depression"),
        ("relationship-issues", "Relationship issues"),
        ("trauma-and-early-adverse-experiences", "Trauma and early adverse experiences"),
        ("career-and-academic-issues", "Career and academic issues"),
    ]:
        assert f'<a href="/conditions/{slug}/">{title}</a>' in what
    assert "Eating disorders" not in what


def test_therapy_page_shows_all_seven_focus_areas_in_order(html):
    focus = html.split('<ol class="numbered-list">')[1].split("</ol>")[0]
    items = re.findall(r"<li>(.*?)</li>", focus)
    assert len(items) == 7
    assert items[0] == "Noticing emotions and finding words for them"
    assert items[-1] == "Exploring your inner life, including dreams, daydreams and fantasies"


def test_therapy_page_shows_what_it_is_not(html):
    contrast = section(html, "What psychodynamic therapy is not")
    not_list = contrast.split('<ul class="cross-list">')[1].split("</ul>")[0]
    assert re.findall(r"<li>(.*?)</li>", not_list) == [
        "Agenda-driven",
        "Only about symptoms",
        "Simple advice",
        "Being told what to do",
    ]


def test_therapy_page_has_evidence_with_numbered_markers_and_reference_list(html):
    evidence = section(html, "Why psychodynamic therapy works")
    assert '<a href="#ref-shedler-2010" aria-label="Reference 1">[1]</a>' in evidence
    assert '<a href="#ref-leichsenring-2008" aria-label="Reference 2">[2]</a>' in evidence
    assert "[@" not in html
    references = html.split('<ol class="references__list">')[1].split("</ol>")[0]
    ids = re.findall(r'<li id="ref-([a-z0-9-]+)">', references)
    assert ids == ["shedler-2010", "leichsenring-2008"]
    assert 'href="https://doi.org/10.1037/a0018378"' in references
    assert 'href="https://doi.org/10.1001/jama.300.13.1551"' in references


def test_therapy_page_shows_the_winnicott_quote_and_faq(html):
    assert "It is a joy to be hidden, and disaster not to be found." in html
    assert "D. W. Winnicott" in html
    assert (
        '<summary class="faq__question">How long does psychodynamic therapy take?</summary>' in html
    )


def test_condition_page_links_back_to_every_therapy_that_helps(client):
    html = client.get("/conditions/anxiety/").content.decode()
    therapies = section(html, "Therapies that can help")
    assert 'href="/therapies/psychodynamic-therapy/"' in therapies
    assert 'href="/therapies/cognitive-behavioral-therapy/"' in therapies
    html = client.get("/conditions/career-and-academic-issues/").content.decode()
    therapies = section(html, "Therapies that can help")
    assert 'href="/therapies/psychodynamic-therapy/"' in therapies
    assert "cognitive-behavioral-therapy" not in therapies


def test_condition_page_shows_signs_seek_help_with_crisis_line_and_clinicians(client):
    html = client.get("/conditions/anxiety/").content.decode()
    assert "Common signs" in html and "Restlessness, a racing heart" in html
    seek = html.split('<section class="seek-help">')[1].split("</section>")[0]
    assert "When to seek help now" in seek
    assert 'href="tel:988"' in seek
    assert 'href="/team/dr-cassidy-blair/">Dr. Cassidy Blair, Psy.D.</a>' in section(
        html, "Clinicians who work with anxiety"
    )


def test_condition_index_lists_conditions_a_to_z(client):
    html = client.get("/conditions/").content.decode()
    titles = re.findall(r'class="az-item__link" href="[^"]+">([^<]+)</a>', html)
    assert titles == sorted(titles, key=str.lower)
    assert {"Anxiety", "Depression", "Eating disorders", "Substance use"} <= set(titles)
    assert re.findall(r'<h2 class="az-group__letter" id="letter-(\w)">', html)[:3] == [
        "A",
        "C",
        "D",
    ]


def test_therapy_index_lists_each_therapy_with_its_summary(client):
    html = client.get("/therapies/").content.decode()
    assert 'href="/therapies/psychodynamic-therapy/"' in html
    assert 'href="/therapies/cognitive-behavioral-therapy/"' in html
    assert "structured, practical therapy" in html


def test_clinician_profile_lists_what_they_work_with(client):
    html = client.get("/team/dr-cassidy-blair/").content.decode()
    assert 'href="/therapies/psychodynamic-therapy/">Psychodynamic therapy</a>' in html
    assert 'href="/conditions/anxiety/">Anxiety</a>' in html
