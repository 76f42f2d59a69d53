"""devtools.admin_form_data: the edit form's POST data, built without a browser, is what the admin
would send: the live preview accepts and renders it, and saving it as a draft loses nothing."""

import html
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Page

from blog.models import BlogPostPage
from devtools.admin_form_data import edit_form_data
from practice.models import ClinicianPage, HomePage
from therapy_pages.models import ConditionPage, TherapyPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

# The demo's pages of each kind.
PAGES = {
    "blog post": (BlogPostPage, {"slug": "what-is-psychodynamic-therapy"}),
    "therapy page": (TherapyPage, {"slug": "psychodynamic-therapy"}),
    "condition page": (ConditionPage, {"slug": "anxiety"}),
    "clinician page": (ClinicianPage, {"slug": "dr-cassidy-blair"}),
    "home page": (HomePage, {}),
}
# The field whose words the preview must show.
BODY_FIELD = {BlogPostPage: "body", TherapyPage: "body", ConditionPage: "body"}
BODY_FIELD |= {ClinicianPage: "bio", HomePage: "intro"}

BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')

# Revision fields that say when and by which revision a page was saved, or how many children it
# had then, not what it says.
BOOKKEEPING = {
    "numchild",
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "live_revision",
    "last_published_at",
    "first_published_at",
}


@pytest.fixture(params=list(PAGES), ids=list(PAGES))
def page(request):
    model, lookup = PAGES[request.param]
    return model.objects.get(**lookup)


def distinctive_words(page):
    """The longest run of plain text in the page's body (or bio, or intro), as rendered text."""
    value = getattr(page.get_latest_revision_as_object(), BODY_FIELD[type(page)])
    if hasattr(value, "raw_data"):  # a StreamField: its first paragraph
        value = next(block.value.source for block in value if block.block_type == "paragraph")
    pieces = [html.unescape(piece).strip() for piece in re.split(r"<[^>]+>", str(value))]
    return max(pieces, key=len)[:60]


def one_page_of_every_other_type():
    pages = {}
    for page in Page.objects.filter(depth__gt=1).specific():
        if type(page) not in BODY_FIELD:
            pages.setdefault(type(page), page)
    return list(pages.values())


def preview(client, page, data):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is True, posted.content
    shown = client.get(url, {"mode": page.default_preview_mode})
    assert shown.status_code == 200
    return html.unescape(shown.content.decode())


def content(revision):
    """A revision's content as an editor would compare it: without its bookkeeping, and in
    StreamFields without what any save from the admin changes but no editor sees: block ids,
    Draftail's paragraph keys, an empty optional value stored as null by the seed and as ""
    by the admin's form."""

    def comparable(value, in_stream=False):
        if isinstance(value, str) and value.startswith("[{"):
            try:
                return comparable(json.loads(value), in_stream=True)
            except ValueError:
                pass
        if isinstance(value, str):
            return BLOCK_KEY.sub("", value)
        if isinstance(value, dict):
            skip = {"id"} if in_stream else set()
            return {k: comparable(v, in_stream) for k, v in value.items() if k not in skip}
        if isinstance(value, list):
            return [comparable(v, in_stream) for v in value]
        if value is None and in_stream:
            return ""
        return value

    data = {k: comparable(v) for k, v in revision.content.items() if k not in BOOKKEEPING}
    if "tagged_items" in data:  # tags are saved anew, under new rows, in any order
        data["tagged_items"] = sorted(item["tag"] for item in data["tagged_items"])
    return data


def test_the_preview_accepts_the_data_and_shows_the_title_and_body(admin_client, admin_user, page):
    shown = preview(admin_client, page, edit_form_data(page, admin_user))

    # The title the page shows: its SEO title where it has one (the home page's), else its title.
    assert page.get_latest_revision_as_object().meta_title in shown
    assert distinctive_words(page) in shown


def save_draft(client, page, data):
    """POST `data` to the edit view as "Save draft"; the revision it made."""
    before = page.get_latest_revision()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    after = type(page).objects.get(pk=page.pk).get_latest_revision()
    assert after.pk != before.pk
    return before, after


def test_saving_the_data_as_a_draft_loses_nothing(admin_client, admin_user, page):
    before, after = save_draft(admin_client, page, edit_form_data(page, admin_user))

    assert content(after) == content(before)


def test_every_other_page_type_previews_and_saves_without_loss(admin_client, admin_user):
    pages = one_page_of_every_other_type()
    assert {type(page).__name__ for page in pages} >= {"StandardPage", "FeesPage", "ContactPage"}
    for page in pages:
        data = edit_form_data(page, admin_user)
        shown = preview(admin_client, page, data)
        assert page.get_latest_revision_as_object().meta_title in shown, type(page).__name__
        before, after = save_draft(admin_client, page, data)
        assert content(after) == content(before), type(page).__name__


def test_a_changed_title_shows_in_the_preview(admin_client, admin_user, page):
    data = edit_form_data(page, admin_user)
    data["title"] = "A title no page of the demo has"
    data["seo_title"] = ""  # else the page shows its SEO title instead (the home page has one)

    assert "A title no page of the demo has" in preview(admin_client, page, data)
