"""Each page type renders its content inside the shared layout."""

import pytest
from django.template.loader import render_to_string
from wagtail.models import PageViewRestriction

from tests.factories import ClinicianPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_hero_practice_name_phone_link_and_cta(
    client, home_page, practice_settings
):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Therapy that makes room for the whole of you" in html
    assert "Blair Wellness Group" in html
    assert 'href="tel:3109994996"' in html
    assert "Looking for a local psychologist?" in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


@pytest.mark.parametrize("state", ["public", "restricted", "draft"])
def test_the_home_pages_button_leads_only_to_a_public_page(
    client, home_page, practice_settings, state
):
    target = StandardPageFactory(parent=home_page, title="Begin here", slug="begin-here")
    if state == "restricted":
        PageViewRestriction.objects.create(page=target, restriction_type="password", password="x")
    elif state == "draft":
        target.unpublish()
    home_page.hero_cta_page, home_page.hero_cta_text = target, "Start with a call"
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    shown = '<a class="button" href="/begin-here/">Start with a call</a>' in html
    assert shown is (state == "public")
    assert ("begin-here" in html) is (state == "public")


def test_standard_page_renders_its_stream_blocks(client, home_page, practice_settings):
    page = StandardPageFactory(
        parent=home_page,
        title="About us",
        slug="about",
        body=[
            ("heading", {"text": "Who we are", "level": "h2"}),
            ("paragraph", "<p>A small practice.</p>"),
            ("quote", {"quote": "It is a joy to be hidden.", "attribution": "D. W. Winnicott"}),
        ],
    )
    html = client.get(page.url).content.decode()
    assert '<h2 class="block-heading">Who we are</h2>' in html
    assert "<p>A small practice.</p>" in html
    assert "It is a joy to be hidden." in html
    assert "D. W. Winnicott" in html


def test_team_index_lists_live_clinicians_with_credentials_and_license(
    client, clinician, team_index, practice_settings
):
    ClinicianPageFactory(parent=team_index, title="Dr. Draft Only", live=False)
    html = client.get("/team/").content.decode()
    assert "Dr. Cassidy Blair, Psy.D." in html
    assert "Licensed Clinical Psychologist" in html
    assert "PSY 22022" in html
    assert "Dr. Draft Only" not in html


def test_clinician_page_shows_name_credentials_role_and_license(
    client, clinician, practice_settings
):
    response = client.get("/team/dr-cassidy-blair/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Dr. Cassidy Blair, Psy.D." in html
    assert "Licensed Clinical Psychologist" in html
    assert "PSY 22022" in html
    assert 'class="avatar avatar--initials"' in html and ">CB<" in html


def test_main_menu_marks_the_current_section(client, clinician, practice_settings):
    clinician.get_parent().specific.__class__.objects.filter(pk=clinician.get_parent().pk).update(
        show_in_menus=True
    )
    html = client.get("/team/dr-cassidy-blair/").content.decode()
    assert 'href="/team/" aria-current="true"' in html
    html = client.get("/team/").content.decode()
    assert 'href="/team/" aria-current="page"' in html


def test_missing_page_gets_the_styled_404_with_the_practice_layout(
    client, home_page, practice_settings
):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in html
    assert "Blair Wellness Group" in html
    assert "In a crisis?" in html


def test_500_page_renders_without_request_or_database():
    html = render_to_string("500.html")
    assert "Sorry, something went wrong on our side" in html
    assert 'href="tel:988"' in html
    assert "/static/css/site.css" in html


def test_pages_carry_no_inline_script_or_style(client, clinician, practice_settings):
    for url in ["/", "/team/", "/team/dr-cassidy-blair/", "/missing/"]:
        html = client.get(url).content.decode()
        # Only external scripts, and JSON-LD data blocks (data, not code: CSP does not apply).
        scripts = html.replace('<script src="', "").replace(
            '<script type="application/ld+json">', ""
        )
        assert "<script>" not in scripts and "<script " not in scripts
        assert "style=" not in html
        assert "<style" not in html
        assert "https://" not in html.split("</head>")[0]


def test_content_images_are_responsive_with_modern_formats_and_alt_text(
    client, home_page, practice_settings
):
    from tests.factories import ImageFactory

    image = ImageFactory(description="Two armchairs by a window")
    page = StandardPageFactory(
        parent=home_page,
        slug="rooms",
        body=[("image", {"image": image, "caption": "Our room", "attribution": ""})],
    )
    html = client.get(page.url).content.decode()
    picture = html.split("<picture>")[1].split("</picture>")[0]
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    assert "srcset=" in picture and 'sizes="(max-width: 44rem) 100vw, 40rem"' in picture
    assert 'alt="Two armchairs by a window"' in picture
    assert 'width="' in picture and 'height="' in picture
