"""The publish gate: checks that refuse a page's publication, with a message on the field at fault.

A page form built on `CheckedPageForm` tells the page, before Django runs the model's `clean()`,
whether the editor pressed Publish (or scheduled a publication: Wagtail's "action-publish" with a
go-live date) and who they are: `page.publish_intent`. `BasePage.clean()` then asks the page's
own `publish_refusals(intent)` (each page class adds its checks there, calling `super()`) and
raises them as field errors, so saving a draft is never refused, only publishing.

The refusals are the practice's rules of content_health.checks (reading level when the practice
blocks above target, clinical sign-off, license display); warnings that never refuse are in
content_health.checks too and shown by the editor's panel, the preview and the report.
"""

from dataclasses import dataclass

from wagtail.admin.forms import WagtailAdminPageForm

__all__ = ["CheckedPageForm", "PublishIntent"]

PUBLISH_ACTION = "action-publish"


@dataclass(frozen=True)
class PublishIntent:
    publishing: bool
    user: object = None  # the signed-in user, or None outside the admin


class CheckedPageForm(WagtailAdminPageForm):
    """The base form of every page type (BasePage.base_form_class)."""

    def clean(self):
        cleaned_data = super().clean()
        self.instance.publish_intent = PublishIntent(
            publishing=PUBLISH_ACTION in self.data, user=getattr(self, "for_user", None)
        )
        return cleaned_data
