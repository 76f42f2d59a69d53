"""The license the board asks for wherever a clinician is named: byline, profile, team card,
related-post card and structured data; an associate's supervisor; the publish gate."""

import json
import re

import pytest
from django.core.cache import cache
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from practice.models import ClinicianPage
from tests.factories import BlogPostPageFactory, ClinicianPageFactory, clinician_finder_fields

pytestmark = pytest.mark.django_db

BLAIR = "Cassidy Blair, Psy.D. · Licensed Psychologist · PSY 22022"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def associate(team_index, clinician):
    return ClinicianPageFactory(
        parent=team_index,
        title="Jordan Reyes",
        slug="jordan-reyes",
        credentials="MA",
        role="Associate Marriage and Family Therapist",
        license_status="associate",
        license_type="AMFT",
        license_number="123456",
        supervisor=clinician,
    )


@pytest.fixture
def posts(blog_index, clinician, associate, practice_settings):
    first = BlogPostPageFactory(parent=blog_index, slug="first", author=clinician)
    second = BlogPostPageFactory(parent=blog_index, slug="second", author=associate)
    return first, second


def text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text(response))
    objects = list(map(json.loads, blocks))
    # A clinician's profile is of two types (Person and MedicalBusiness): found under the first.
    return {
        obj["@type"][0] if isinstance(obj["@type"], list) else obj["@type"]: obj for obj in objects
    }


SUPERVISED = (
    "Jordan Reyes, MA · Associate Marriage and Family Therapist · AMFT 123456, "
    "supervised by Dr. Cassidy Blair, PSY 22022"
)


def test_profile_team_card_byline_and_related_card_show_the_license(client, posts):
    assert BLAIR in text(client.get("/team/dr-cassidy-blair/"))
    team = text(client.get("/team/"))
    assert BLAIR in team and SUPERVISED in team
    first, _second = posts
    page = text(client.get(first.url))
    byline = re.search(r'<p class="byline">.*?</p>', page).group(0)
    assert BLAIR in byline
    cards = page[page.index("post-card") :]
    # The other post's card names its author with the license, in its short form.
    assert "Jordan Reyes, MA, AMFT 123456, supervised by Dr. Cassidy Blair, PSY 22022" in cards


def test_an_associate_is_shown_with_their_supervisor(client, associate, practice_settings):
    assert SUPERVISED in text(client.get(associate.url))
    associate.supervisor = None
    associate.supervisor_name, associate.supervisor_license = "Dr. Ana Ruiz", "LMFT 54321"
    associate.save()
    assert "supervised by Dr. Ana Ruiz, LMFT 54321" in text(client.get(associate.url))


def test_structured_data_names_the_license_and_the_supervisor(client, associate, practice_settings):
    person = json_ld(client.get(associate.url))["Person"]
    license = person["hasCredential"][-1]
    assert license["credentialCategory"] == "license" and license["name"] == "AMFT 123456"
    assert license["description"] == SUPERVISED
    assert license["recognizedBy"]["name"] == "California Board of Behavioral Sciences"
    assert person["colleague"] == {
        "@type": "Person",
        "name": "Dr. Cassidy Blair, Psy.D.",
        "identifier": "PSY 22022",
    }
    blair = json_ld(client.get("/team/dr-cassidy-blair/"))["Person"]
    assert blair["hasCredential"][-1]["description"] == BLAIR and "colleague" not in blair


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def profile_form(page, **changes):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "credentials": page.credentials,
            "role": page.role,
            "licensed_name": page.licensed_name,
            "license_status": page.license_status,
            "license_type": page.license_type,
            "license_number": page.license_number,
            "supervisor": page.supervisor_id or "",
            "supervisor_name": page.supervisor_name,
            "supervisor_license": page.supervisor_license,
            "photo": "",
            "summary": page.summary,
            "bio": rich_text(""),
            "condition_links": inline_formset([]),
            "therapy_links": inline_formset([]),
            "user": page.user_id or "",
            **clinician_finder_fields(page),
        }
        | changes
    )


def test_a_profile_without_license_number_is_not_published_but_its_draft_saves(
    client, editor_user, team_index
):
    page = ClinicianPageFactory(parent=team_index, license_type="", license_number="")
    page.unpublish()
    client.force_login(editor_user)
    response = client.post(edit_url(page), profile_form(page) | {"action-publish": "publish"})
    assert response.status_code == 200
    assert "Give the license number before publishing" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    response = client.post(edit_url(page), profile_form(page, summary="Draft."))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.get_latest_revision_as_object().summary == "Draft."


def test_an_associate_without_supervisor_is_refused(client, editor_user, clinician):
    client.force_login(editor_user)
    response = client.post(
        edit_url(clinician),
        profile_form(clinician, license_status="associate") | {"action-publish": "publish"},
    )
    assert response.status_code == 200
    assert "Name the supervisor before publishing" in response.content.decode()
    # Saved as a draft by an editor, the model asks for the supervisor too.
    response = client.post(edit_url(clinician), profile_form(clinician, license_status="intern"))
    assert response.status_code == 200
    assert "works under a supervisor" in response.content.decode()
    assert ClinicianPage.objects.get(pk=clinician.pk).license_status == "licensed"


def test_a_clinician_cannot_change_the_license_fields(client, clinician_user, clinician):
    client.force_login(clinician_user)
    page = client.get(edit_url(clinician)).content.decode()
    for name in ("licensed_name", "license_type", "license_number", "supervisor_name"):
        assert "disabled" in re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    assert "disabled" in re.search(r'<select[^>]*name="license_status"[^>]*>', page).group(0)
    response = client.post(
        edit_url(clinician),
        profile_form(clinician, licensed_name="Someone Else", license_status="associate")
        | {"action-publish": "publish"},
    )
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert (clinician.licensed_name, clinician.license_status) == ("", "licensed")


def test_license_gaps(team_index, clinician, associate):
    assert clinician.license_gaps() == [] and associate.license_gaps() == []
    associate.license_number, associate.supervisor = "", None
    assert associate.license_gaps() == ["license number", "supervisor"]
    associate.supervisor = ClinicianPageFactory(
        parent=team_index, license_type="", license_number=""
    )
    assert associate.license_gaps() == ["license number", "supervisor's license number"]


def test_named_clinicians(posts, clinician, associate, team_index):
    first, _second = posts
    assert clinician.named_clinicians() == [("profile", clinician)]
    assert team_index.named_clinicians() == [("team card", clinician), ("team card", associate)]
    named = first.named_clinicians()
    assert named[0] == ("byline", clinician)
    assert ("related post card", associate) in named
