"""The clinician finder on /team/: each filter narrows the team, the cards say why they match,
availability is never shown as accepting once it is stale, the page cache keys only on known
values, and /team/profiles.json publishes the public team in its documented shape."""

import datetime
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import PageViewRestriction

from practice.models import Language, OfficeLocation, PracticeSettings
from practice.page_cache import HEADER, forget_generation
from tests.factories import ClinicianPageFactory, ConditionPageFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "profiles.schema.json").read_text()
)


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def team(team_index, condition_index, practice_settings):
    """Four clinicians who differ on every filter."""
    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    grief = ConditionPageFactory(parent=condition_index, title="Grief", slug="grief")
    ocd = ConditionPageFactory(parent=condition_index, title="OCD", slug="ocd")
    english = Language.objects.create(name="English", code="en")
    spanish = Language.objects.create(name="Spanish", code="es")
    office = OfficeLocation.objects.create(
        name="West Los Angeles office",
        street_address="100 Test Blvd",
        city="Los Angeles",
        state="CA",
        postal_code="90025",
    )

    def make(title, languages, conditions, **fields):
        page = ClinicianPageFactory(parent=team_index, title=title, conditions=conditions, **fields)
        page.languages.set(languages)
        page.save()
        return page

    return {
        "navarro": make(
            "Dr. Sofia Navarro",
            [english, spanish],
            [anxiety, grief],
            licensed_states=["CA"],
            offers_in_person=True,
            offers_video=True,
            office=office,
            accepting_new_clients="yes",
            availability_confirmed_on=days_ago(2),
            uses_practice_fees=False,
            fee_low=160,
            fee_high=220,
            insurance_plans="Aetna\nCigna",
        ),
        "webb": make(
            "Marcus Webb",
            [english],
            [grief],
            licensed_states=["CA", "NY"],
            offers_in_person=False,
            offers_phone=True,
            offers_video=True,
            accepting_new_clients="waitlist",
            availability_confirmed_on=days_ago(9),
            uses_practice_fees=False,
            fee_low=150,
            insurance_plans="Cigna",
        ),
        "raman": make(
            "Dr. Priya Raman",
            [english],
            [anxiety, ocd],
            licensed_states=["CA", "AZ"],
            psypact_authority=True,
            offers_in_person=True,
            offers_phone=True,
            offers_video=True,
            office=office,
            accepting_new_clients="yes",
            availability_confirmed_on=days_ago(45),  # stale: older than 30 days
            uses_practice_fees=True,  # the Fees page's (there is none here)
        ),
        "lee": make(
            "Jordan Lee",
            [spanish],
            [anxiety],
            licensed_states=["CA"],
            offers_in_person=False,
            offers_video=True,
            accepting_new_clients="yes",
            availability_confirmed_on=days_ago(1),
            uses_practice_fees=False,
            fee_low=90,
            fee_high=140,
        ),
    }


def names(response):
    html = response.content.decode()
    return re.findall(r'<h2 class="clinician-card__name"><a href="[^"]*">([^<]+)</a>', html)


def reasons(response):
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", r).replace("Why this clinician matches: ", "")
        for r in re.findall(r'<p class="clinician-card__reasons">(.*?)</p>', html)
    ]


def team_url(team, query=""):
    return team["navarro"].get_parent().url + query


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Dr. Sofia Navarro, Psy.D.", "Marcus Webb, Psy.D.", "Dr. Priya Raman, Psy.D.", "Jordan Lee, Psy.D."]),
        ("?concern=anxiety", ["Dr. Sofia Navarro, Psy.D.", "Dr. Priya Raman, Psy.D.", "Jordan Lee, Psy.D."]),
        ("?concern=ocd", ["Dr. Priya Raman, Psy.D."]),
        ("?mode=in-person", ["Dr. Sofia Navarro, Psy.D.", "Dr. Priya Raman, Psy.D."]),
        ("?mode=phone", ["Marcus Webb, Psy.D.", "Dr. Priya Raman, Psy.D."]),
        ("?language=spanish", ["Dr. Sofia Navarro, Psy.D.", "Jordan Lee, Psy.D."]),
        ("?insurance=cigna", ["Dr. Sofia Navarro, Psy.D.", "Marcus Webb, Psy.D."]),
        ("?accepting=yes", ["Dr. Sofia Navarro, Psy.D.", "Jordan Lee, Psy.D."]),
        ("?state=NY", ["Marcus Webb, Psy.D."]),
        # Arizona: Raman's license; Texas: her PSYPACT authority.
        ("?state=AZ", ["Dr. Priya Raman, Psy.D."]),
        ("?state=TX&mode=video", ["Dr. Priya Raman, Psy.D."]),
        ("?state=OR", []),
        # Combinations
        ("?concern=anxiety&mode=video&language=spanish&state=CA", ["Dr. Sofia Navarro, Psy.D.", "Jordan Lee, Psy.D."]),
        ("?concern=anxiety&language=spanish&accepting=yes&insurance=aetna", ["Dr. Sofia Navarro, Psy.D."]),
        ("?concern=grief&mode=phone&state=NY", ["Marcus Webb, Psy.D."]),
        ("?concern=grief&mode=in-person&insurance=cigna", ["Dr. Sofia Navarro, Psy.D."]),
        ("?concern=ocd&accepting=yes", []),
        # Empty choices (the form's "Any") filter nothing.
        ("?concern=&mode=&state=&language=&insurance=", ["Dr. Sofia Navarro, Psy.D.", "Marcus Webb, Psy.D.", "Dr. Priya Raman, Psy.D.", "Jordan Lee, Psy.D."]),
    ],
)  # fmt: skip
def test_each_filter_and_combination_narrows_the_team(client, team, query, expected):
    response = client.get(team_url(team, query))
    assert response.status_code == 200
    assert names(response) == expected


def test_each_card_says_why_it_matches_and_the_count_is_shown(client, team):
    response = client.get(team_url(team, "?concern=anxiety&mode=video&language=spanish&state=CA"))
    html = response.content.decode()
    assert "2 clinicians match" in html
    assert reasons(response) == [
        "Works with anxiety · Video in California · Spanish",
        "Works with anxiety · Video in California · Spanish",
    ]
    response = client.get(team_url(team, "?concern=ocd&state=TX"))
    assert "1 clinician matches" in response.content.decode()
    # Texas through Dr. Raman's PSYPACT authority: she holds no Texas license.
    assert reasons(response) == ["Works with OCD · Phone or video in Texas"]


def test_the_form_shows_what_was_chosen_and_nothing_else(client, team):
    def chosen(query):
        html = client.get(team_url(team, query)).content.decode()
        start = html.index('<form class="finder"')
        form = html[start : html.index("</form>", start)]
        return re.findall(r'<select id="finder-(\w+)"|<option value="([^"]*)" selected>', form)

    def by_list(found):
        lists, current = {}, None
        for select, value in found:
            current = select or current
            if value:
                lists.setdefault(current, []).append(value)
        return lists

    assert by_list(chosen("")) == {}
    query = "?concern=anxiety&mode=video&language=spanish&state=CA&insurance=aetna"
    assert by_list(chosen(query)) == {
        "concern": ["anxiety"],
        "mode": ["video"],
        "state": ["CA"],
        "language": ["spanish"],
        "insurance": ["aetna"],
    }
    html = client.get(team_url(team, "?state=NY")).content.decode()
    assert '<option value="NY" selected>New York</option>' in html
    assert '<option value="CA">California</option>' in html
    assert html.count("<option") > 57  # the states and the team's lists, every one offered


def test_a_state_nobody_is_licensed_in_is_said_kindly(client, team):
    html = client.get(team_url(team, "?state=OR&mode=video")).content.decode()
    assert "No clinician matches all of these." in html
    assert "None of our clinicians is licensed to see clients in Oregon" in html
    assert "see the whole team" in html


def test_stale_availability_is_never_shown_as_accepting(client, team):
    raman = team["raman"]
    profile = client.get(raman.url).content.decode()
    assert "Ask us about availability" in profile
    assert "Accepting new clients" not in profile
    card = client.get(team_url(team)).content.decode()
    raman_card = card[card.index("Dr. Priya Raman, Psy.D.") :]
    raman_card = raman_card[: raman_card.index("</article>")]
    assert "Ask us about availability" in raman_card
    assert "Accepting new clients" not in raman_card
    # The practice's limit decides: 60 days makes her 45-day-old answer good again.
    settings = PracticeSettings.for_site(raman.get_site())
    settings.availability_valid_days = 60
    settings.save()
    assert "Accepting new clients" in client.get(raman.url).content.decode()


def test_one_clinician_reads_naturally_without_a_finder(client, clinician, practice_settings):
    html = client.get(clinician.get_parent().url).content.decode()
    assert "Find the right clinician" not in html
    assert clinician.display_name in html
    assert "clinicians match" not in html and "clinician matches" not in html


def test_restricted_and_draft_clinicians_are_never_listed_or_offered(client, team):
    webb = team["webb"]
    PageViewRestriction.objects.create(page=webb, restriction_type="password", password="x")
    lee = team["lee"]
    lee.unpublish()
    html = client.get(team_url(team, "?language=spanish")).content.decode()
    assert "Marcus Webb" not in html and "Jordan Lee" not in html
    feed = client.get(team_url(team, "profiles.json")).json()
    listed = [entry["item"]["name"] for entry in feed["itemListElement"]]
    assert listed == ["Dr. Sofia Navarro, Psy.D.", "Dr. Priya Raman, Psy.D."]
    # "New York" is no longer offered as someone's reason, and Cigna only through Navarro.
    assert "?insurance=cigna" not in html


def test_restricted_and_draft_conditions_are_never_offered_or_named(client, team):
    grief = team["webb"].conditions.get()
    PageViewRestriction.objects.create(page=grief, restriction_type="password", password="x")
    ocd = team["raman"].conditions.get(slug="ocd")
    ocd.unpublish()
    html = client.get(team_url(team)).content.decode()
    assert '<option value="anxiety"' in html
    assert '<option value="grief"' not in html and '<option value="ocd"' not in html
    assert names(client.get(team_url(team, "?concern=grief"))) == names(client.get(team_url(team)))
    # Each clinician's own public conditions and languages, by title and by name.
    feed = client.get(team_url(team, "profiles.json")).json()
    people = {entry["item"]["name"]: entry["item"] for entry in feed["itemListElement"]}
    assert {name: person.get("knowsAbout", []) for name, person in people.items()} == {
        "Dr. Sofia Navarro, Psy.D.": ["Anxiety"],
        "Marcus Webb, Psy.D.": [],
        "Dr. Priya Raman, Psy.D.": ["Anxiety"],
        "Jordan Lee, Psy.D.": ["Anxiety"],
    }
    assert [lang["name"] for lang in people["Dr. Sofia Navarro, Psy.D."]["knowsLanguage"]] == [
        "English",
        "Spanish",
    ]
    assert [lang["name"] for lang in people["Jordan Lee, Psy.D."]["knowsLanguage"]] == ["Spanish"]


def test_the_teams_photos_read_their_renditions_once_and_then_not_at_all(
    client, team, settings, tmp_path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice.query_plans import statement_sql
    from practice.templatetags.practice_images import forget_pictures
    from tests.factories import ImageFactory

    settings.MEDIA_ROOT = tmp_path
    for name in ("navarro", "webb", "raman"):
        team[name].photo = ImageFactory(title=f"{name} photo")
        team[name].save_revision().publish()
    forget_pictures()

    def rendition_reads():
        with CaptureQueriesContext(connection) as context:
            html = client.get(team_url(team)).content.decode()
        assert html.count('class="avatar"') >= 3
        sqls = [statement_sql(query["sql"]) for query in context.captured_queries]
        return len([sql for sql in sqls if '"practice_rendition"' in sql])

    rendition_reads()  # the renditions are made
    forget_pictures()  # as in a new process
    cache.clear()
    assert rendition_reads() == 1  # the three photos' renditions, in one query
    assert rendition_reads() == 0  # their markup is kept: nothing to read


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SHARED = False
    cache.clear()
    forget_generation()
    yield
    cache.clear()
    forget_generation()


def cache_keys():
    return {key for key in cache._cache if "page" in key}  # local-memory cache: every key


@pytest.mark.parametrize(
    "query",
    [
        "?utm_source=x",  # unknown parameter
        "?concern=anxiety&concern=grief",  # repeated
        "?mode=video&mode=video",  # repeated, same value
        "?language=klingon",  # not a value from the list
        "?state=ZZ",
        "?concern=<script>",
        "?accepting=please",
    ],
)
def test_unknown_or_repeated_parameters_create_no_cache_entries(client, team, page_cache, query):
    url = team_url(team)
    assert client.get(url)[HEADER] == "miss"
    before = cache_keys()
    for _ in range(2):
        response = client.get(url + query)
        assert response.status_code == 200
        assert response[HEADER] != "miss"
    assert cache_keys() == before


def test_known_values_are_cached_under_one_key_whatever_the_order(client, team, page_cache):
    url = team_url(team)
    first = client.get(url + "?state=CA&mode=video")
    assert first[HEADER] == "miss"
    again = client.get(url + "?mode=video&state=CA")
    assert again[HEADER] == "hit"
    assert names(again) == names(first)


def test_nothing_chosen_is_logged_by_gunicorn():
    """The access log names the path, never the query string (what someone looked for) or the
    referring page's address (which may carry one)."""
    import runpy

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    assert "%(U)s" in log_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "{raw_uri}"):
        assert atom not in log_format


def test_the_profiles_feed_validates_against_its_documented_shape(client, team):
    response = client.get(team_url(team, "profiles.json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    jsonschema.validate(document, SCHEMA)
    people = {entry["item"]["name"]: entry["item"] for entry in document["itemListElement"]}
    assert document["numberOfItems"] == 4
    navarro = people["Dr. Sofia Navarro, Psy.D."]
    assert navarro["isAcceptingNewPatients"] is True
    assert {lang["name"] for lang in navarro["knowsLanguage"]} == {"English", "Spanish"}
    assert navarro["finder"]["insurance"] == ["Aetna", "Cigna"]
    assert navarro["finder"]["fees"] == "$160 to $220 a session (sliding scale)"
    raman = people["Dr. Priya Raman, Psy.D."]
    assert "isAcceptingNewPatients" not in raman  # stale
    assert raman["finder"]["availability"]["status"] == "ask"
    assert {"CA", "AZ", "TX"} <= {state["identifier"] for state in raman["areaServed"]}
    assert "isAcceptingNewPatients" not in people["Marcus Webb, Psy.D."]  # waitlist


def test_the_team_page_links_its_profiles_feed(client, team):
    html = client.get(team_url(team)).content.decode()
    assert 'rel="alternate" type="application/ld+json"' in html
    assert "profiles.json" in html


def test_the_team_page_queries_stay_flat_from_4_to_40_clinicians(
    client, team, team_index, django_assert_max_num_queries
):
    url = team_url(team, "?concern=anxiety&mode=video&state=CA")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as four:
        client.get(url)
    language = Language.objects.get(name="Spanish")
    for n in range(36):
        page = ClinicianPageFactory(
            parent=team_index,
            title=f"Dr. Extra {n}",
            licensed_states=["CA"],
            offers_in_person=False,
            offers_video=True,
            availability_confirmed_on=days_ago(1),
            conditions=[team["navarro"].conditions.first()],
        )
        page.languages.set([language])
        page.save()
    with django_assert_max_num_queries(len(four)):
        response = client.get(url)
    assert len(names(response)) > 30


def test_a_restricted_team_page_keeps_its_feed_private_too(client, team):
    team_page = team["navarro"].get_parent()
    PageViewRestriction.objects.create(page=team_page, restriction_type="password", password="x")
    response = client.get(team_page.url + "profiles.json")
    body = response.content.decode()
    assert "ItemList" not in body and "Navarro" not in body
    assert response.status_code in (200, 302, 401, 403)
