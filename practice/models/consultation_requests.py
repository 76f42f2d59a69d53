import hashlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from practice.us_states import US_STATES

from .settings import phone_validator

__all__ = ["ConsultationRequest", "ConsultationRequestStatusChange"]


class ConsultationRequest(models.Model):
    """A request to be called or e-mailed back. Holds contact details only, is visible to
    editors (not clinicians), and is deleted after the retention period. Its `status` is the
    practice's follow-up; every change is a `ConsultationRequestStatusChange` (who and when)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        NOT_A_FIT = "not_a_fit", "Not a fit"
        CLOSED = "closed", "Closed"

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
    clinician = models.ForeignKey(
        "practice.ClinicianPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="clinician asked for",
    )
    session_state = models.CharField(
        "state during sessions",
        max_length=2,
        blank=True,
        choices=US_STATES,
        help_text="For phone or video: the state the person will be in (licenses are by state).",
    )
    message = models.TextField(blank=True, max_length=500)
    consent = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True, editable=False
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
                FieldRowPanel(
                    [
                        FieldPanel("clinician", read_only=True),
                        FieldPanel("session_state", read_only=True),
                    ]
                ),
                FieldPanel("message", read_only=True),
            ],
            heading="Request",
        ),
    ]

    class Meta:
        ordering = ["-created"]
        verbose_name = "consultation request"

    def __str__(self):
        if not self.created:
            return self.name
        local = timezone.localtime(self.created, ZoneInfo(settings.TIME_ZONE))
        return f"{self.name} ({local:%B} {local.day}, {local.year})"

    def clean_fields(self, exclude=None):
        """A phone number for a call, an e-mail address for an e-mail. Checked here, not in
        clean(), because a form puts the fields that failed its own checks in `exclude`: a
        number or address a person gave but mistyped is then not also called missing."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude = set(exclude or ())
        missing = {
            self.ContactBy.PHONE: ("phone", "Enter your phone number, or choose to be e-mailed"),
            self.ContactBy.EMAIL: ("email", "Enter your e-mail address, or choose to be called"),
        }.get(self.contact_by)
        if missing and "contact_by" not in exclude:
            name, message = missing
            if name not in exclude and name not in errors and not getattr(self, name):
                errors[name] = [message]
        if errors:
            raise ValidationError(errors)

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


class ConsultationRequestStatusChange(models.Model):
    """One change of a request's status: to what, by whom, when (deleted with the request)."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=10, choices=ConsultationRequest.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "status change"

    def __str__(self):
        return self.get_status_display()
