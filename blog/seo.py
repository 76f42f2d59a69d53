"""What a blog post says of itself in JSON-LD: a BlogPosting by its author (named only when
their profile is public), published by the practice."""

from practice.seo import (
    SCHEMA_CONTEXT,
    canonical_url,
    clinician_person,
    compact,
    iso_date,
    practice_reference,
    public_foreign_page,
    social_image,
)


def blog_posting(page, request, practice):
    """The post as a schema.org BlogPosting."""
    image = social_image(page, request)
    author = public_foreign_page(page, "author", request)
    url = canonical_url(page, request)
    return compact(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "BlogPosting",
            "headline": page.title,
            "description": page.meta_description,
            "datePublished": iso_date(page.date),
            "dateModified": iso_date(page.last_published_at) or iso_date(page.date),
            "url": url,
            "mainEntityOfPage": url,
            "image": image["url"] if image else None,
            "author": clinician_person(author, request) if author else None,
            "publisher": practice_reference(request, practice),
        }
    )
