"""What a visitor needs to find the right clinician, kept first-hand on each clinician's page:
whether they take new clients and when that was last confirmed, how they meet (in person, phone,
video), their languages, their fees and insurance (or the practice's, from the Fees page), the
states where they may see clients by phone or video (a license there, or PSYPACT's authority
for psychologists) and their office.

Availability is only as good as its date: older than the practice's limit (Practice details →
Telehealth and availability, 30 days unless changed), it is shown nowhere as "accepting", only
as "Ask us about availability" (`availability()`), and the dashboard lists it to confirm."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from practice.us_states import PSYPACT_STATES, US_STATES, state_name

from .fees import MAX_FEE, format_usd

__all__ = [
    "AVAILABILITY_VALID_DAYS",
    "Availability",
    "ClinicianDataMixin",
    "Language",
    "OfficeLocation",
    "StatesField",
]

AVAILABILITY_VALID_DAYS = 30

ACCEPTING, WAITLIST, NOT_ACCEPTING, ASK = "yes", "waitlist", "no", "ask"
ACCEPTING_CHOICES = [
    (ACCEPTING, "Accepting new clients"),
    (WAITLIST, "Waitlist for new clients"),
    (NOT_ACCEPTING, "Not taking new clients"),
]
ASK_LABEL = "Ask us about availability"

IN_PERSON, PHONE, VIDEO = "in_person", "phone", "video"
SESSION_MODES = [(IN_PERSON, "In person"), (PHONE, "Phone"), (VIDEO, "Video")]
TELEHEALTH_MODES = {PHONE, VIDEO}


class StatesField(models.JSONField):
    """A list of US postal codes (["CA", "AZ"]), chosen from check boxes in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=US_STATES,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "states-field"}),
            label=self.verbose_name[:1].upper() + self.verbose_name[1:],
            help_text=self.help_text,
        )

    def clean(self, value, model_instance):
        value = super().clean(value, model_instance)
        codes = [code.upper() for code in value or []]
        unknown = [code for code in codes if code not in dict(US_STATES)]
        if unknown:
            raise ValidationError(f"Not a US state: {', '.join(unknown)}.")
        order = [code for code, _ in US_STATES]
        return sorted(set(codes), key=order.index)


class Language(index.Indexed, models.Model):
    """A language clinicians hold sessions in ("Spanish"), named once and chosen on each
    profile; the finder offers those of the team."""

    name = models.CharField(max_length=60, unique=True, help_text="In English, e.g. 'Spanish'.")
    code = models.CharField(
        max_length=12,
        blank=True,
        help_text="Optional language tag for search engines, e.g. 'es' (Spanish), 'zh' (Chinese).",
    )

    panels = [FieldPanel("name"), FieldPanel("code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "language"

    def __str__(self):
        return self.name


class OfficeLocation(index.Indexed, models.Model):
    """An office where clients are seen in person. The practice's address is its main office
    (Practice details → `main_office`); a clinician's profile names the one they work at. The
    street may be kept private (`show_street_address`): visitors and search engines then get
    only the city, state and ZIP code."""

    name = models.CharField(
        max_length=80, help_text="What visitors call it, e.g. 'West Los Angeles office'."
    )
    street_address = models.CharField(
        max_length=160,
        help_text="Number and street, with the suite, e.g. '11500 W Olympic Blvd, Suite 400'.",
    )
    city = models.CharField(max_length=80, default="Los Angeles")
    state = models.CharField(max_length=2, choices=US_STATES, default="CA")
    postal_code = models.CharField(
        "ZIP code",
        max_length=10,
        help_text="Five digits, or ZIP+4, e.g. '90064'.",
        validators=[
            RegexValidator(
                r"^\d{5}(-\d{4})?$", "Enter a ZIP code: five digits, or ZIP+4 such as 90064-1234."
            )
        ],
    )
    show_street_address = models.BooleanField(
        "show the street address publicly",
        default=True,
        help_text="Untick to give visitors and search engines only the city, state and ZIP code "
        "(e.g. when the full address is shared once a client books).",
    )
    sort_order = models.PositiveSmallIntegerField(
        "order",
        default=0,
        help_text="Offices are listed in this order (lowest number first). The practice's main "
        "address is chosen under Settings → Practice details.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("street_address"),
        FieldPanel("city"),
        FieldPanel("state"),
        FieldPanel("postal_code"),
        FieldPanel("show_street_address"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "office location"

    def __str__(self):
        return self.name

    @property
    def locality_line(self):
        """'Los Angeles, CA 90064'"""
        return f"{self.city}, {self.state} {self.postal_code}".strip()

    @property
    def public_street_address(self):
        """The street and suite when they may be shown publicly, else ''."""
        return self.street_address if self.show_street_address else ""

    @property
    def public_lines(self):
        """The address as visitors read it, one line per part: the street (when public), then
        'Los Angeles, CA 90064'."""
        return [line for line in (self.public_street_address, self.locality_line) if line]


@dataclass(frozen=True)
class Availability:
    """Whether a clinician takes new clients, as visitors may be told today: `code` is
    "yes", "waitlist", "no" or "ask" (unconfirmed for too long, or never)."""

    code: str
    label: str
    confirmed_on: datetime.date | None

    @property
    def accepting(self):
        return self.code == ACCEPTING

    @property
    def is_known(self):
        return self.code != ASK


class ClinicianDataMixin(models.Model):
    """The finder's fields of ClinicianPage (abstract: the columns stay on its table)."""

    accepting_new_clients = models.CharField(
        max_length=10,
        choices=ACCEPTING_CHOICES,
        default=ACCEPTING,
        help_text="Whether you take on new clients. Confirm it at least every month: an "
        "unconfirmed answer is shown as 'Ask us about availability'.",
    )
    availability_confirmed_on = models.DateField(
        "availability last confirmed",
        null=True,
        blank=True,
        help_text="The day this was last checked. It is set to today when you change the "
        "answer above; the dashboard's 'Confirm' button sets it too.",
    )
    offers_in_person = models.BooleanField("in person", default=True)
    offers_phone = models.BooleanField("by phone", default=False)
    offers_video = models.BooleanField("by video", default=True)
    languages = ParentalManyToManyField(
        "practice.Language",
        blank=True,
        related_name="clinicians",
        help_text="The languages you hold sessions in (manage the list under Snippets → Languages).",
    )
    office = models.ForeignKey(
        "practice.OfficeLocation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinicians",
        help_text="Where you see clients in person (manage the list under Snippets → Office "
        "locations).",
    )
    licensed_states = StatesField(
        "states where licensed",
        help_text="The states whose license you hold. By phone or video you see clients who are "
        "in one of these states during the session (or, with PSYPACT's authority, in a "
        "PSYPACT state).",
    )
    psypact_authority = models.BooleanField(
        "holds PSYPACT's Authority to Practice Interjurisdictional Telepsychology (APIT)",
        default=False,
        help_text="Psychologists only: APIT allows video and phone sessions with clients in every "
        "PSYPACT state (the list is under Practice details). It needs a license in a PSYPACT "
        "state.",
    )
    uses_practice_fees = models.BooleanField(
        "fees and insurance are the practice's",
        default=True,
        help_text="Ticked: the Fees page's fees, sliding scale and insurance plans apply. Untick "
        "to give your own below.",
    )
    fee_low = models.PositiveIntegerField(
        "session fee (or lowest on a sliding scale)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_FEE)],
        help_text="In whole US dollars, e.g. 180.",
    )
    fee_high = models.PositiveIntegerField(
        "highest fee on a sliding scale",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_FEE)],
        help_text="Optional, in whole US dollars.",
    )
    insurance_plans = models.TextField(
        "insurance plans in network",
        blank=True,
        help_text="One plan per line, e.g. 'Aetna'. Empty: out of network only.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if not (self.offers_in_person or self.offers_phone or self.offers_video):
            errors["offers_video"] = "Choose at least one way of meeting clients."
        if not self.uses_practice_fees:
            low, high = self.fee_low, self.fee_high
            if low is None:
                errors["fee_low"] = (
                    "Give your session fee, or tick 'fees and insurance are the practice's'."
                )
            elif high is not None and high < low:
                errors["fee_high"] = "The highest fee cannot be below the lowest."
        if self.psypact_authority and not set(self.licensed_states or []) & set(PSYPACT_STATES):
            errors["psypact_authority"] = (
                "APIT needs a license in a PSYPACT state (California is not one): tick the "
                "state of that license above."
            )
        if self.availability_confirmed_on and self.availability_confirmed_on > timezone.localdate():
            errors["availability_confirmed_on"] = (
                "This day is in the future: give today or earlier."
            )
        if errors:
            raise ValidationError(errors)

    # Availability

    def availability(self, valid_days=AVAILABILITY_VALID_DAYS, today=None):
        """What visitors may be told today (`Availability`): the answer when it was confirmed
        within `valid_days`, else "Ask us about availability"."""
        today = today or timezone.localdate()
        confirmed = self.availability_confirmed_on
        if confirmed is None or (today - confirmed).days > valid_days:
            return Availability(ASK, ASK_LABEL, confirmed)
        label = dict(ACCEPTING_CHOICES).get(self.accepting_new_clients, ASK_LABEL)
        return Availability(self.accepting_new_clients, label, confirmed)

    def availability_needs_confirming(self, valid_days=AVAILABILITY_VALID_DAYS, today=None):
        return not self.availability(valid_days, today).is_known

    # Ways of meeting and where

    @property
    def session_modes(self):
        """["in_person", "video"]: the ways of meeting, in SESSION_MODES' order."""
        offered = {
            IN_PERSON: self.offers_in_person,
            PHONE: self.offers_phone,
            VIDEO: self.offers_video,
        }
        return [mode for mode, _ in SESSION_MODES if offered[mode]]

    @property
    def session_mode_labels(self):
        labels = dict(SESSION_MODES)
        return [labels[mode] for mode in self.session_modes]

    @property
    def session_modes_text(self):
        """'In person, phone and video'"""
        labels = [label.lower() for label in self.session_mode_labels]
        if not labels:
            return ""
        text = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        return text[:1].upper() + text[1:]

    def telehealth_states(self, psypact_states=PSYPACT_STATES):
        """The states a client may be in for a phone or video session: the licensed states,
        and with APIT every PSYPACT state. Empty without phone or video."""
        if not (self.offers_phone or self.offers_video):
            return []
        states = set(self.licensed_states or [])
        if self.psypact_authority:
            states |= set(psypact_states)
        order = [code for code, _ in US_STATES]
        return sorted(states, key=lambda code: order.index(code) if code in order else 99)

    def sees_clients_in(self, state, psypact_states=PSYPACT_STATES):
        """True when a client in `state` may have a phone or video session with them."""
        return bool(state) and state.upper() in self.telehealth_states(psypact_states)

    @property
    def licensed_state_names(self):
        return [state_name(code) for code in self.licensed_states or []]

    # Fees and insurance (the Fees page's when `uses_practice_fees`)

    def plan_names(self, fees_page=None):
        """The in-network plans, the practice's (`fees_page`) by default."""
        if self.uses_practice_fees:
            return list(fees_page.plan_names) if fees_page is not None else []
        return [line.strip() for line in self.insurance_plans.splitlines() if line.strip()]

    def fee_text(self, fees_page=None):
        """'$180 a session', '$90 to $180 a session (sliding scale)', or the practice's."""
        if self.uses_practice_fees:
            if fees_page is None:
                return ""
            fees = getattr(fees_page, "public_session_fees", None)
            if fees is None:
                fees = list(fees_page.session_fees.all())
            paid = [fee.fee for fee in fees if fee.fee]
            text = f"{format_usd(max(paid))} a session" if paid else ""
            if fees_page.shows_sliding_scale and fees_page.sliding_scale_range:
                scale = f"sliding scale {fees_page.sliding_scale_range}"
                text = f"{text}; {scale}" if text else scale[:1].upper() + scale[1:]
            return text
        low, high = self.fee_low, self.fee_high
        if low is None:
            return ""
        if high is None or high == low:
            return f"{format_usd(low)} a session"
        return f"{format_usd(low)} to {format_usd(high)} a session (sliding scale)"
