import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from .base import BasePage
from .settings import phone_validator

__all__ = ["ConsultationRequest", "ContactPage"]


class ContactPage(RoutablePageMixin, BasePage):
    """/contact/: asks only what the practice needs to call a person back. A short message box
    is off by default, because people tend to write about their health in it."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few reassuring words above the form: who will reply and how soon.",
    )
    allow_message = models.BooleanField(
        "offer a short message box",
        default=False,
        help_text="Off by default. When on, the form warns people not to include health details.",
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
        FieldPanel("allow_message"),
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


class ConsultationRequest(models.Model):
    """A request to be called or e-mailed back. Holds contact details only, is visible to
    editors (not clinicians), and is deleted after the retention period."""

    class ContactBy(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "E-mail"

    class ServiceMode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "By phone"
        VIDEO = "video", "By video"
        ANY = "any", "No preference"

    class Availability(models.TextChoices):
        WEEKDAY_MORNING = "weekday_morning", "Weekday mornings"
        WEEKDAY_AFTERNOON = "weekday_afternoon", "Weekday afternoons"
        WEEKDAY_EVENING = "weekday_evening", "Weekday evenings"
        WEEKEND = "weekend", "Weekends"

    name = models.CharField(max_length=100)
    contact_by = models.CharField(
        "how to reach you", max_length=10, choices=ContactBy.choices, default=ContactBy.PHONE
    )
    phone = models.CharField(max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField("e-mail", blank=True)
    service_mode = models.CharField(
        "preferred way to meet", max_length=10, choices=ServiceMode.choices, default=ServiceMode.ANY
    )
    availability = models.JSONField(
        "good times to call", default=list, blank=True, help_text="Times the person is available."
    )
    message = models.TextField(blank=True, max_length=500)
    consent = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    handled = models.BooleanField(
        "called back", default=False, help_text="Tick once someone has replied."
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("contact_by", read_only=True),
                        FieldPanel("phone", read_only=True),
                        FieldPanel("email", read_only=True),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("service_mode", read_only=True),
                        FieldPanel("availability", read_only=True),
                    ]
                ),
                FieldPanel("message", read_only=True),
            ],
            heading="Request",
        ),
        FieldPanel("handled"),
    ]

    class Meta:
        ordering = ["-created"]
        verbose_name = "consultation request"

    def __str__(self):
        return f"{self.name} ({self.created:%d %b %Y})" if self.created else self.name

    def clean(self):
        super().clean()
        if self.contact_by == self.ContactBy.PHONE and not self.phone:
            raise ValidationError({"phone": "Give a phone number, or choose to be e-mailed."})
        if self.contact_by == self.ContactBy.EMAIL and not self.email:
            raise ValidationError({"email": "Give an e-mail address, or choose to be called."})

    def compute_fingerprint(self):
        """Same details on the same day are one request: a double submit creates nothing new."""
        parts = [
            self.name.strip().lower(),
            self.contact_by,
            self.phone.strip(),
            self.email.strip().lower(),
            self.service_mode,
            ",".join(sorted(self.availability or [])),
            self.message.strip(),
            timezone.localdate().isoformat(),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def availability_labels(self):
        labels = dict(self.Availability.choices)
        return ", ".join(labels.get(value, value) for value in self.availability or [])

    availability_labels.short_description = "Good times"
