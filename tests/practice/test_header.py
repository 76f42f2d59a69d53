"""The header every page shares: on phones one row (brand, Call, a "Menu" disclosure holding the
crisis link, search, text size and the main menu), the same HTML for every visitor."""

import re

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def header_of(html):
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About us", slug="about", show_in_menus=True)


def test_menu_is_a_details_disclosure_holding_search_text_size_and_main_menu(
    client, practice_settings, about
):
    header = header_of(client.get("/").content.decode())
    menu = re.search(r'<details class="site-menu".*?</details>', header, re.S).group(0)
    assert re.search(r'<summary class="site-menu__toggle">Menu</summary>', menu)
    assert 'role="search"' in menu and 'id="site-search-q"' in menu
    assert "data-font-size-control" in menu
    assert '<nav class="main-nav" aria-label="Main">' in menu
    assert 'href="/about/"' in menu
    # Brand and Call stay outside the disclosure: visible while it is closed.
    outside = header.replace(menu, "")
    assert 'class="brand" href="/"' in outside
    assert 'class="header-phone" href="tel:3109994996"' in outside
    assert re.search(r">Call</span> <span class=\"header-phone__number\">310-999-4996<", outside)


def test_header_has_each_landmark_and_id_once(client, practice_settings, about):
    html = client.get("/").content.decode()
    assert html.count('role="search"') == 1
    assert html.count('aria-label="Main"') == 1
    assert html.count('id="site-search-q"') == 1
    assert html.count("<details") == 1
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_in_crisis_link_points_at_the_crisis_text_in_the_footer(client, practice_settings):
    html = client.get("/").content.decode()
    link = re.search(r'<a class="crisis-link" href="#([^"]+)">In crisis\?</a>', html)
    assert link, "no 'In crisis?' link"
    target = link.group(1)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    section = re.search(r'<section class="crisis".*?</section>', footer, re.S).group(0)
    assert f'id="{target}"' in section
    assert "988" in section


def test_no_crisis_link_when_the_practice_has_no_crisis_text(client, practice_settings):
    practice_settings.crisis_text = ""
    practice_settings.save()
    html = client.get("/").content.decode()
    assert "In crisis?" not in html
    assert "crisis-link" not in html


def test_no_call_link_without_a_phone_number(client, practice_settings):
    practice_settings.phone = ""
    practice_settings.save()
    header = header_of(client.get("/").content.decode())
    assert "header-phone" not in header
    assert "<summary" in header


def test_notice_dismiss_button_is_hidden_until_the_script_offers_it(client, practice_settings):
    html = client.get("/").content.decode()
    notice = re.search(r'<aside class="notice".*?</aside>', html, re.S).group(0)
    assert "data-notice" in notice
    button = re.search(r"<button[^>]*data-notice-dismiss[^>]*>", notice).group(0)
    assert " hidden" in button and 'type="button"' in button
    assert "Hide this notice" in notice
    assert practice_settings.notice_text in notice


def test_header_and_banner_are_the_same_for_every_visitor_and_set_no_cookie(
    client, practice_settings, about
):
    first = client.get("/")
    again = client.get("/", HTTP_COOKIE="practice-notice=dismissed")
    assert not first.cookies
    assert header_of(first.content.decode()) == header_of(again.content.decode())
    for html in (first.content.decode(), again.content.decode()):
        assert '<aside class="notice"' in html


def test_header_has_no_inline_script_or_style(client, practice_settings, about):
    html = client.get("/").content.decode()
    chrome = header_of(html) + re.search(r'<aside class="notice".*?</aside>', html, re.S).group(0)
    assert "<script" not in chrome
    assert "style=" not in chrome
    assert not re.search(r"\son[a-z]+=", chrome)
