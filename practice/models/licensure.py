"""What the board asks of a clinician's profile: the license, shown wherever the clinician is
named (California's Board of Behavioral Sciences and Board of Psychology: full name as licensed,
license type and number in every advertisement; for an associate or registered intern, their
supervisor). `LicenseMixin` holds the fields, their checks, the publish gate's refusals
(content_health.gate) and `license_statement`, the line the byline, profile, team and post
cards and JSON-LD show; `license_gaps()` is what the content-health report lists."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from practice.admin_access import is_editor

__all__ = ["LICENSE_STATUSES", "LICENSE_TITLES", "LicenseMixin"]

LICENSED, ASSOCIATE, INTERN = "licensed", "associate", "intern"
LICENSE_STATUSES = [
    (LICENSED, "Licensed"),
    (ASSOCIATE, "Associate"),
    (INTERN, "Registered intern"),
]
SUPERVISED_STATUSES = {ASSOCIATE, INTERN}
# The California boards' names for the licenses and registrations a practice's clinicians hold
# (Board of Psychology: PSY, PSB; Board of Behavioral Sciences: the rest), by type.
LICENSE_TITLES = {
    "PSY": "Licensed Psychologist",
    "PSB": "Registered Psychological Associate",
    "LMFT": "Licensed Marriage and Family Therapist",
    "LCSW": "Licensed Clinical Social Worker",
    "LPCC": "Licensed Professional Clinical Counselor",
    "LEP": "Licensed Educational Psychologist",
    "AMFT": "Associate Marriage and Family Therapist",
    "ASW": "Associate Clinical Social Worker",
    "APCC": "Associate Professional Clinical Counselor",
}


class LicenseMixin(models.Model):
    """The license fields and behavior of ClinicianPage (an abstract model, so migrations keep
    the fields on the page's table and leave this module out of its bases)."""

    licensed_name = models.CharField(
        "full name as licensed",
        max_length=120,
        blank=True,
        help_text="The name on the license, e.g. 'Cassidy Anne Blair'. Left empty, it is the "
        "page title without a leading 'Dr.'.",
    )
    license_status = models.CharField(
        max_length=20,
        choices=LICENSE_STATUSES,
        default=LICENSED,
        help_text="An associate or a registered intern works under a licensed supervisor, who is "
        "named wherever they are.",
    )
    license_type = models.CharField(
        "license type",
        max_length=30,
        blank=True,
        help_text="The licensing board's prefix, e.g. 'PSY' (psychologist), 'LMFT' or 'AMFT' "
        "(associate).",
    )
    license_number = models.CharField(
        "license number",
        max_length=30,
        blank=True,
        help_text="The license or registration number, e.g. '22022'.",
    )
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
        help_text="For an associate or registered intern: their supervisor, when on the team.",
    )
    supervisor_name = models.CharField(
        "supervisor outside the practice",
        max_length=120,
        blank=True,
        help_text="A supervisor who is not on the team: their name, e.g. 'Dr. Ana Ruiz'.",
    )
    supervisor_license = models.CharField(
        "their license",
        max_length=60,
        blank=True,
        help_text="That supervisor's license type and number, e.g. 'LMFT 54321'.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.license_number and not self.license_type:
            raise ValidationError({"license_type": "Give the license type, e.g. 'PSY'."})
        if self.license_type and not self.license_number:
            raise ValidationError({"license_number": "Give the license number, e.g. '22022'."})
        errors = {}
        if bool(self.supervisor_name) != bool(self.supervisor_license):
            field = "supervisor_license" if self.supervisor_name else "supervisor_name"
            errors[field] = (
                "Give both the name and the license of a supervisor outside the practice."
            )
        if self.supervisor_id is not None and self.supervisor_id == self.pk:
            errors["supervisor"] = "A clinician cannot be their own supervisor."
        elif self.supervisor is not None and self.supervisor.is_supervised:
            errors["supervisor"] = "Choose a licensed clinician: this one is supervised too."
        elif self.supervisor is not None and self.supervisor_name:
            errors["supervisor_name"] = "Name one supervisor: on the team or outside it."
        # An editor who makes a clinician an associate names the supervisor at once. A
        # clinician, who cannot change these fields, may still save their profile: the publish
        # gate then says what is missing.
        if self.is_supervised and not self.has_supervisor and self._license_editable():
            errors["supervisor"] = (
                "An associate or a registered intern works under a supervisor: choose one on the "
                "team, or give the name and license of one outside the practice."
            )
        if errors:
            raise ValidationError(errors)

    def _license_editable(self):
        intent = getattr(self, "publish_intent", None)
        user = getattr(intent, "user", None)
        return user is None or is_editor(user)

    def publish_refusals(self, intent):
        """A profile advertises the clinician: it goes live only with the license the board
        requires (its type and number, and an associate's supervisor). Drafts save."""
        refusals = dict(super().publish_refusals(intent))
        ask = "" if intent.user is None or is_editor(intent.user) else " An editor sets it."
        if not self.license_type:
            refusals["license_type"] = (
                f"Give the license type before publishing: the board asks for it on every "
                f"profile.{ask}"
            )
        if not self.license_number:
            refusals["license_number"] = (
                f"Give the license number before publishing: the board asks for it on every "
                f"profile.{ask}"
            )
        if self.is_supervised and not self.has_supervisor:
            refusals["supervisor"] = (
                f"Name the supervisor before publishing: an associate's profile names them.{ask}"
            )
        return refusals

    @property
    def license(self):
        """'PSY 22022'"""
        return f"{self.license_type} {self.license_number}".strip()

    @property
    def full_licensed_name(self):
        """The name on the license: 'Cassidy Blair' (the title without 'Dr.') unless given."""
        if self.licensed_name:
            return self.licensed_name
        return re.sub(r"^Dr\.?\s+", "", self.title.strip())

    @property
    def license_title(self):
        """The board's name for the license, 'Licensed Psychologist', from its type; the role
        for a type not listed."""
        return LICENSE_TITLES.get(self.license_type.strip().upper(), self.role)

    @property
    def is_supervised(self):
        return self.license_status in SUPERVISED_STATUSES

    @property
    def has_supervisor(self):
        return self.supervisor_id is not None or bool(
            self.supervisor_name and self.supervisor_license
        )

    @property
    def supervision(self):
        """'supervised by Dr. Cassidy Blair, PSY 22022' for an associate or intern, else ''."""
        if not self.is_supervised:
            return ""
        if self.supervisor is not None:
            name, license = self.supervisor.title, self.supervisor.license
        else:
            name, license = self.supervisor_name, self.supervisor_license
        if not name:
            return ""
        return f"supervised by {name}, {license}" if license else f"supervised by {name}"

    @property
    def license_statement(self):
        """What the board asks for wherever the clinician is named: 'Cassidy Blair, Psy.D. ·
        Licensed Psychologist · PSY 22022', and for an associate ', supervised by Dr. Cassidy
        Blair, PSY 22022'. Empty without a license number."""
        if not (self.license_type and self.license_number):
            return ""
        name = self.full_licensed_name
        if self.credentials:
            name = f"{name}, {self.credentials}"
        statement = f"{name} · {self.license_title} · {self.license}"
        supervision = self.supervision
        return f"{statement}, {supervision}" if supervision else statement

    @property
    def license_line(self):
        """The short form for cards beside the name: 'PSY 22022', and for an associate 'AMFT
        123456, supervised by Dr. Cassidy Blair, PSY 22022'. Empty without a license number."""
        if not (self.license_type and self.license_number):
            return ""
        supervision = self.supervision
        return f"{self.license}, {supervision}" if supervision else self.license

    def license_gaps(self):
        """What is missing for a full license display, in plain words ([] when complete)."""
        gaps = []
        if not self.license_type:
            gaps.append("license type")
        if not self.license_number:
            gaps.append("license number")
        if self.is_supervised:
            if not self.has_supervisor:
                gaps.append("supervisor")
            elif self.supervisor is not None and not (
                self.supervisor.license_type and self.supervisor.license_number
            ):
                gaps.append("supervisor's license number")
        return gaps
