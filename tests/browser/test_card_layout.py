"""At 1280 px no card grid ends on a lone card: the last row of the home page's featured cards,
the team, the blog's cards and the therapies has two or more cards whenever the rows above it
do, with the demo's counts and with any number of featured cards."""

import pytest
from wagtail.models import Page

from practice.models import ClinicianPage, HomePage, TeamIndexPage

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
GRIDS = ".card-grid, .post-list, .post-grid, .clinician-list"

# Each grid on the page: how many cards sit on each row, top to bottom (cards grouped by
# their offsetTop).
ROWS_JS = """selector => [...document.querySelectorAll(selector)].map(grid => {
    const rows = new Map();
    for (const card of grid.children) {
        const top = Math.round(card.offsetTop);
        rows.set(top, (rows.get(top) || 0) + 1);
    }
    return {grid: grid.className, rows: [...rows.keys()].sort((a, b) => a - b).map(k => rows.get(k))};
})"""


def card_rows(page, url):
    page.goto(url)
    grids = page.evaluate(ROWS_JS, GRIDS)
    assert grids, f"no card grid on {url}"
    return grids


def assert_no_lone_last_card(grids, url):
    for grid in grids:
        rows = grid["rows"]
        if len(rows) > 1 and max(rows) > 1:
            assert rows[-1] > 1, f"{url}: {grid['grid']} ends on a lone card, rows {rows}"


def test_no_card_grid_ends_on_a_lone_card_with_the_demos_counts(page, demo_site):
    page.set_viewport_size(WIDE)
    seen = {}
    for path in ["/", "/team/", "/blog/", "/therapies/", "/blog/what-is-psychodynamic-therapy/"]:
        grids = card_rows(page, demo_site + path)
        assert_no_lone_last_card(grids, path)
        seen[path] = grids
    # The home page's five featured cards: three, then two (not four and one).
    assert seen["/"][0]["rows"] == [3, 2], seen["/"]


def test_featured_cards_balance_their_last_row_whatever_their_number(page, demo_site):
    page.set_viewport_size(WIDE)
    home = HomePage.objects.get()
    targets = list(Page.objects.child_of(home).live().order_by("path")[:3])
    expected = {2: [2], 3: [3], 4: [2, 2], 5: [3, 2], 6: [3, 3], 7: [3, 2, 2], 8: [3, 3, 2]}
    for count, rows in expected.items():
        home.featured_links = [
            (
                "link",
                {
                    "page": targets[n % len(targets)],
                    "heading": f"Card {n + 1}",
                    "external_url": "",
                    "text": "Somewhere to start.",
                },
            )
            for n in range(count)
        ]
        home.save_revision().publish()
        home = HomePage.objects.get()
        grids = card_rows(page, demo_site + "/")
        assert grids[0]["rows"] == rows, (count, grids[0])


def test_team_cards_keep_the_last_row_full_with_an_odd_number_of_clinicians(page, demo_site):
    page.set_viewport_size(WIDE)
    team = TeamIndexPage.objects.get()
    for n in range(2):
        clinician = ClinicianPage(
            title=f"Dr. Alex Rivera {n + 2}",
            slug=f"dr-alex-rivera-{n + 2}",
            role="Licensed Clinical Psychologist",
            summary="Therapy for adults facing anxiety and change.",
        )
        team.add_child(instance=clinician)
        clinician.save_revision().publish()
        grids = card_rows(page, demo_site + "/team/")
        assert_no_lone_last_card(grids, "/team/")
    # The demo's five and these two: seven profiles, the first across the row, then pairs.
    assert grids[0]["rows"] == [1, 2, 2, 2], grids
