from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester, Site
from wagtail.search import index

from content_health.gate import CheckedPageForm
from practice.admin_access import is_editor
from practice.seo.jsonld import clinician_profile
from practice.us_states import state_name

from .base import (
    BasePage,
    IndexPage,
    prefetch_renditions,
    public_pages,
    public_related_pages,
    relation_rows,
)
from .clinician_data import ClinicianDataMixin
from .fees import public_fees_page
from .licensure import LicenseMixin
from .settings import PracticeSettings

__all__ = ["ClinicianPage", "TeamIndexPage"]


class TeamIndexPage(RoutablePageMixin, IndexPage):
    """The team at /team/: every clinician's card, in the order of the page tree."""

    subpage_types = ["practice.ClinicianPage"]
    template = "pages/team_index_page.html"

    class Meta:
        verbose_name = "team index page"

    def get_clinicians(self, request=None):
        """The public clinicians (`public_pages`) with their photos, and every photo's
        renditions in one more query, however many clinicians."""
        site = Site.find_for_request(request) if request is not None else None
        return (
            public_pages(ClinicianPage.objects.child_of(self), site)
            .select_related("photo", "supervisor")
            .prefetch_related("photo__renditions")
            .order_by("path")
        )

    def build_finder(self, request):
        """The finder over the public team, for the page and its JSON feed."""
        from practice.finder import Finder, finder_clinicians  # they read this module's models

        clinicians = finder_clinicians(self, request)
        practice = PracticeSettings.for_request(request)
        fees_page = (
            public_fees_page(request)
            if any(clinician.uses_practice_fees for clinician in clinicians)
            else None
        )
        return Finder(clinicians, practice, fees_page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        finder = self.build_finder(request).read(request)
        matches = finder.matches()
        context.update(
            finder=finder,
            matches=matches,
            clinicians=[match.clinician for match in matches],
            finder_summary=finder.summary(len(matches)),
            unlicensed_state=finder.unlicensed_state_name(),
        )
        return context

    @path("profiles.json/", name="profiles_json")
    def profiles_json(self, request):
        """Every public clinician's profile as data: practice/profiles_feed.py."""
        from practice.profiles_feed import profiles_view

        return profiles_view(self, request)

    def named_clinicians(self):
        """Where this page names a clinician (the content-health report): a card for each
        public clinician."""
        return [("team card", clinician) for clinician in self.get_clinicians()]


class OwnProfilePermissionTester(PagePermissionTester):
    """A clinician may edit and publish the profile page linked to their own account, without
    being given rights over the rest of the team's pages."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_own_profile = bool(
            user.is_active and user.pk and getattr(page, "user_id", None) == user.pk
        )

    def can_edit(self):
        return super().can_edit() or (self.is_own_profile and not self.page_locked())

    def can_publish(self):
        return super().can_publish() or self.is_own_profile

    def can_set_view_restrictions(self):
        # Privacy settings stay with those granted publishing on the team (editors): owning the
        # profile lets a clinician publish it, not restrict who may read it.
        return PagePermissionTester.can_publish(self)


class ClinicianPageForm(CheckedPageForm):
    """Only editors and superusers link a profile to an admin account: anyone else sees at most
    the account already linked, read-only, and never the list of every user name. Anyone else
    also adds only public pages (`public_q`) to the conditions and therapies they work with (a
    choice already made may stay): the page chooser lists every live page, restricted ones
    too, and a profile must not send its readers to a page they cannot read."""

    license_fields = (
        "licensed_name",
        "license_status",
        "license_type",
        "license_number",
        "supervisor",
        "supervisor_name",
        "supervisor_license",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and is_editor(self.for_user):
            return
        # The license is checked against the board's record by an editor: anyone else sees it
        # read-only, and a disabled field keeps its saved value whatever a POST says.
        for name in self.license_fields:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].required = False
                self.fields[name].help_text = "Set by an editor, who checks it with the board."
        field = self.fields.get("user")
        if field is None:
            return
        field.disabled = True
        field.required = False
        field.queryset = field.queryset.filter(pk=self.instance.user_id or 0)
        field.help_text = "The admin account linked to this profile (set by an editor)."

    def clean(self):
        cleaned_data = super().clean()
        # A changed answer is a confirmed one: the day moves to today unless given too.
        if "accepting_new_clients" in self.changed_data and (
            "availability_confirmed_on" not in self.changed_data
            or not cleaned_data.get("availability_confirmed_on")
        ):
            cleaned_data["availability_confirmed_on"] = timezone.localdate()
        if self.for_user is not None and not is_editor(self.for_user):
            self.refuse_new_choices_not_public()
        return cleaned_data

    def refuse_new_choices_not_public(self):
        added = []  # (choice form, its page field, the page), for choices new in this edit
        for links, key in self._meta.model.chosen_page_links.values():
            formset = self.formsets.get(links)
            if formset is None or not formset.is_valid():
                continue
            for form in formset.forms:
                page = form.cleaned_data.get(key)
                if page is None or form.cleaned_data.get("DELETE"):
                    continue
                if form.initial.get(key) != page.pk:
                    added.append((form, key, page))
        if not added:
            return
        public = set(
            public_pages(
                Page.objects.filter(pk__in=[page.pk for _, _, page in added]), None
            ).values_list("pk", flat=True)
        )
        for form, key, page in added:
            if page.pk not in public:
                form.add_error(key, f"“{page.title}” is not public: choose a published page.")


class ClinicianPage(ClinicianDataMixin, LicenseMixin, BasePage):
    """A clinician's profile. The byline of every post they write is built from these fields, so
    credentials and license number are kept in one place."""

    credentials = models.CharField(
        max_length=60, blank=True, help_text="Degrees after the name, e.g. 'Psy.D.' or 'LMFT, MA'."
    )
    role = models.CharField(
        max_length=120, help_text="Professional title, e.g. 'Licensed Clinical Psychologist'."
    )
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A friendly portrait, ideally square. Initials are shown when empty.",
    )
    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences for the team page and search results.",
    )
    bio = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h3"],
        help_text="The clinician's background, approach and training.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician_page",
        help_text="Optional: the admin account of this clinician, so their posts credit them.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("credentials"), FieldPanel("role")]),
                FieldRowPanel([FieldPanel("licensed_name"), FieldPanel("license_status")]),
                FieldRowPanel([FieldPanel("license_type"), FieldPanel("license_number")]),
                FieldPanel("supervisor"),
                FieldRowPanel([FieldPanel("supervisor_name"), FieldPanel("supervisor_license")]),
            ],
            heading="Credentials",
        ),
        FieldPanel("photo"),
        FieldPanel("summary"),
        FieldPanel("bio"),
        # The conditions and therapies this clinician works with: child relations defined by
        # the app those pages belong to, read as `conditions` and `therapies`.
        MultipleChooserPanel(
            "condition_links",
            chooser_field_name="condition",
            heading="Conditions worked with",
            label="Condition",
            help_text="Each condition's page lists the clinicians who work with it.",
        ),
        InlinePanel(
            "population_links",
            heading="Groups worked with",
            label="Group",
            help_text="e.g. adults, couples, teenagers (editors keep the list under Snippets → "
            "Populations).",
        ),
        MultipleChooserPanel(
            "therapy_links",
            chooser_field_name="therapy",
            heading="Therapies offered",
            label="Therapy",
            help_text="Each therapy's page lists the clinicians who offer it.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("accepting_new_clients"), FieldPanel("availability_confirmed_on")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("offers_in_person"),
                        FieldPanel("offers_phone"),
                        FieldPanel("offers_video"),
                    ],
                    heading="Ways of meeting",
                ),
                FieldPanel("office", widget=forms.Select),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("licensed_states"),
                FieldPanel("psypact_authority"),
            ],
            heading="Availability, ways of meeting and languages",
        ),
        MultiFieldPanel(
            [
                FieldPanel("uses_practice_fees"),
                FieldRowPanel([FieldPanel("fee_low"), FieldPanel("fee_high")]),
                FieldPanel("insurance_plans"),
            ],
            heading="Fees and insurance",
        ),
        FieldPanel("user"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("credentials"),
        index.SearchField("role"),
        index.SearchField("summary", boost=1.5),  # below the title (2), above the body
        index.SearchField("bio"),
    ]

    base_form_class = ClinicianPageForm
    parent_page_types = ["practice.TeamIndexPage"]
    subpage_types = []
    template = "pages/clinician_page.html"
    search_label = "Clinician"
    # The photo, the office and the pages it links to, read with the page when it is served.
    serve_select_related = ("photo", "supervisor", "office")
    serve_related_pages = (("conditions", "title"), ("therapies", "title"))
    # Where those pages are chosen: relation name -> (the child relation holding the choices,
    # the field of a choice naming the page). The choice models belong to the app above.
    chosen_page_links = {
        "conditions": ("condition_links", "condition"),
        "therapies": ("therapy_links", "therapy"),
    }

    class Meta:
        verbose_name = "clinician page"
        permissions = [
            ("view_clinical_reviews", "Can see which pages are due a clinical review"),
        ]

    def permissions_for_user(self, user):
        return OwnProfilePermissionTester(user, self)

    def get_structured_data(self, request, practice=None):
        return [clinician_profile(self, request, practice)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # The choices of the draft being previewed, held in memory, not the published ones.
            site = Site.find_for_request(request)
            context["conditions"], context["therapies"] = public_related_pages(
                *((self.chosen_pages(name), order) for name, order in self.serve_related_pages),
                site=site,
            )
        else:
            context["conditions"], context["therapies"] = self.get_related_pages(
                *self.serve_related_pages, request=request
            )
        # The photo in the header and in link previews: its renditions in one query.
        prefetch_renditions(*self.get_content_images())
        practice = PracticeSettings.for_request(request)
        self.availability_now = self.availability(practice.availability_valid_days)
        fees_page = public_fees_page(request) if self.uses_practice_fees else None
        # One read for the page and its JSON-LD (a preview's choices are in memory).
        self.session_languages = relation_rows(self, "languages")
        context.update(
            languages=self.session_languages,
            fee_text=self.fee_text(fees_page),
            plans=self.plan_names(fees_page),
            fees_page=fees_page,
            licensed_state_names=self.licensed_state_names,
            # The states PSYPACT adds to the licensed ones, for phone and video only.
            psypact_state_names=[
                state_name(code)
                for code in self.telehealth_states(practice.psypact_states)
                if code not in (self.licensed_states or [])
            ],
        )
        return context

    def chosen_pages(self, name):
        """The pages chosen in relation `name` ("conditions") as this instance holds them (a
        draft's choices in memory, else the database's), as a queryset of their page type."""
        links, key = self.chosen_page_links[name]
        ids = [getattr(link, f"{key}_id") for link in getattr(self, links).all()]
        return self._meta.get_field(name).related_model.objects.filter(pk__in=ids)

    @property
    def display_name(self):
        """'Dr. Cassidy Blair, Psy.D.'"""
        return f"{self.title}, {self.credentials}" if self.credentials else self.title

    def named_clinicians(self):
        """Where this page names a clinician (the content-health report): its own profile."""
        return [("profile", self)]

    @property
    def initials(self):
        words = [w for w in self.title.replace(".", " ").split() if w[:1].isupper()]
        if words and words[0] in {"Dr", "Mr", "Ms", "Mrs", "Mx"}:
            words = words[1:]
        return "".join(w[0] for w in words[:2]) or self.title[:1].upper()
