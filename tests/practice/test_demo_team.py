"""The demo team (practice/demo_team.py, linked to conditions, therapies and groups by
therapy_pages/demo.py): five clinicians who differ in how they meet, their languages, states,
availability and fees, so the clinician finder has something real to find; seeded once, and an
admin's later edits are kept."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from practice.demo_dates import days_ago
from practice.demo_team import seed_team
from practice.models import ClinicianPage, Language, OfficeLocation, TeamIndexPage
from therapy_pages.models import (
    ClinicianCondition,
    ClinicianPopulation,
    ClinicianTherapy,
    Population,
)

pytestmark = pytest.mark.django_db

TEAM = ["dr-cassidy-blair", "dr-sofia-navarro", "marcus-webb", "dr-priya-raman", "jordan-lee"]


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--no-index", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "languages": Language.objects.count(),
        "populations": Population.objects.count(),
        "links": (
            ClinicianCondition.objects.count(),
            ClinicianTherapy.objects.count(),
            ClinicianPopulation.objects.count(),
        ),
    }


def clinician(slug):
    return ClinicianPage.objects.get(slug=slug)


def names(queryset):
    return sorted(str(item) for item in queryset.all())


def test_seeding_twice_creates_nothing_new(root_page):
    first = seed()
    assert "clinician page: /home/team/jordan-lee/" in first
    before = snapshot()
    assert "Demo content already present" in seed()
    assert snapshot() == before
    assert list(ClinicianPage.objects.order_by("path").values_list("slug", flat=True)) == TEAM


def test_the_five_clinicians_are_live_with_their_finder_details(demo):
    team = {page.slug: page for page in ClinicianPage.objects.filter(slug__in=TEAM)}
    assert set(team) == set(TEAM)
    assert all(page.live and not page.has_unpublished_changes for page in team.values())
    assert [team[slug].title for slug in TEAM] == [
        "Dr. Cassidy Blair",
        "Dr. Sofia Navarro",
        "Marcus Webb",
        "Dr. Priya Raman",
        "Jordan Lee",
    ]
    for page in team.values():
        assert page.summary and len(page.summary) <= 300
        assert page.bio.count("<p>") == 2
        assert page.license_gaps() == []

    blair = team["dr-cassidy-blair"]
    assert blair.licensed_states == ["CA"]
    assert blair.session_modes == ["in_person", "video"]
    assert names(blair.languages) == ["English"]
    assert blair.availability_confirmed_on == days_ago(4)
    assert blair.availability().code == "yes"
    assert blair.uses_practice_fees

    navarro = team["dr-sofia-navarro"]
    assert (navarro.credentials, navarro.license) == ("Psy.D.", "PSY 27514")
    assert navarro.role == "Licensed Clinical Psychologist"
    assert navarro.licensed_states == ["CA"]
    assert navarro.session_modes == ["in_person", "video"]
    assert navarro.sees_clients_in("CA") and not navarro.sees_clients_in("NY")
    assert names(navarro.languages) == ["English", "Spanish"]
    assert Language.objects.get(name="Spanish").code == "es"
    assert navarro.availability().code == "yes"
    assert navarro.availability_confirmed_on == days_ago(2)
    assert not navarro.uses_practice_fees
    assert (navarro.fee_low, navarro.fee_high) == (160, 220)
    assert navarro.plan_names() == ["Aetna", "Cigna"]
    assert navarro.fee_text() == "$160 to $220 a session (sliding scale)"

    webb = team["marcus-webb"]
    assert (webb.credentials, webb.license) == ("LMFT", "LMFT 104862")
    assert webb.role == "Licensed Marriage and Family Therapist"
    assert sorted(webb.licensed_states) == ["CA", "NY"]
    assert not webb.offers_in_person and webb.office is None
    assert webb.session_modes == ["phone", "video"]
    assert webb.sees_clients_in("NY")
    assert names(webb.languages) == ["English"]
    assert webb.availability().code == "waitlist"
    assert webb.availability_confirmed_on == days_ago(9)
    assert webb.uses_practice_fees

    raman = team["dr-priya-raman"]
    assert (raman.credentials, raman.license, raman.role) == (
        "Ph.D.",
        "PSY 29873",
        "Licensed Psychologist",
    )
    assert sorted(raman.licensed_states) == ["AZ", "CA"]
    assert raman.psypact_authority
    assert raman.sees_clients_in("CO")  # a PSYPACT state, through her authority
    assert raman.session_modes == ["in_person", "phone", "video"]
    assert names(raman.languages) == ["English", "Hindi"]
    assert raman.accepting_new_clients == "yes"
    assert raman.availability_confirmed_on == days_ago(45)
    assert raman.availability().code == "ask"  # stale after the default 30 days
    assert raman.availability().label == "Ask us about availability"
    assert raman.uses_practice_fees

    lee = team["jordan-lee"]
    assert (lee.credentials, lee.license_status, lee.license) == ("MA", "associate", "AMFT 139027")
    assert lee.role == "Associate Marriage and Family Therapist"
    assert lee.supervisor == webb
    assert lee.license_statement == (
        "Jordan Lee, MA · Associate Marriage and Family Therapist · AMFT 139027, supervised by "
        "Marcus Webb, LMFT 104862"
    )
    assert lee.licensed_states == ["CA"]
    assert lee.session_modes == ["video"]
    assert names(lee.languages) == ["English", "Korean"]
    assert lee.availability().code == "yes"
    assert lee.availability_confirmed_on == days_ago(6)
    assert not lee.uses_practice_fees
    assert (lee.fee_low, lee.fee_high, lee.insurance_plans) == (90, 140, "")


def test_the_team_works_with_conditions_therapies_and_groups(demo):
    def links(slug):
        page = clinician(slug)
        return (
            sorted(page.conditions.values_list("slug", flat=True)),
            sorted(page.therapies.values_list("slug", flat=True)),
            names(page.populations),
        )

    assert links("dr-sofia-navarro") == (
        ["anxiety", "depression"],
        ["cognitive-behavioral-therapy"],
        ["Career professionals", "College and graduate students"],
    )
    conditions, _, groups = links("marcus-webb")
    assert "relationship-issues" in conditions and "Couples" in groups
    conditions, _, _ = links("dr-priya-raman")
    assert {"anxiety", "trauma-and-early-adverse-experiences"} <= set(conditions)
    conditions, _, groups = links("jordan-lee")
    assert "depression" in conditions and "College and graduate students" in groups
    # The links are on the live profiles, not only in the database.
    live = clinician("marcus-webb").get_latest_revision_as_object()
    assert {link.population.name for link in live.population_links.all()} >= {"Couples"}
    # The therapy pages name the groups they did before; "Couples" is the team's.
    psychodynamic = Page.objects.get(slug="psychodynamic-therapy").specific
    assert "Couples" not in names(psychodynamic.populations)


def test_reseeding_keeps_an_admins_edits(demo):
    navarro = clinician("dr-sofia-navarro")
    navarro.condition_links.all().delete()
    navarro.fee_low = 150
    navarro.save_revision().publish()
    blair = clinician("dr-cassidy-blair")
    blair.licensed_states = ["CA", "NV"]
    blair.offers_phone = True
    blair.save_revision().publish()

    assert "Demo content already present" in seed()
    navarro = clinician("dr-sofia-navarro")
    assert navarro.fee_low == 150 and not navarro.conditions.exists()
    blair = clinician("dr-cassidy-blair")
    assert blair.licensed_states == ["CA", "NV"] and blair.offers_phone


def test_in_person_clinicians_work_at_the_practices_first_office(demo):
    # The team seeded again, this time with offices (the practice's is the lowest in order),
    # and Dr. Blair's finder details untouched.
    ClinicianPage.objects.filter(slug__in=TEAM[1:]).delete()
    blair = clinician("dr-cassidy-blair")
    blair.licensed_states = []
    blair.languages.clear()
    blair.save()
    OfficeLocation.objects.update(sort_order=10)  # any office the demo made comes after these
    OfficeLocation.objects.create(
        name="Second office", street_address="1 Main St", postal_code="90401", sort_order=5
    )
    first = OfficeLocation.objects.create(
        name="West Los Angeles office",
        street_address="11500 W Olympic Blvd, Suite 400",
        postal_code="90064",
        sort_order=0,
    )
    seed_team(TeamIndexPage.objects.get())
    offices = dict(ClinicianPage.objects.values_list("slug", "office"))
    assert offices["dr-sofia-navarro"] == offices["dr-priya-raman"] == first.pk
    assert offices["dr-cassidy-blair"] == first.pk
    assert offices["marcus-webb"] is None and offices["jordan-lee"] is None
    assert set(offices.values()) == {first.pk, None}
    assert clinician("jordan-lee").supervisor == clinician("marcus-webb")


def test_the_team_page_and_profiles_are_served(client, demo):
    html = client.get("/team/").content.decode()
    for title in ["Dr. Sofia Navarro", "Marcus Webb", "Dr. Priya Raman", "Jordan Lee"]:
        assert title in html
    for slug in TEAM:
        assert client.get(f"/team/{slug}/").status_code == 200
