"""What therapy and condition pages say of themselves in JSON-LD: a MedicalWebPage about the
therapy or condition, reviewed by a clinician (named only when their profile is public),
published by the practice."""

from practice.seo import (
    SCHEMA_CONTEXT,
    canonical_url,
    clinician_person,
    compact,
    iso_date,
    practice_reference,
    public_foreign_page,
)


def medical_web_page(page, request, practice, about_type):
    """A therapy or condition page as a MedicalWebPage `about` a `about_type` (schema.org's
    "PsychologicalTreatment", "MedicalCondition")."""
    reviewer = public_foreign_page(page, "reviewed_by", request)
    return compact(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "MedicalWebPage",
            "name": page.meta_title,
            "description": page.meta_description,
            "url": canonical_url(page, request),
            "about": {"@type": about_type, "name": page.title},
            "reviewedBy": clinician_person(reviewer, request) if reviewer else None,
            "lastReviewed": iso_date(getattr(page, "last_reviewed", None)),
            "publisher": practice_reference(request, practice),
        }
    )
