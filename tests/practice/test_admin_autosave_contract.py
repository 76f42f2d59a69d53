"""What static/js/admin-autosave.js relies on in Wagtail's autosave, checked on Wagtail 7.4 and on
the newest 8.x (`make test-next`, which runs no browser): the editor form names the "w-autosave"
controller, the script is on the page, and the controller still sends the events the script
listens for. tests/browser/test_save_during_autosave.py shows the behavior itself on 7.4."""

import re
from pathlib import Path

import pytest
import wagtail
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

WAGTAIL_CORE_JS = Path(wagtail.__file__).parent / "admin/static/wagtailadmin/js/core.js"


def test_a_new_posts_editor_is_autosaved_and_carries_the_script(admin_client, blog_index):
    response = admin_client.get(f"/admin/pages/add/blog/blogpostpage/{blog_index.pk}/")

    assert response.status_code == 200
    form = re.search(r'<form[^>]*id="page-edit-form"[^>]*>', response.text, re.DOTALL)
    assert form, "the page editor's form is no longer #page-edit-form"
    controllers = re.search(r'data-controller="([^"]*)"', form.group(0)).group(1).split()
    assert "w-autosave" in controllers
    assert f'<script src="{static("js/admin-autosave.js")}" defer></script>' in response.text


def test_wagtails_autosave_controller_sends_the_events_the_script_listens_for():
    source = WAGTAIL_CORE_JS.read_text()
    # The controller is the one class that sends overwrite_revision_id with its saves.
    start = source.index("overwrite_revision_id")
    controller = source[source.rindex(" extends ", 0, start) : source.index(" extends ", start)]

    for event in ("save", "success", "error"):
        assert f'this.dispatch("{event}"' in controller, f"w-autosave no longer sends '{event}'"
    # Once a save has gone, the script cancels the autosaves that would race it: the controller
    # must still make "save" cancelable and send nothing for a cancelled one.
    assert re.search(r'this\.dispatch\("save",\{cancelable:!0', controller), (
        "w-autosave's save event is no longer cancelable"
    )
    assert re.search(r"submit=async\(\{defaultPrevented:\w+,", controller) and re.search(
        r"if\(\w+\)return Promise\.resolve\(\)", controller
    ), "w-autosave no longer skips a save whose event was cancelled"
