"""The practice's content checks, each a function of a page: what a writer sees in the editor's
"Content checks" panel and in preview, what the Content health report lists, and (for the rules
the practice makes binding) what refuses publication (content_health.gate).

- reading level against the page type's target (ContentStandards), the three longest sentences;
- clinical sign-off of therapy and condition pages: a reviewer, a review within the interval,
  and (when the practice asks for a second reviewer) not the publisher's own sign-off;
- license display wherever a page names a clinician (`page.named_clinicians()`,
  `clinician.license_gaps()`);
- honest claims: the practice's ClaimRule phrases, and statistics with no citation in the same
  section;
- a missing meta description, images without alt text, internal links to pages that are gone
  or not live.

Page classes say which checks apply (`content_checks`) and which setting is their reading
target (`reading_target_setting`)."""

import datetime
import json
import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.utils import timezone

from content_health.readability import page_sections, reading_level

__all__ = [
    "Finding",
    "page_findings",
    "reading_level_refusal",
    "review_refusals",
    "standards",
]

WARN, REFUSE = "warning", "refused"
PAGE_LINK = re.compile(r'linktype=\\?"page\\?"\s+id=\\?"(\d+)\\?"|linktype="page" id="(\d+)"')
STATISTIC = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:%|percent\b)|\b\d+ (?:in|out of) (?:\d+|ten|a hundred)\b", re.I
)
CITATION_MARKER = re.compile(r"\[@[a-z0-9][a-z0-9-]*\]")
APA_501 = (
    "APA Ethics Code 5.01 (avoidance of false or deceptive statements)",
    "https://www.apa.org/ethics/code#501",
)


@dataclass
class Finding:
    check: str  # "reading", "review", "license", "claims", "meta", "alt", "links"
    message: str
    form_field: str = ""  # the form field the writer fixes it in, when there is one
    severity: str = WARN
    rule_name: str = ""
    rule_url: str = ""
    details: list = dc_field(default_factory=list)


def standards():
    """The practice's content standards (Settings → Content standards)."""
    from content_health.models import ContentStandards

    return ContentStandards.load()


def reading_target(page, rules=None):
    name = getattr(page, "reading_target_setting", None)
    if not name:
        return None
    return getattr(rules or standards(), name)


# --- Reading level ------------------------------------------------------------------------------


def reading_finding(page, rules=None):
    target = reading_target(page, rules)
    if target is None:
        return None
    reading = reading_level(page)
    if reading is None or reading.grade <= target:
        return None
    return Finding(
        "reading",
        f"Reading grade {reading.grade_label}, above the target of {target}. Shorter sentences "
        "and everyday words bring it down; the longest sentences are below.",
        form_field="body",
        details=reading.longest,
    )


def reading_level_refusal(page):
    """{"body": message} when the practice blocks publishing above target and the page is."""
    rules = standards()
    if not rules.block_above_target:
        return {}
    finding = reading_finding(page, rules)
    if finding is None:
        return {}
    return {"body": finding.message.split(" Shorter")[0] + ": make it easier to read to publish."}


# --- Clinical sign-off ----------------------------------------------------------------------------


def months_before(day, months):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def review_refusals(page, intent=None, rules=None, today=None):
    """The sign-off a therapy or condition page needs to be published, as {field: message}."""
    rules = rules or standards()
    today = today or timezone.localdate()
    months = rules.review_interval_months
    refusals = {}
    if not page.reviewed_by_id:
        refusals["reviewed_by"] = "Choose the clinician who reviewed this page before publishing."
    if not page.last_reviewed:
        refusals["last_reviewed"] = "Give the day of the last clinical review before publishing."
    elif page.last_reviewed < months_before(today, months):
        refusals["last_reviewed"] = (
            f"The last review is more than {months} months old: review the page again and "
            "give today's date."
        )
    user = getattr(intent, "user", None)
    if (
        rules.second_reviewer
        and user is not None
        and page.reviewed_by_id
        and page.reviewed_by.user_id == user.pk
    ):
        refusals["reviewed_by"] = (
            "The practice asks for a second reviewer: another clinician must review your change."
        )
    return refusals


def review_findings(page, rules=None, today=None):
    today = today or timezone.localdate()
    found = [
        Finding("review", message, form_field=name, severity=REFUSE)
        for name, message in review_refusals(page, rules=rules, today=today).items()
    ]
    due = page.next_review_due
    if due and due < today and "last_reviewed" not in {f.form_field for f in found}:
        found.append(
            Finding(
                "review",
                f"The clinical review was due on {due:%B} {due.day}, {due.year}: ask a "
                "clinician to review the page, then give the new date.",
                form_field="last_reviewed",
            )
        )
    return found


# --- License display ------------------------------------------------------------------------------


def license_findings(page):
    named = getattr(page, "named_clinicians", None)
    if named is None:
        return []
    found = []
    for place, clinician in named():
        license_gaps = getattr(clinician, "license_gaps", None)
        gaps = license_gaps() if license_gaps is not None else []
        if gaps:
            found.append(
                Finding(
                    "license",
                    f"The {place} names {clinician.title} without their {' and '.join(gaps)}.",
                    severity=REFUSE if clinician.pk == page.pk else WARN,
                    rule_name="California BBS: license in every advertisement",
                    rule_url="https://www.bbs.ca.gov/pdf/publications/lawsregs.pdf",
                )
            )
    return found


# --- Honest claims --------------------------------------------------------------------------------


def claim_patterns():
    from content_health.models import ClaimRule

    patterns = []
    for rule in ClaimRule.objects.all():
        words = [re.escape(w).replace(r"\*", r"\w*") for w in rule.phrase.split()]
        patterns.append((re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.I), rule))
    return patterns


def claim_findings(page, patterns=None):
    patterns = claim_patterns() if patterns is None else patterns
    found = []
    for section in page_sections(page):
        text = f"{section.heading}\n{section.text}"
        where = f"“{section.heading}”"
        for pattern, rule in patterns:
            match = pattern.search(text)
            if match:
                found.append(
                    Finding(
                        "claims",
                        f"“{match.group(0)}” in {where}: {rule.why}",
                        rule_name=rule.rule_name,
                        rule_url=rule.rule_url,
                    )
                )
        statistic = STATISTIC.search(section.text)
        if statistic and not CITATION_MARKER.search(section.text):
            found.append(
                Finding(
                    "claims",
                    f"“{statistic.group(0)}” in {where} has no source: cite one in the same "
                    "section with [@its-key], or leave the number out.",
                    rule_name=APA_501[0],
                    rule_url=APA_501[1],
                )
            )
    return found


# --- Meta description, alt text, internal links -------------------------------------------------


def meta_findings(page):
    if page.meta_description.strip():
        return []
    return [
        Finding(
            "meta",
            "No description for search results: write one under Promote → Search description.",
            form_field="search_description",
        )
    ]


def alt_findings(page):
    found = []
    for image in page.get_content_images() if hasattr(page, "get_content_images") else []:
        if image is not None and not (getattr(image, "alt_text", "") or "").strip():
            found.append(Finding("alt", f"The image “{image.title}” has no alt text."))
    return found


def stream_json(page):
    parts = []
    for name in getattr(page, "reading_fields", ("body",)):
        value = getattr(page, name, None)
        if value is None:
            continue
        raw = getattr(value, "raw_data", None)
        parts.append(json.dumps(list(raw)) if raw is not None else str(value))
    return "\n".join(parts)


def link_findings(page):
    from wagtail.models import Page

    ids = {int(a or b) for a, b in PAGE_LINK.findall(stream_json(page))}
    if not ids:
        return []
    live = set(Page.objects.filter(pk__in=ids, live=True).values_list("pk", flat=True))
    return [
        Finding("links", f"A link points to a page that is gone or not live (page {pk}).")
        for pk in sorted(ids - live)
    ]


CHECKS = {
    "reading": lambda page, rules: [f for f in [reading_finding(page, rules)] if f],
    "review": lambda page, rules: review_findings(page, rules),
    "license": lambda page, rules: license_findings(page),
    "claims": lambda page, rules: claim_findings(page),
    "meta": lambda page, rules: meta_findings(page),
    "alt": lambda page, rules: alt_findings(page),
    "links": lambda page, rules: link_findings(page),
}


def page_findings(page, rules=None):
    """Every finding of the checks that apply to this page (its class's `content_checks`)."""
    rules = rules or standards()
    found = []
    for name in getattr(page, "content_checks", ()):
        found += CHECKS[name](page, rules)
    return found
