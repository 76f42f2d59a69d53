"""Warmth: the demo's own artwork in the home page's hero and on the posts, painted initials for a
clinician without a photo, a painted placeholder for a post without a picture, a call to action
offering a request beside a call, and the practice's hours said once on the home page."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from PIL import Image

from blog.models import BlogPostPage
from practice import demo_art
from practice.models import ClinicianPage, CustomImage, HomePage, PracticeSettings
from practice.query_plans import statement_sql
from tests.factories import ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

# The demo's availability fact, however it is worded: "evenings and weekends", "Evening and
# weekend appointments".
AVAILABILITY = re.compile(r"evenings? and weekends?", re.IGNORECASE)


def page_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def publish(page):
    page.save_revision().publish()
    cache.clear()


def test_the_home_hero_shows_the_demo_artwork_with_its_alt_text(client):
    home = HomePage.objects.get()
    assert home.hero_image is not None
    hero = page_soup(client, "/").select_one("section.hero.hero--pictured")
    img = hero.select_one("picture img.hero__image")
    assert img["alt"] == home.hero_image.description
    assert img["alt"].startswith("An illustration of")
    assert img["src"].startswith("/media/images/demo-morning-hills")
    # Served as AVIF and WebP to browsers that take them, JPEG otherwise, at three widths.
    types = {source["type"] for source in hero.select("picture source")}
    assert types == {"image/avif", "image/webp"}
    assert "1200w" in img["srcset"]
    # "How we meet" is still there, resting on the picture.
    assert hero.select_one(".hero__side > .hero__aside #how-we-meet")


def test_the_home_page_without_a_picture_keeps_its_plain_hero(client):
    home = HomePage.objects.get()
    home.hero_image = None
    publish(home)
    hero = page_soup(client, "/").select_one("section.hero")
    assert "hero--pictured" not in hero["class"]
    assert hero.select_one("img") is None
    assert hero.select_one(".hero__aside #how-we-meet")


def test_the_home_page_with_its_picture_stays_within_ten_queries(
    client, django_assert_max_num_queries
):
    from practice.templatetags.practice_images import forget_pictures

    client.get("/")  # this process's caches (content types); the renditions are made

    def renditions_read():
        cache.clear()
        with django_assert_max_num_queries(10) as captured:
            response = client.get("/")
        assert 'class="hero__image"' in response.content.decode()
        return [
            q
            for q in captured.captured_queries
            if '"practice_rendition"' in statement_sql(q["sql"])
        ]

    # Shown again in this process: the picture's markup and the link preview are kept.
    assert renditions_read() == []
    forget_pictures()  # nothing kept yet, as after a restart
    assert len(renditions_read()) == 1, "the hero's renditions and the link preview's: one query"


def test_a_clinician_without_a_photo_gets_painted_initials(client):
    blair = ClinicianPage.objects.get(slug="dr-cassidy-blair")
    assert blair.photo is None
    for url in ["/team/", blair.url]:
        monogram = page_soup(client, url).select_one("main .avatar--initials")
        assert monogram.get_text(strip=True) == "CB", url
        assert monogram["aria-hidden"] == "true"  # the name is written beside it
        assert monogram["data-tone"] == str(blair.pk)[-1]


def test_a_clinician_with_a_photo_shows_it_instead_of_initials(client):
    blair = ClinicianPage.objects.get(slug="dr-cassidy-blair")
    blair.photo = ImageFactory(title="Portrait")
    publish(blair)
    header = page_soup(client, blair.url).select_one(".clinician-header")
    assert header.select_one("img.avatar")["alt"] == ""
    assert header.select_one(".avatar--initials") is None


def test_post_cards_show_their_art_or_a_painted_placeholder(client):
    posts = BlogPostPage.objects.live().order_by("-date")
    assert all(post.hero_image_id for post in posts), "every demo post has its artwork"
    plain = posts.get(slug="what-causes-anxiety")
    plain.hero_image = None
    publish(plain)
    cards = page_soup(client, "/blog/").select(".post-list > .post-card")
    assert len(cards) == posts.count()
    by_title = {card.select_one(".post-card__title").get_text(strip=True): card for card in cards}
    placeholder = by_title[plain.title].select_one(".post-card__art")
    assert placeholder["aria-hidden"] == "true" and placeholder["data-tone"] == str(plain.pk)[-1]
    assert by_title[plain.title].select_one("img") is None
    pictured = [card for title, card in by_title.items() if title != plain.title]
    assert all(card.select_one("picture img.post-card__image") for card in pictured)
    assert all(card.select_one(".post-card__art") is None for card in pictured)
    # The placeholders are this site's own files, named in its stylesheet.
    with open(finders.find("css/site.css"), encoding="utf-8") as handle:
        css = handle.read()
    for name in ["card-hills", "card-ripples", "card-leaves", "cta-hills"]:
        assert f'url("../img/art/{name}.svg")' in css
        assert finders.find(f"img/art/{name}.svg"), name


@pytest.mark.parametrize("url", ["/", "/team/", "/blog/what-causes-anxiety/", "/conditions/"])
def test_the_call_to_action_offers_a_request_beside_a_call(client, url):
    practice = PracticeSettings.objects.get()
    cta = page_soup(client, url).select_one("section.cta")
    links = {a.get_text(strip=True): a["href"] for a in cta.select(".cta__actions a")}
    assert links == {
        "Request a consultation": "/contact/",
        f"Call {practice.phone}": practice.phone_href,
    }


def test_the_call_to_action_on_the_request_page_itself_only_offers_the_call(client):
    practice = PracticeSettings.objects.get()
    cta = page_soup(client, "/contact/").select_one("section.cta")
    assert [a["href"] for a in cta.select(".cta__actions a")] == [practice.phone_href]


def test_the_home_page_says_when_the_practice_meets_once(client):
    document = page_soup(client, "/")
    main, cta = document.select_one("main"), document.select_one("section.cta")
    said = AVAILABILITY.findall(main.get_text(" ") + " " + cta.get_text(" "))
    assert len(said) == 1, said
    assert "7 days a week, including evenings and weekends" in main.select_one(".hero__aside").text
    # The footer's Sessions column gives the hours once: the table, not the summary as well.
    sessions = document.select_one("footer section[aria-labelledby=footer-hours]")
    assert sessions.select_one("dl.hours")
    assert not AVAILABILITY.search(sessions.get_text(" "))


def test_the_footer_keeps_the_summary_when_there_is_no_table(client):
    practice = PracticeSettings.objects.get()
    practice.opening_hours = []
    practice.save()
    cache.clear()
    sessions = page_soup(client, "/team/").select_one("footer [aria-labelledby=footer-hours]")
    assert "7 days a week, including evenings and weekends" in sessions.get_text(" ")


def test_the_demo_artwork_is_painted_the_same_on_every_run_and_stays_small():
    demo_art.render.cache_clear()
    for key in demo_art.ART:
        data = demo_art.render(key)
        demo_art.render.cache_clear()
        assert demo_art.render(key) == data, key
        assert len(data) < 150 * 1024, (key, len(data))
        with Image.open(io.BytesIO(data)) as image:
            assert (image.format, image.size) == ("JPEG", (1600, 900)), key


def test_every_demo_picture_is_in_the_library_with_alt_text():
    titles = {art.title for art in demo_art.ART.values()}
    images = CustomImage.objects.filter(title__in=titles)
    assert images.count() == len(titles)
    for image in images:
        assert image.description.startswith("An illustration of"), image.title
        assert image.file.name.startswith("original_images/demo-")
        assert (image.width, image.height) == (1600, 900)


def test_seeding_again_keeps_an_admins_choice_of_pictures():
    home = HomePage.objects.get()
    home.hero_image = None
    home.save_revision().publish()
    post = BlogPostPage.objects.get(slug="what-causes-anxiety")
    own = ImageFactory(title="The practice's waiting room")
    post.hero_image = own
    post.save_revision().publish()
    images = CustomImage.objects.count()
    call_command("seed_demo", "--no-index", stdout=io.StringIO())
    assert HomePage.objects.get().hero_image is None
    assert BlogPostPage.objects.get(pk=post.pk).hero_image == own
    assert CustomImage.objects.count() == images


def test_a_draft_in_progress_is_not_overwritten_by_the_art():
    home = HomePage.objects.get()
    CustomImage.objects.filter(title=demo_art.ART[demo_art.HOME_ART].title).delete()
    home.refresh_from_db()
    home.hero_heading = "A draft heading"
    home.save_revision()  # a draft, not published
    home = HomePage.objects.get()
    demo_art.add_home_art(home)
    home = HomePage.objects.get()
    assert home.hero_image is None  # the live page is left alone while its draft is open
    assert home.get_latest_revision().as_object().hero_heading == "A draft heading"
