"""The staff guide (docs/staff-guide.md): what it covers, its pictures (scripts/guide.py takes
every one of them, `make guide`) and how the admin shows it to staff (practice/staff_guide.py,
Help → Staff guide)."""

import re

import pytest
from django.conf import settings

from practice.staff_guide import GUIDE, IMAGES, image_names

pytestmark = pytest.mark.django_db

SCRIPT = settings.BASE_DIR / "scripts" / "guide.py"
GUIDE_URL = "/admin/staff-guide/"


def headings(level):
    return re.findall(rf"^{'#' * level} (.+)$", GUIDE.read_text(encoding="utf-8"), re.M)


def test_the_guide_covers_what_clinicians_and_admins_do():
    sections = " · ".join(headings(3)).lower()
    for task in [
        # clinicians
        "write a post",
        "cite a source",
        "add a picture",
        "check your writing",
        "preview",
        "schedule",
        "publish",
        # admins
        "consultation requests",
        "comments",
        "clinical reviews",
        "content health",
        "practice details",
        "notice banner",
        "a new condition",
        "a new therapy",
        "a new clinician",
    ]:
        assert task in sections, f"the staff guide has no section on {task!r}"
    assert headings(2) == ["Part 1: For clinicians", "Part 2: For admins and editors"]


def test_every_picture_is_taken_by_the_script_and_is_in_the_tree():
    shown = image_names()
    taken = re.findall(r'save\(page, "([a-z0-9-]+)"\)', SCRIPT.read_text(encoding="utf-8"))
    assert len(shown) >= 20
    assert set(shown) <= set(taken), "a picture in the guide that `make guide` does not retake"
    assert set(taken) <= set(shown), "a picture `make guide` takes that the guide never shows"
    on_disk = {p.stem for p in IMAGES.glob("*.png")}
    assert set(shown) == on_disk
    assert all((IMAGES / f"{name}.png").stat().st_size < 150_000 for name in shown)


def test_readme_and_make_point_at_the_guide():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "(docs/staff-guide.md)" in readme
    makefile = (settings.BASE_DIR / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^guide: .*\n\t\$\(PY\) scripts/guide\.py$", makefile, re.M)


def test_a_clinician_reads_it_in_the_admin_with_its_pictures(client, clinician_user):
    client.force_login(clinician_user)
    response = client.get(GUIDE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h3" in html and "Schedule a post for later" in html
    assert html.count("<h1") == 1  # the admin's header; the file's own title is left out
    pictures = re.findall(r'<img[^>]* src="([^"]+)"', html.split('class="staff-guide"')[1])
    assert len(pictures) == len(image_names())
    assert all(src.startswith("/admin/staff-guide/img/") for src in pictures)
    picture = client.get(pictures[0])
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    assert "no-store" in picture["Cache-Control"]  # like every admin response
    assert b"".join(picture.streaming_content).startswith(b"\x89PNG")


def test_the_help_menu_links_it(client, editor_user):
    client.force_login(editor_user)
    html = client.get("/admin/").content.decode()
    assert GUIDE_URL in html
    assert "Staff guide" in html


def test_an_unknown_picture_is_not_found_and_names_cannot_climb_out(client, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/staff-guide/img/no-such-picture.png").status_code == 404
    climbing = client.get("/admin/staff-guide/img/..%2F..%2FREADME.png", follow=True)
    assert climbing.status_code == 404


def test_a_visitor_is_sent_to_the_sign_in(client, db):
    for url in [GUIDE_URL, "/admin/staff-guide/img/admin-dashboard.png"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
