"""The clinician finder on the team page (/team/): a plain GET form that narrows the team to
what a visitor needs, and says of each clinician why they match.

Privacy: every filter is a choice from a list (nothing is typed), and only a value from the
list is ever read. The page cache keeps the team page per known parameter (PAGE_CACHE_QUERY_PARAMS
holds FINDER_PARAMS, sorted by name); a request with a value not in the list, or with a
parameter given twice, is answered without those filters and never stored (`never_store`), so
made-up URLs add no cache entries. The gunicorn access log leaves query strings out.

Matching is done in memory over the team (already read for the cards, with its relations read
in one query each), so the query count does not grow with the number of clinicians or filters."""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from practice.models.clinician_data import (
    AVAILABILITY_VALID_DAYS,
    IN_PERSON,
    PHONE,
    VIDEO,
)
from practice.page_cache import never_store, query_param
from practice.query_plans import QueryPlan
from practice.us_states import PSYPACT_STATES, US_STATES, state_name

__all__ = ["FINDER_PARAMS", "Finder"]

FINDER_PARAMS = ("concern", "mode", "language", "insurance", "accepting", "state")
MODE_SLUGS = {"in-person": IN_PERSON, "phone": PHONE, "video": VIDEO}
MODE_PHRASES = {IN_PERSON: "In person", PHONE: "Phone", VIDEO: "Video"}
ACCEPTING_VALUE = "yes"
_SELECTED = mark_safe(" selected")


def lower_first(title):
    """'anxiety' for 'Anxiety', but 'OCD' and 'PTSD' stay as they are."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


@dataclass
class Match:
    clinician: object
    reasons: list = field(default_factory=list)


class Finder:
    """The finder's choices (from the team itself) and the team narrowed by a request's GET.

    `clinicians`: the public clinicians, each with its public conditions and its languages
    read beforehand (`public_conditions` and `session_languages`, as `finder_clinicians` gives
    them); `fees_page`: the public Fees page, for clinicians who keep the practice's fees and
    insurance."""

    def __init__(self, clinicians, practice=None, fees_page=None):
        self.clinicians = list(clinicians)
        self.fees_page = fees_page
        self.valid_days = getattr(practice, "availability_valid_days", None) or (
            AVAILABILITY_VALID_DAYS
        )
        self.psypact_states = (
            PSYPACT_STATES if practice is None else list(practice.psypact_states or [])
        )
        concerns, languages, plans = {}, {}, {}
        for clinician in self.clinicians:
            clinician.finder_conditions = list(clinician.public_conditions)
            clinician.finder_languages = list(clinician.session_languages)
            clinician.finder_plans = clinician.plan_names(fees_page)
            clinician.availability_now = clinician.availability(self.valid_days)
            for page in clinician.finder_conditions:
                concerns.setdefault(page.slug, page.title)
            for language in clinician.finder_languages:
                languages.setdefault(slugify(language.name), language.name)
            for plan in clinician.finder_plans:
                plans.setdefault(slugify(plan), plan)
        self.concern_choices = sorted(concerns.items(), key=lambda item: item[1].lower())
        self.mode_choices = [
            (slug, MODE_PHRASES[mode])
            for slug, mode in MODE_SLUGS.items()
            if any(mode in clinician.session_modes for clinician in self.clinicians)
        ]
        self.language_choices = sorted(languages.items(), key=lambda item: item[1])
        self.insurance_choices = sorted(plans.items(), key=lambda item: item[1].lower())
        self.state_choices = list(US_STATES)
        self.selected = {}

    @property
    def shown(self):
        """The finder is offered when there is a choice to make: two clinicians or more."""
        return len(self.clinicians) > 1

    def read(self, request):
        """The valid filters of `request.GET` into `selected`; anything else is ignored, and a
        request carrying it is not stored in the page cache."""
        allowed = {
            "concern": dict(self.concern_choices),
            "mode": dict(self.mode_choices),
            "language": dict(self.language_choices),
            "insurance": dict(self.insurance_choices),
            "accepting": {ACCEPTING_VALUE: "Accepting new clients now"},
            "state": dict(self.state_choices),
        }
        for name in FINDER_PARAMS:
            values = request.GET.getlist(name)
            if not values:
                continue
            value = values[0]
            if len(values) > 1 or (value and value not in allowed[name]):
                never_store(request, f"finder parameter {name}")
                continue
            query_param(request, name)  # the page depends on it: it may be stored under it
            if value:
                self.selected[name] = value
        return self

    @property
    def filtering(self):
        return bool(self.selected)

    @cached_property
    def options(self):
        """Each list's `<option>` elements, the one `read` chose marked selected, by name. Built
        here rather than by a loop in the template: the template tested every option (the 57
        states and the team's lists) for being the chosen one, which cost a quarter of the
        team page's render."""
        lists = {
            "concern": self.concern_choices,
            "mode": self.mode_choices,
            "state": self.state_choices,
            "language": self.language_choices,
            "insurance": self.insurance_choices,
        }
        return {
            name: format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, _SELECTED if self.selected.get(name) == value else "", label)
                    for value, label in choices
                ),
            )
            for name, choices in lists.items()
        }

    def matches(self):
        """Every clinician who meets all the selected filters, with the reasons, in team
        order."""
        return [
            match
            for match in (self.match(clinician) for clinician in self.clinicians)
            if match is not None
        ]

    def match(self, clinician):
        selected, reasons = self.selected, []
        concern = selected.get("concern")
        if concern:
            page = next((p for p in clinician.finder_conditions if p.slug == concern), None)
            if page is None:
                return None
            reasons.append(f"Works with {lower_first(page.title)}")
        state = selected.get("state")
        mode = MODE_SLUGS.get(selected.get("mode", ""))
        if mode == IN_PERSON:
            if not clinician.offers_in_person:
                return None
            office = getattr(clinician, "office", None)
            reasons.append(f"In person at {office.name}" if office else "In person")
        elif mode in (PHONE, VIDEO):
            if mode not in clinician.session_modes:
                return None
            if state:
                if not clinician.sees_clients_in(state, self.psypact_states):
                    return None
                reasons.append(f"{MODE_PHRASES[mode]} in {state_name(state)}")
            else:
                reasons.append(MODE_PHRASES[mode])
        elif state:
            if not clinician.sees_clients_in(state, self.psypact_states):
                return None
            ways = [m for m in (PHONE, VIDEO) if m in clinician.session_modes]
            reasons.append(
                " or ".join(MODE_PHRASES[m] for m in ways).capitalize() + f" in {state_name(state)}"
            )
        language = selected.get("language")
        if language:
            name = next(
                (
                    lang.name
                    for lang in clinician.finder_languages
                    if slugify(lang.name) == language
                ),
                None,
            )
            if name is None:
                return None
            reasons.append(name)
        insurance = selected.get("insurance")
        if insurance:
            plan = next((p for p in clinician.finder_plans if slugify(p) == insurance), None)
            if plan is None:
                return None
            reasons.append(f"In network with {plan}")
        if selected.get("accepting") and not clinician.availability_now.accepting:
            return None
        if selected.get("accepting"):
            reasons.append("Accepting new clients")
        return Match(clinician, reasons)

    def summary(self, count):
        """'2 clinicians match' / '1 clinician matches' / 'No clinician matches'."""
        if count == 0:
            return "No clinician matches all of these"
        if count == 1:
            return "1 clinician matches"
        return f"{count} clinicians match"

    def licensed_anywhere_for(self, state):
        """True when someone on the team may see a client in `state` by phone or video."""
        return any(c.sees_clients_in(state, self.psypact_states) for c in self.clinicians)

    def unlicensed_state_name(self):
        """The chosen state's name when nobody on the team may see a client there, else ''."""
        state = self.selected.get("state")
        if not state or self.licensed_anywhere_for(state):
            return ""
        return state_name(state)


# The team page's clinicians, their public conditions and their languages: the same SQL for
# every request of a site, built once (prefetches built the two relations' queries with the
# ORM on every render: a quarter of the team page's render).
FINDER_CLINICIANS = QueryPlan("the team's clinicians")
FINDER_CONDITIONS = QueryPlan("the team's public conditions")
FINDER_LANGUAGES = QueryPlan("the team's languages")


def _clinicians_queryset(site, path, depth):
    from practice.models import ClinicianPage, public_pages

    children = ClinicianPage.objects.filter(path__startswith=path, depth=depth)  # child_of
    return (
        public_pages(children, site)
        .select_related("photo", "supervisor", "office")
        .order_by("path")
    )


def _conditions_queryset(site, path, depth):
    """The public conditions (`public_pages`) chosen by the pages at `depth` under `path` (the
    team page's children), by title, each row with the id of the page that chose it (a
    condition comes once for each). Chosen by the clinicians, not by a list of their ids, so
    that the SQL is the same whatever the team's size."""
    from django.db.models import F

    from practice.models import ClinicianPage, public_pages

    conditions = ClinicianPage._meta.get_field("conditions").related_model
    chosen = conditions.objects.filter(clinicians__path__startswith=path, clinicians__depth=depth)
    return (
        public_pages(chosen, site)
        .annotate(finder_clinician_id=F("clinicians"))
        .defer_streamfields()
        .order_by("title", "pk")
    )


def _languages_queryset(path, depth):
    """The languages of the pages at `depth` under `path`, by name, each row with the id of the
    page it is chosen by."""
    from django.db.models import F

    from practice.models import ClinicianPage

    languages = ClinicianPage._meta.get_field("languages").related_model
    return (
        languages.objects.filter(clinicians__path__startswith=path, clinicians__depth=depth)
        .annotate(finder_clinician_id=F("clinicians"))
        .order_by(*languages._meta.ordering, "pk")
    )


def finder_clinicians(team_page, request):
    """The team page's public clinicians (`public_pages`) for the cards and the finder, with
    their photos, supervisors and offices, and as `public_conditions` and
    `session_languages` their public conditions (by title) and their languages (by name)."""
    from wagtail.models import Site

    from practice.models import prefetch_renditions

    site = Site.find_for_request(request) if request is not None else None
    key = site.root_page.path if site else None
    values = (team_page.path, team_page.depth + 1)
    clinicians = FINDER_CLINICIANS.rows(
        key, lambda path, depth: _clinicians_queryset(site, path, depth), *values
    )
    # The photos' renditions in one query, only when a photo's markup is not kept yet.
    prefetch_renditions(*(clinician.photo for clinician in clinicians))
    by_id = {clinician.pk: clinician for clinician in clinicians}
    for clinician in clinicians:
        clinician.public_conditions, clinician.session_languages = [], []
    if not by_id:
        return clinicians
    # Rows of a clinician who is not public (not in `by_id`) are left out.
    for page in FINDER_CONDITIONS.rows(
        key, lambda path, depth: _conditions_queryset(site, path, depth), *values
    ):
        if page.finder_clinician_id in by_id:
            by_id[page.finder_clinician_id].public_conditions.append(page)
    for language in FINDER_LANGUAGES.rows(None, _languages_queryset, *values):
        if language.finder_clinician_id in by_id:
            by_id[language.finder_clinician_id].session_languages.append(language)
    return clinicians
