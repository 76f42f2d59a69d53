import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from practice.blocks import LinkBlock, OpeningHoursBlock, SocialLinkBlock
from practice.query_plans import QueryPlan
from practice.us_states import PSYPACT_STATES

from .clinician_data import AVAILABILITY_VALID_DAYS, OfficeLocation, StatesField

__all__ = ["PracticeSettings", "phone_href"]

phone_validator = RegexValidator(
    r"^\+?[0-9 ().\-]{7,25}$",
    "Enter a phone number using digits, spaces, parentheses, dots or dashes, e.g. (310) 999-4996.",
)


# Each platform as it spells its own name, for visitors. The admin's list of platforms
# (SocialLinkBlock) may say more to editors ("X (Twitter)"); a profile on a platform missing
# here ("Other") is named by its site's address, e.g. "yelp.com".
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "x": "X",
    "psychology_today": "Psychology Today",
}


def default_psypact_states():
    return list(PSYPACT_STATES)


def phone_href(number):
    """A `tel:` URL for a displayed phone number: only '+' and digits survive."""
    cleaned = re.sub(r"[^0-9+]", "", number or "")
    return f"tel:{cleaned}" if cleaned else ""


OFFICES = QueryPlan("offices")


@register_setting(icon="home", order=10)  # first under Settings
class PracticeSettings(BaseSiteSetting):
    """The practice's details, edited once by the admin and shown on every page: header, footer,
    calls to action and the notice banner all read from here, so nothing practice-specific is
    written into a template."""

    ACCEPTING_YES = "yes"
    ACCEPTING_NO = "no"
    ACCEPTING_WAITLIST = "waitlist"
    ACCEPTING_CHOICES = [
        (ACCEPTING_YES, "Yes, accepting new clients"),
        (ACCEPTING_WAITLIST, "Waitlist for new clients"),
        (ACCEPTING_NO, "Not accepting new clients"),
    ]

    # Identity and contact
    practice_name = models.CharField(
        max_length=120, help_text="Shown in the header, the footer and the browser tab."
    )
    tagline = models.CharField(
        max_length=160, blank=True, help_text="Optional short line under the name in the header."
    )
    phone = models.CharField(
        max_length=30,
        blank=True,
        validators=[phone_validator],
        help_text="The number visitors call, as it should be displayed, e.g. (310) 999-4996.",
    )
    email = models.EmailField(blank=True, help_text="The practice's public e-mail address.")
    # The address is an office's (OfficeLocation, under Snippets → Office locations): a foreign
    # key rather than "the first office", so every page reads it with the settings themselves
    # (`select_related`), in no query of its own.
    main_office = models.ForeignKey(
        "practice.OfficeLocation",
        verbose_name="main office",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The office whose address is the practice's: shown in the footer and the "
        "contact page and given to search engines. Manage offices under Snippets → Office "
        "locations (each says whether its street address may be shown).",
    )
    address_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional line under the address, e.g. 'We share the full address when you "
        "book.'",
    )

    # How and when the practice sees clients
    offers_in_person = models.BooleanField(
        "in person", default=True, help_text="Sessions at the office."
    )
    offers_phone = models.BooleanField("by phone", default=True, help_text="Sessions by telephone.")
    offers_video = models.BooleanField(
        "by video", default=True, help_text="Sessions by video call."
    )
    hours_summary = models.CharField(
        max_length=160,
        blank=True,
        help_text="One line about availability, e.g. '7 days a week, including evenings and weekends'.",
    )
    opening_hours = StreamField(
        [("hours", OpeningHoursBlock())],
        blank=True,
        help_text="Opening hours, one line per group of days with the same times. Shown in the "
        "footer and on the contact page, and given to search engines.",
    )
    accepting_new_clients = models.CharField(
        max_length=10,
        choices=ACCEPTING_CHOICES,
        default=ACCEPTING_YES,
        help_text="Whether the practice is taking on new clients; shown beside the call to action.",
    )
    # Fees and insurance are data of their own: the Fees page (practice.models.fees).

    # Call to action
    cta_heading = models.CharField(
        "call-to-action heading",
        max_length=120,
        blank=True,
        help_text="e.g. 'Looking for a local psychologist?' Shown near the end of every page.",
    )
    cta_text = models.TextField(
        "call-to-action text",
        blank=True,
        max_length=600,
        help_text="One or two sentences inviting the visitor to call. The phone number is added as a button.",
    )

    # Notice banner
    notice_enabled = models.BooleanField(
        "show the notice", default=False, help_text="Show a banner at the top of every page."
    )
    notice_text = models.CharField(
        max_length=240,
        blank=True,
        help_text="One short sentence, e.g. 'We offer in-person, phone and video sessions 7 days a week.'",
    )
    notice_link_url = models.URLField(
        "notice link", blank=True, help_text="Optional address the banner links to."
    )
    notice_link_text = models.CharField(
        max_length=60, blank=True, help_text="Words of the link, e.g. 'Read more'."
    )
    notice_starts_on = models.DateField(
        blank=True,
        null=True,
        help_text="Optional first day the banner shows. Left empty, it is today's date when you "
        "switch the banner on, so the dashboard can tell when it has been on for a long time.",
    )
    notice_ends_on = models.DateField(
        blank=True,
        null=True,
        help_text="Optional last day the banner shows. Empty: until switched off.",
    )

    # Safety
    crisis_text = RichTextField(
        blank=True,
        features=["bold", "link"],
        help_text=(
            "Shown in the footer of every page: where to turn in a crisis, in the 988 Lifeline's "
            "words: call or text 988, or chat at 988lifeline.org; in an emergency, call 911. "
            "Link phone numbers with the link tool's 'Phone' tab."
        ),
    )

    # Elsewhere
    social_links = StreamField(
        [("social", SocialLinkBlock())], blank=True, help_text="The practice's profiles elsewhere."
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links at the foot of every page, e.g. Privacy and Accessibility statement.",
    )

    # Reading aids
    show_font_size_control = models.BooleanField(
        default=True, help_text="Offer buttons that make the text larger (remembered per visitor)."
    )
    show_scroll_to_top = models.BooleanField(
        default=True, help_text="Offer a 'back to top' button once a visitor has scrolled down."
    )

    # Staff sign-in (practice/two_factor/: editors and admins always need the second factor)
    require_clinician_two_factor = models.BooleanField(
        "require a second factor for clinicians",
        default=False,
        help_text=(
            "Clinicians then sign in with a one-time code from an authenticator app besides "
            "their password, as editors and admins always do. Each clinician sets it up at "
            "their next sign-in."
        ),
    )

    # Consultation requests (practice/consultation_admin.py): clock hours, weekends included.
    reply_within_hours = models.PositiveSmallIntegerField(
        "reply to a consultation request within (hours)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text=(
            "What the practice promises a person who asks for a consultation, in hours: "
            "24 is one day, 48 two days (weekends count). A request waiting longer is "
            "highlighted in the admin."
        ),
    )

    # The clinician finder (practice.models.clinician_data, practice/finder.py)
    availability_valid_days = models.PositiveSmallIntegerField(
        "a clinician's availability is trusted for (days)",
        default=AVAILABILITY_VALID_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="After this many days without being confirmed, a clinician's 'accepting new "
        "clients' is shown as 'Ask us about availability', and the dashboard asks to confirm it.",
    )
    psypact_states = StatesField(
        "PSYPACT states",
        default=default_psypact_states,
        help_text="The states where PSYPACT's compact is in effect (psypact.org keeps the map). A "
        "psychologist with APIT may see clients in these states by video or phone.",
    )

    contact_panels = [
        FieldPanel("practice_name"),
        FieldPanel("tagline"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        MultiFieldPanel(
            [FieldPanel("main_office", widget=forms.Select), FieldPanel("address_note")],
            heading="Address",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("offers_in_person"),
                        FieldPanel("offers_phone"),
                        FieldPanel("offers_video"),
                    ]
                ),
                FieldPanel("hours_summary"),
                FieldPanel("opening_hours"),
                FieldPanel("accepting_new_clients"),
                FieldPanel("reply_within_hours"),
            ],
            heading="Sessions and availability",
        ),
    ]
    message_panels = [
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text")], heading="Call to action"
        ),
        MultiFieldPanel(
            [
                FieldPanel("notice_enabled"),
                FieldPanel("notice_text"),
                FieldRowPanel([FieldPanel("notice_link_url"), FieldPanel("notice_link_text")]),
                FieldRowPanel([FieldPanel("notice_starts_on"), FieldPanel("notice_ends_on")]),
            ],
            heading="Notice banner",
        ),
        FieldPanel("crisis_text"),
    ]
    footer_panels = [
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [FieldPanel("show_font_size_control"), FieldPanel("show_scroll_to_top")],
            heading="Reading aids",
        ),
    ]
    staff_sign_in_panels = [FieldPanel("require_clinician_two_factor")]
    telehealth_panels = [FieldPanel("availability_valid_days"), FieldPanel("psypact_states")]
    edit_handler = TabbedInterface(
        [
            ObjectList(contact_panels, heading="Practice details"),
            ObjectList(message_panels, heading="Messages"),
            ObjectList(footer_panels, heading="Footer"),
            ObjectList(telehealth_panels, heading="Telehealth and availability"),
            ObjectList(staff_sign_in_panels, heading="Staff sign-in"),
        ]
    )

    select_related = ["main_office"]  # read with the settings on every page (preload.py)

    class Meta:
        verbose_name = "practice details"
        verbose_name_plural = "practice details"

    def __str__(self):
        return self.practice_name or "Practice details"

    def clean(self):
        super().clean()
        errors = {}
        if self.notice_enabled and not self.notice_text.strip():
            errors["notice_text"] = "Write the notice's text, or switch the notice off."
        if self.notice_link_url and not self.notice_link_text.strip():
            errors["notice_link_text"] = "Give the link some words, e.g. 'Read more'."
        if (
            self.notice_starts_on
            and self.notice_ends_on
            and self.notice_ends_on < self.notice_starts_on
        ):
            errors["notice_ends_on"] = "The last day cannot be before the first day."
        if errors:
            raise ValidationError(errors)
        if self.notice_enabled and not self.notice_starts_on:
            # The day it was switched on: the dashboard calls a banner with no last day stale
            # after 90 days (practice/dashboard.py), which needs to know when it started.
            self.notice_starts_on = timezone.localdate()

    @property
    def address_lines(self):
        """The main office's address as visitors may read it, one part per line (no street when
        it is kept private); empty without a main office."""
        office = self.main_office
        return office.public_lines if office is not None else []

    @property
    def offices(self):
        """Every office, in their order (one query, its SQL built once; for the contact page,
        not every page)."""
        return OFFICES.rows(None, OfficeLocation.objects.all)

    @property
    def structured_hours(self):
        """The lines of opening hours with days and both times: what search engines are told."""
        return [block.value for block in self.opening_hours or [] if block.value.is_structured]

    @property
    def phone_href(self):
        return phone_href(self.phone)

    @property
    def social_profiles(self):
        """The practice's profiles elsewhere, for the footer: dicts (label, url), each named as
        its platform spells itself (`PLATFORM_NAMES`)."""
        profiles = []
        for block in self.social_links:
            url = block.value.get("url") or ""
            label = PLATFORM_NAMES.get(block.value.get("platform"))
            if not label:
                label = (urlsplit(url).hostname or url).removeprefix("www.")
            if url:
                profiles.append({"label": label, "url": url})
        return profiles

    @property
    def service_modes(self):
        """The ways of meeting offered, in the order visitors read them."""
        modes = [
            (self.offers_in_person, "in person"),
            (self.offers_phone, "by phone"),
            (self.offers_video, "by video"),
        ]
        return [label for offered, label in modes if offered]

    @property
    def service_modes_text(self):
        modes = self.service_modes
        if len(modes) <= 1:
            return "".join(modes)
        return ", ".join(modes[:-1]) + " and " + modes[-1]

    def notice_is_active(self, today=None):
        """True when the banner is switched on, has text and today falls within its dates."""
        if not (self.notice_enabled and self.notice_text.strip()):
            return False
        today = today or timezone.localdate()
        started = self.notice_starts_on is None or self.notice_starts_on <= today
        not_ended = self.notice_ends_on is None or today <= self.notice_ends_on
        return started and not_ended

    @property
    def show_notice(self):
        return self.notice_is_active()
