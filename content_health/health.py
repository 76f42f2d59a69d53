"""The Content health report's rows (PageHealth), kept in step with the site.

A row holds the checks of a live page (content_health.checks) as a visitor reads it. Publishing
only marks rows stale, in two statements per transaction however many pages it publishes
(`mark_stale`: that page; a clinician's profile changes the license flags of every page naming
them, so then every row; the same when the practice changes its Content standards or claim
rules); the report and the dashboard panel check the stale rows again before they read them
(`refresh_stale`). Unpublishing or deleting a page removes its row. `manage.py
refresh_content_health` (run by `seed_demo`) checks every live page. The clinical review's due
date is kept as a date, so "overdue" is decided when the report is read."""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from content_health.checks import page_findings, reading_target, review_refusals, standards
from content_health.readability import reading_level

__all__ = ["attention_q", "mark_stale", "refresh_all", "refresh_page", "refresh_stale"]

COUNTED = {
    "alt": "images_without_alt",
    "links": "broken_links",
    "claims": "claim_flags",
    "license": "license_flags",
}


def attention_q(today=None):
    """Rows needing attention: a finding, or a clinical review due by today."""
    today = today or timezone.localdate()
    return Q(attention=True) | Q(review_due__lt=today)


def health_values(page, rules):
    findings = page_findings(page, rules)
    target = reading_target(page, rules)
    reading = reading_level(page) if target is not None else None
    values = {
        "page_type": page._meta.verbose_name.capitalize(),
        "grade": reading.grade if reading else None,
        "target": target,
        "above_target": bool(reading and reading.grade > target),
        "reviewed": None,
        "review_due": None,
        "meta_missing": any(f.check == "meta" for f in findings),
        "flags": [f.message for f in findings],
    }
    for check, name in COUNTED.items():
        values[name] = sum(1 for f in findings if f.check == check)
    if "review" in getattr(page, "content_checks", ()):
        values["reviewed"] = not review_refusals(page, rules=rules)
        values["review_due"] = page.next_review_due
    values["attention"] = bool(
        values["above_target"]
        or values["reviewed"] is False
        or values["meta_missing"]
        or any(values[name] for name in COUNTED.values())
    )
    return values


def refresh_page(page, rules=None):
    from content_health.models import PageHealth

    page = page.specific
    if not page.live or not getattr(page, "content_checks", ()):
        PageHealth.objects.filter(page_id=page.pk).delete()
        return None
    row, _ = PageHealth.objects.update_or_create(
        page_id=page.pk, defaults={**health_values(page, rules or standards()), "stale": False}
    )
    return row


def mark_stale(page_ids=None):
    """Rows to check again: these pages' (created if missing), or every live page's (None)."""
    from content_health.models import PageHealth

    if page_ids is None:
        page_ids = list(Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True))
        PageHealth.objects.update(stale=True)
    PageHealth.objects.bulk_create(
        [PageHealth(page_id=pk, stale=True) for pk in page_ids], ignore_conflicts=True
    )
    PageHealth.objects.filter(page_id__in=page_ids).update(stale=True)


def refresh_stale():
    """Check the stale rows again (a few after a publish; every one after a profile change)."""
    from content_health.models import PageHealth

    ids = list(PageHealth.objects.filter(stale=True).values_list("page_id", flat=True))
    if not ids:
        return 0
    rules = standards()
    found = set()
    for page in Page.objects.filter(pk__in=ids).specific():
        found.add(page.pk)
        refresh_page(page, rules)
    PageHealth.objects.filter(page_id__in=set(ids) - found).delete()
    return len(ids)


def refresh_all():
    from content_health.models import PageHealth

    rules = standards()
    live = Page.objects.live().filter(depth__gt=1).specific()
    kept = []
    for page in live:
        if refresh_page(page, rules) is not None:
            kept.append(page.pk)
    PageHealth.objects.exclude(page_id__in=kept).delete()
    return len(kept)
