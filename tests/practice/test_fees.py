"""The Fees page: fees, sliding scale, insurance, payment and the Good Faith Estimate notice are
data in the admin, shown in US format; a section the practice left empty is left out; the
contact page summarises the page only when it is public; search finds it by "fees",
"insurance" and "cost"."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practice.models import FeesPage, SessionFee, format_usd
from practice.query_plans import statement_sql
from tests.factories import ContactPageFactory, FeesPageFactory, HomePageFactory
from tests.practice.test_search import results, search

pytestmark = pytest.mark.django_db

CMS_NOTICE = (
    "For questions or more information about your right to a Good Faith Estimate, visit "
    "www.cms.gov/nosurprises or call 1-800-985-3059."
)
HEADINGS = ["Session fees", "Sliding scale", "Insurance", "Payment"]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def fees(*rows):
    return [SessionFee(session_type=kind, fee=fee, note=note) for kind, fee, note in rows]


@pytest.fixture
def fees_page(home_page, practice_settings):
    return FeesPageFactory(
        parent=home_page,
        summary="What sessions cost and how insurance works with us.",
        intro="<p>The first call is free.</p>",
        session_fees=fees(
            ("First consultation call (15 minutes)", 0, "By phone or video."),
            ("Individual session (50 minutes)", 200, ""),
            ("Intensive day (6 hours)", 1200, "Booked a month ahead."),
        ),
        sliding_scale_offered=True,
        sliding_scale_text="A few reduced-fee spots for clients with financial need.",
        sliding_scale_low=90,
        sliding_scale_high=160,
        in_network_plans=[("plan", "Aetna"), ("plan", "Blue Shield of California")],
        superbills_offered=True,
        out_of_network_note="Ask your insurer about out-of-network benefits.",
        payment_methods="Credit and debit cards, and HSA and FSA cards.",
    )


@pytest.fixture
def contact(home_page, practice_settings):
    return ContactPageFactory(parent=home_page)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def h2s(soup):
    return [h2.get_text(" ", strip=True) for h2 in soup.select("main h2")]


def fee_rows(soup, scope="main"):
    return [
        (
            row.select_one("dt").get_text(strip=True),
            row.select_one(".fee-list__fee").get_text(strip=True),
        )
        for row in soup.select(f"{scope} .fee-list__row")
    ]


# The page


def test_money_is_whole_us_dollars_and_nothing_costs_free():
    assert [format_usd(n) for n in (180, 1200, 0, None)] == ["$180", "$1,200", "Free", ""]


def test_the_fees_page_shows_each_section_from_its_data(client, fees_page):
    soup = soup_of(client, "/fees/")
    main = soup.select_one("main")
    assert soup.h1.get_text(strip=True) == "Fees and insurance"
    assert h2s(soup) == [*HEADINGS, "Your right to a Good Faith Estimate"]
    assert fee_rows(soup) == [
        ("First consultation call (15 minutes)", "Free"),
        ("Individual session (50 minutes)", "$200"),
        ("Intensive day (6 hours)", "$1,200"),
    ]
    notes = [dd.get_text(strip=True) for dd in main.select(".fee-list__note")]
    assert notes == ["By phone or video.", "Booked a month ahead."]
    text = main.get_text(" ", strip=True)
    assert "A few reduced-fee spots for clients with financial need." in text
    assert "$90 to $160 a session" in text
    assert [li.get_text(strip=True) for li in main.select(".fees__plans li")] == [
        "Aetna",
        "Blue Shield of California",
    ]
    assert "superbill" in text and "Ask your insurer about out-of-network benefits." in text
    assert "Credit and debit cards, and HSA and FSA cards." in text


def test_the_good_faith_estimate_notice_says_the_right_how_to_ask_and_where_to_learn_more(
    client, fees_page
):
    notice = soup_of(client, "/fees/").select_one(".fees__notice")
    text = " ".join(notice.get_text(" ", strip=True).split())
    assert "You have the right to receive a Good Faith Estimate" in text
    assert "not using insurance" in text
    assert CMS_NOTICE in text.replace(" .", ".")
    links = {a.get_text(strip=True): a["href"] for a in notice.select("a")}
    assert links["www.cms.gov/nosurprises"] == "https://www.cms.gov/nosurprises"
    assert links["1-800-985-3059"] == "tel:18009853059"
    # How to ask: the practice's own phone and e-mail, from the practice details.
    assert links["310-999-4996"] == "tel:3109994996"
    assert links["hello@example.com"] == "mailto:hello@example.com"


def test_an_empty_section_is_left_out_entirely(client, home_page, practice_settings):
    page = FeesPageFactory(
        parent=home_page,
        sliding_scale_offered=False,
        sliding_scale_text="Kept for later, not offered now.",
        sliding_scale_low=50,
        gfe_heading="",
        gfe_text="",
        gfe_how_to_ask="",
        gfe_more_info="",
    )
    soup = soup_of(client, "/fees/")
    assert h2s(soup) == []
    main = soup.select_one("main")
    assert not main.select(".fee-list, .fees__section, .fees__notice, .fees__intro")
    assert "Kept for later" not in main.get_text()

    page.session_fees = fees(("Individual session (50 minutes)", 180, ""))
    page.payment_methods = "Cards."
    page.save()
    soup = soup_of(client, "/fees/")
    assert h2s(soup) == ["Session fees", "Payment"]
    assert fee_rows(soup) == [("Individual session (50 minutes)", "$180")]


def test_insurance_shows_only_the_parts_entered(client, home_page, practice_settings):
    FeesPageFactory(parent=home_page, superbills_offered=True)
    soup = soup_of(client, "/fees/")
    insurance = soup.select_one('[aria-labelledby="fees-insurance"]')
    assert [h3.get_text(strip=True) for h3 in insurance.select("h3")] == ["Out of network"]
    assert not insurance.select(".fees__plans")


def test_a_sliding_scale_range_cannot_run_backwards(home_page):
    page = FeesPageFactory.build(sliding_scale_low=160, sliding_scale_high=90)
    with pytest.raises(ValidationError) as refused:
        page.clean()
    assert "cannot be below the lowest" in str(refused.value)


def test_an_editor_enters_the_fees_in_the_admin(admin_client, home_page, practice_settings):
    response = admin_client.post(
        f"/admin/pages/add/practice/feespage/{home_page.pk}/",
        nested_form_data(
            {
                "title": "Fees",
                "slug": "fees",
                "summary": "",
                "intro": rich_text(""),
                "session_fees": inline_formset(
                    [
                        {"session_type": "Couples session (50 minutes)", "fee": "240", "note": ""},
                        {"session_type": "Individual session (50 minutes)", "fee": "200"},
                    ]
                ),
                "sliding_scale_offered": "",
                "sliding_scale_text": "",
                "in_network_plans": streamfield([("plan", "Aetna")]),
                "superbills_offered": "on",
                "out_of_network_note": "",
                "payment_methods": "",
                "gfe_heading": "Your right to a Good Faith Estimate",
                "gfe_text": rich_text("<p>You have the right to an estimate of the cost.</p>"),
                "gfe_how_to_ask": rich_text(""),
                "gfe_more_info": rich_text(""),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = FeesPage.objects.get()
    assert page.live and page.plan_names == ["Aetna"] and page.superbills_offered
    assert [(fee.session_type, fee.fee) for fee in page.session_fees.all()] == [
        ("Couples session (50 minutes)", 240),
        ("Individual session (50 minutes)", 200),
    ]
    assert not FeesPage.can_create_at(home_page)  # one Fees page per site


# The contact page's summary, and the privacy rule


def test_the_contact_page_summarises_the_fees_and_links_the_page(client, fees_page, contact):
    soup = soup_of(client, "/contact/")
    summary = soup.select_one(".fees-summary")
    assert summary.h2.get_text(strip=True) == "Fees and insurance"
    assert fee_rows(soup, ".fees-summary") == [
        ("First consultation call (15 minutes)", "Free"),
        ("Individual session (50 minutes)", "$200"),
        ("Intensive day (6 hours)", "$1,200"),
    ]
    facts = [li.get_text(" ", strip=True) for li in summary.select(".fees-summary__facts li")]
    assert facts == [
        "Sliding scale offered ($90 to $160 a session)",
        "In network with Aetna and Blue Shield of California",
        "Out of network: superbills for your insurer",
    ]
    link = summary.select_one(".fees-summary__more a")
    assert link["href"] == "/fees/"
    assert "Good Faith Estimate" in link.get_text()


def test_a_fees_page_with_nothing_on_it_is_not_summarised(client, home_page, contact):
    FeesPageFactory(parent=home_page, gfe_text="", gfe_how_to_ask="", gfe_more_info="")
    soup = soup_of(client, "/contact/")
    assert not soup.select(".fees-summary")


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    if kind == PageViewRestriction.PASSWORD:
        restriction.password = "secret"
        restriction.save()


@pytest.mark.parametrize("state", ["draft", "unpublished", "password", "login", "other site"])
def test_a_fees_page_that_is_not_public_is_neither_summarised_nor_linked(
    client, home_page, practice_settings, contact, state
):
    parent = home_page
    if state == "other site":
        parent = HomePageFactory(parent=home_page.get_parent(), slug="other-practice")
        Site.objects.create(hostname="other.example", port=80, root_page=parent)
    page = FeesPageFactory(
        parent=parent,
        title="Quietly priced",
        session_fees=fees(("Individual session (50 minutes)", 345, "")),
    )
    if state == "draft":
        FeesPage.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    elif state == "unpublished":
        page.save_revision().publish()
        page.unpublish()
    elif state == "password":
        restrict(page, PageViewRestriction.PASSWORD)
    elif state == "login":
        restrict(page, PageViewRestriction.LOGIN)
    html = client.get("/contact/").content.decode()
    assert 'class="fees-summary"' not in html
    assert "$345" not in html and "Quietly priced" not in html
    assert page.url_path.removeprefix(parent.url_path) not in html  # "fees/": no link to it


def test_the_summary_costs_the_contact_page_one_query_whatever_there_is(client, fees_page, contact):
    """The Fees page is read joined to its fees: one query with fees, without them, and with
    no public Fees page at all."""

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/contact/").status_code == 200
        # The query's SQL, or the prepared statement it runs (practice.query_plans).
        # A prepared statement (practice.query_plans) is read as the SQL it runs.
        fees = [q for q in captured if "practice_feespage" in statement_sql(q["sql"])]
        return len(fees), len(captured)

    client.get("/contact/")
    with_fees = count()
    SessionFee.objects.all().delete()
    without_fees = count()
    FeesPage.objects.filter(pk=fees_page.pk).update(live=False)
    not_public = count()
    assert with_fees[0] == without_fees[0] == not_public[0] == 1
    assert with_fees[1] == without_fees[1] == not_public[1]


# Search


@pytest.mark.parametrize("query", ["fees", "insurance", "cost", "Good Faith Estimate", "Aetna"])
def test_search_finds_the_fees_page(client, fees_page, query):
    call_command("update_index", verbosity=0)
    found = {title: (kind, href) for title, kind, _, href in results(search(client, query))}
    assert found.get("Fees and insurance") == ("Fees", "/fees/"), found


def test_search_finds_the_fees_page_by_its_session_types(client, fees_page):
    call_command("update_index", verbosity=0)
    found = [title for title, *_ in results(search(client, "intensive"))]
    assert found == ["Fees and insurance"]


# The demo


def test_the_demo_has_a_fees_page_in_the_menu_and_on_the_contact_page(client, demo):
    page = FeesPage.objects.get()
    assert page.live and page.show_in_menus and page.url == "/fees/"
    home = soup_of(client, "/")
    assert "/fees/" in [a["href"] for a in home.select("nav a")]
    soup = soup_of(client, "/fees/")
    assert ("Individual session (50 minutes)", "$200") in fee_rows(soup)
    assert ("Couples or family session (50 minutes)", "$240") in fee_rows(soup)
    assert fee_rows(soup)[0][1] == "Free"
    assert page.plan_names == ["Aetna", "Blue Shield of California"]
    assert page.superbills_offered and page.sliding_scale_offered
    assert soup_of(client, "/contact/").select_one(".fees-summary a")["href"] == "/fees/"


@pytest.mark.parametrize("query", ["fees", "insurance", "cost"])
def test_searching_the_demo_finds_the_fees_page_first(client, demo, query):
    call_command("update_index", verbosity=0)
    assert results(search(client, query))[0][::3] == ("Fees and insurance", "/fees/")
