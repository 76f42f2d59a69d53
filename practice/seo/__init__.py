"""Being found: breadcrumbs, link-preview tags, schema.org structured data, the sitemap and
robots.txt, one module per role:

- `meta`: breadcrumbs and the head's meta and link-preview tags (Open Graph, Twitter card);
- `jsonld`: the JSON-LD blocks (the practice, the breadcrumbs, what a page says of itself);
- `sitemap`: /sitemap.xml (`PageSitemap`);
- `robots`: /robots.txt.

The views (`practice.seo.sitemap.sitemap`, `practice.seo.robots.robots_txt`) are imported from
their modules; the data helpers are re-exported here.
"""

from practice.seo.jsonld import (
    SCHEMA_CONTEXT,
    breadcrumb_list,
    clinician_accepting,
    clinician_area_served,
    clinician_languages,
    clinician_office,
    clinician_person,
    clinician_profile,
    compact,
    iso_date,
    json_ld_scripts,
    office_place,
    opening_hours_specification,
    postal_address,
    practice_id,
    practice_reference,
    practice_structured_data,
    public_foreign_page,
    site_root_url,
    structured_data,
)
from practice.seo.meta import (
    SOCIAL_IMAGE_FILTER,
    breadcrumb_trail,
    canonical_url,
    page_description,
    page_meta,
    social_image,
    view_meta,
)

__all__ = [
    "SCHEMA_CONTEXT",
    "SOCIAL_IMAGE_FILTER",
    "breadcrumb_list",
    "breadcrumb_trail",
    "canonical_url",
    "clinician_accepting",
    "clinician_area_served",
    "clinician_languages",
    "clinician_office",
    "clinician_person",
    "clinician_profile",
    "compact",
    "iso_date",
    "json_ld_scripts",
    "office_place",
    "opening_hours_specification",
    "page_description",
    "page_meta",
    "postal_address",
    "practice_id",
    "practice_reference",
    "practice_structured_data",
    "public_foreign_page",
    "site_root_url",
    "social_image",
    "structured_data",
    "view_meta",
]
