"""The staff guide inside the admin: docs/staff-guide.md, rendered for signed-in staff.

The Markdown file in docs/ is the one source: GitHub shows it as it is, and /admin/staff-guide/
renders it with Python-Markdown inside the admin's own furniture, its pictures (docs/img/, made by
`make guide`, scripts/guide.py) served by /admin/staff-guide/img/<name>.png. Both URLs are STAFF
rows in practice/admin_access.py: clinicians and editors read it, an anonymous visitor is sent to
the login. The guide is written by the project, never by a user, so its HTML is trusted.
"""

import functools
import re

import markdown
from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import path, reverse, reverse_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE = settings.BASE_DIR / "docs" / "staff-guide.md"
IMAGES = settings.BASE_DIR / "docs" / "img"
IMAGE_SRC = re.compile(r'src="img/([a-z0-9-]+)\.png"')
LEADING_TITLE = re.compile(r"^\s*<h1[^>]*>.*?</h1>\s*")


@functools.cache
def _render(mtime):
    html = markdown.markdown(
        GUIDE.read_text(encoding="utf-8"),
        extensions=["toc", "attr_list", "sane_lists"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )
    html = LEADING_TITLE.sub("", html, count=1)  # the admin's header says "Staff guide" already
    image_url = reverse("staff_guide_image", args=("NAME",)).replace("NAME", "{}")
    return IMAGE_SRC.sub(lambda m: f'src="{image_url.format(m.group(1))}"', html)


def guide_html():
    """The guide as HTML, its images pointing at the admin's image URL (re-read when edited)."""
    return _render(GUIDE.stat().st_mtime)


def image_names():
    """The images the guide shows, in the order it shows them."""
    return re.findall(r"\]\(img/([a-z0-9-]+)\.png", GUIDE.read_text(encoding="utf-8"))


class StaffGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "staff_guide/guide.html"
    page_title = "Staff guide"
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "guide": guide_html()}


def staff_guide_image(request, name):
    image = IMAGES / f"{name}.png"
    if not image.is_file():
        raise Http404
    return FileResponse(image.open("rb"), content_type="image/png")


@hooks.register("register_admin_urls")
def register_staff_guide_urls():
    return [
        path("staff-guide/", StaffGuideView.as_view(), name="staff_guide"),
        path("staff-guide/img/<slug:name>.png", staff_guide_image, name="staff_guide_image"),
    ]


@hooks.register("register_help_menu_item")
def register_staff_guide_menu_item():
    return MenuItem(
        "Staff guide",
        reverse_lazy("staff_guide"),
        name="staff-guide",
        icon_name="doc-full",
        order=10,
    )
