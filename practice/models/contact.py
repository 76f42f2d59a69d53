from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from .base import BasePage

__all__ = ["ContactPage"]

HEALTH_DETAILS_WARNING = (
    "Please do not include details about your health here. We will talk about what brings you "
    "to us in person."
)
CONSENT_TEXT = (
    "I agree that the practice may keep these details to contact me about an appointment. They "
    "are deleted after we have been in touch."
)


class ContactPage(RoutablePageMixin, BasePage):
    """/contact/: asks only what the practice needs to call a person back. A short message box
    is off by default, because people tend to write about their health in it."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few reassuring words above the form: who will reply and how soon.",
    )
    emergency_heading = models.CharField(
        max_length=120,
        default="This form is not for emergencies",
        help_text="Heading of the box above the form; the crisis text from the practice details "
        "follows it.",
    )
    allow_message = models.BooleanField(
        "offer a short message box",
        default=False,
        help_text="Off by default. When on, the form warns people not to include health details.",
    )
    health_details_warning = models.CharField(
        max_length=300,
        default=HEALTH_DETAILS_WARNING,
        help_text="Shown above the message box (when it is offered) and read out with it.",
    )
    consent_text = models.CharField(
        "consent wording",
        max_length=300,
        default=CONSENT_TEXT,
        help_text="The box a person must check to send the form: what the practice does with "
        "their details and when it deletes them.",
    )
    thank_you_heading = models.CharField(
        max_length=120, default="Thank you, we have your request", help_text="Shown after sending."
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        default="<p>We will be in touch within one working day, in the way you chose.</p>",
        help_text="What happens next, shown after sending.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("emergency_heading"),
        MultiFieldPanel(
            [
                FieldPanel("consent_text"),
                FieldPanel("allow_message"),
                FieldPanel("health_details_warning"),
            ],
            heading="The form",
        ),
        MultiFieldPanel(
            [FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")],
            heading="After sending",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["practice.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/contact_page.html"
    search_label = "Contact"
    search_help_link = True
    # The consultation form: posted without a CSRF token (the page comes from the page cache), so
    # practice.csrf checks where the POST comes from instead of Django's token.
    accepts_public_form_posts = True

    class Meta:
        verbose_name = "contact page"

    @property
    def summary(self):
        return "Ask for a first consultation: we will call or e-mail you back."

    @path("")
    def form_view(self, request):
        from practice.contact import handle_contact_form

        return handle_contact_form(self, request)

    @path("thanks/")
    def thanks(self, request):
        from practice.page_cache import never_store

        never_store(request, "contact thank-you")  # tells that someone just asked for help
        return self.render(request, template="pages/contact_thanks_page.html")
