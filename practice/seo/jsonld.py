"""schema.org structured data (JSON-LD): the practice as a MedicalClinic on every page, the
breadcrumbs as a BreadcrumbList, and what each page says of itself.

A page describes itself through its `get_structured_data(request, practice)` (BasePage's says
nothing); the builders here are the parts page types share (the practice as publisher, a
clinician as a Person), so an app above this one composes its pages' objects from them without
`practice` knowing its models."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from practice.seo.meta import breadcrumb_trail, canonical_url, social_image
from practice.us_states import PSYPACT_STATES, state_name

SCHEMA_CONTEXT = "https://schema.org"

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_scripts(objects):
    """`<script type="application/ld+json">` data blocks, one per object. "<", ">" and "&" are
    written as JSON escapes, so no text an editor types can close the block."""
    blocks = [
        json.dumps(obj, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
        for obj in objects
        if obj
    ]
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        ((mark_safe(block),) for block in blocks),  # noqa: S308 - escaped above
    )


def compact(data):
    """The dict without its empty values: schema.org properties are optional, never blank."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def site_root_url(request):
    return request.build_absolute_uri("/")


def practice_id(request):
    """The practice's node id, so pages can point at it instead of repeating it."""
    return site_root_url(request) + "#practice"


def practice_reference(request, practice):
    return compact(
        {
            "@type": "MedicalClinic",
            "@id": practice_id(request),
            "name": getattr(practice, "practice_name", ""),
        }
    )


def postal_address(office):
    """A PostalAddress from an office's fields (OfficeLocation). The street only when the office
    shows it publicly; otherwise the city, state and ZIP code alone. None without an office."""
    if office is None:
        return None
    return compact(
        {
            "@type": "PostalAddress",
            "streetAddress": office.public_street_address,
            "addressLocality": office.city,
            "addressRegion": office.state,
            "postalCode": office.postal_code,
            "addressCountry": "US",
        }
    )


def office_place(office):
    """An office as a Place with its (public) address."""
    if office is None:
        return None
    return compact({"@type": "Place", "name": office.name, "address": postal_address(office)})


def _schema_time(value):
    return value.strftime("%H:%M") if value else None


def opening_hours_specification(opening_hours):
    """One OpeningHoursSpecification per line of the opening hours with days and both times
    (OpeningHoursBlock); a line's note is its description. A line with only a note ("By
    appointment") says nothing a machine could use and is left out."""
    specs = []
    for block in opening_hours or []:
        value = block.value
        if not value.is_structured:
            continue
        specs.append(
            compact(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [
                        f"{SCHEMA_CONTEXT}/{day.capitalize()}" for day in value.days_in_order
                    ],
                    "opens": _schema_time(value.get("opens")),
                    "closes": _schema_time(value.get("closes")),
                    "description": (value.get("note") or "").strip(),
                }
            )
        )
    return specs


def practice_structured_data(request, practice):
    """The practice as a MedicalClinic (a medical organisation and a local business), on every
    page."""
    if practice is None or not getattr(practice, "practice_name", ""):
        return None
    root = site_root_url(request)
    return compact(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "MedicalClinic",
            "@id": practice_id(request),
            "name": practice.practice_name,
            "url": root,
            "telephone": practice.phone,
            "email": practice.email,
            # The main office is read with the settings (their `select_related`): no query here.
            "address": postal_address(practice.main_office),
            "openingHoursSpecification": opening_hours_specification(practice.opening_hours),
            # The practice-wide switch, the admin's own word: true only for "yes", false for the
            # waitlist or "no" (the clinicians' own, dated answers are on their profiles).
            "isAcceptingNewPatients": practice.accepting_new_clients == "yes",
            "sameAs": [block.value.get("url") for block in practice.social_links or []],
        }
    )


def breadcrumb_list(page, request):
    """The breadcrumbs as a BreadcrumbList: the same trail as the visible one."""
    trail = breadcrumb_trail(page, request)
    if not trail:
        return None
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb["title"],
                "item": crumb["absolute_url"],
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def _absolute_page_url(page, request):
    if not page.live:
        return ""
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if url else ""


def clinician_person(clinician, request, image=None):
    """A clinician as a schema.org Person with their credentials and license: the license's
    board title, number and, for an associate or registered intern, their supervisor (as the
    board asks wherever the clinician is named)."""
    credentials = []
    if clinician.credentials:
        credentials.append(
            {"@type": "EducationalOccupationalCredential", "name": clinician.credentials}
        )
    if clinician.license_type and clinician.license_number:
        credentials.append(
            compact(
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "license",
                    "name": clinician.license,
                    "identifier": clinician.license_number,
                    "description": clinician.license_statement,
                    "recognizedBy": license_board(clinician.license_type),
                }
            )
        )
    supervisor = None
    if clinician.is_supervised and clinician.supervision:
        if clinician.supervisor is not None:
            supervisor = compact(
                {
                    "@type": "Person",
                    "name": clinician.supervisor.display_name,
                    "identifier": clinician.supervisor.license or None,
                }
            )
        else:
            supervisor = compact(
                {
                    "@type": "Person",
                    "name": clinician.supervisor_name,
                    "identifier": clinician.supervisor_license or None,
                }
            )
    return compact(
        {
            "@type": "Person",
            "name": clinician.display_name,
            "alternateName": clinician.full_licensed_name,
            "jobTitle": clinician.role,
            "url": _absolute_page_url(clinician, request),
            "image": image["url"] if image else None,
            "hasCredential": credentials,
            # schema.org has no "supervisor": an associate's supervisor is a colleague here,
            # and named in words in the license's description.
            "colleague": supervisor,
        }
    )


# The California boards that issue the licenses of LICENSE_TITLES (practice.models.team).
LICENSE_BOARDS = {
    "PSY": "California Board of Psychology",
    "PSB": "California Board of Psychology",
    **dict.fromkeys(
        ("LMFT", "LCSW", "LPCC", "LEP", "AMFT", "ASW", "APCC"),
        "California Board of Behavioral Sciences",
    ),
}


def license_board(license_type):
    name = LICENSE_BOARDS.get((license_type or "").strip().upper())
    return {"@type": "Organization", "name": name} if name else None


def iso_date(value):
    """A date or datetime as ISO 8601, None for none."""
    return value.isoformat() if value else None


def public_foreign_page(page, name, request):
    """The page a foreign key of `page` points to, only when it is public (BasePage's
    `public_foreign_page`): structured data never names a restricted profile."""
    get_page = getattr(page, "public_foreign_page", None)
    return get_page(name, request) if get_page is not None else None


def clinician_languages(clinician):
    """The languages they hold sessions in, as schema.org Language objects (the tag, when the
    editor gave one, as its alternateName: 'es'): as the page read them (`session_languages`),
    else from the relation."""
    languages = getattr(clinician, "session_languages", None)
    if languages is None:
        languages = clinician.languages.all()
    return [
        compact({"@type": "Language", "name": language.name, "alternateName": language.code})
        for language in languages
    ]


def clinician_office(clinician, practice=None):
    """The clinician's office; the practice's main office (read with the settings) when it is
    that one, so the common case costs no query."""
    office_id = getattr(clinician, "office_id", None)
    if office_id is None:
        return None
    main = getattr(practice, "main_office", None) if practice is not None else None
    if main is not None and main.pk == office_id:
        return main
    return clinician.office


def clinician_area_served(clinician, psypact_states=PSYPACT_STATES, office=None):
    """The states where they may see clients, as schema.org States: those of their license and,
    with PSYPACT's authority, the compact's (by phone or video), and their office's state (in
    person)."""
    codes = list(clinician.telehealth_states(psypact_states))
    if office is not None and clinician.offers_in_person and office.state not in codes:
        codes.insert(0, office.state)
    return [{"@type": "State", "name": state_name(code), "alternateName": code} for code in codes]


def clinician_accepting(clinician, valid_days=None):
    """True or False when their answer was confirmed within `valid_days` (the model's default
    limit when None); None (said nothing) when it is stale or was never confirmed: a stale
    "yes" is never told to search engines."""
    availability = clinician.availability(valid_days) if valid_days else clinician.availability()
    return availability.accepting if availability.is_known else None


def clinician_profile(page, request, practice):
    """A clinician's profile page: a Person (credentials, languages, where they work) who is
    also the practice's MedicalBusiness for search engines, so that the areas served and whether
    they take new clients (only when confirmed recently) are properties schema.org knows."""
    person = clinician_person(page, request, image=social_image(page, request))
    person["@type"] = ["Person", "MedicalBusiness"]
    person["url"] = canonical_url(page, request)
    valid_days = getattr(practice, "availability_valid_days", None)
    psypact_states = getattr(practice, "psypact_states", None)
    if psypact_states is None:
        psypact_states = PSYPACT_STATES
    office = clinician_office(page, practice)
    person.update(
        compact(
            {
                "knowsLanguage": clinician_languages(page),
                "workLocation": office_place(office),
                "address": postal_address(office),
                "areaServed": clinician_area_served(page, psypact_states, office),
                "isAcceptingNewPatients": clinician_accepting(page, valid_days),
            }
        )
    )
    if practice is not None and getattr(practice, "practice_name", ""):
        person["worksFor"] = practice_reference(request, practice)
    return {"@context": SCHEMA_CONTEXT, **person}


def structured_data(page, request, practice=None):
    """Every JSON-LD object for a response: the practice, the breadcrumbs and the page's own
    (its `get_structured_data`: each page type says what it is)."""
    if request is None:
        return []
    objects = [practice_structured_data(request, practice)]
    if page is not None:
        objects.append(breadcrumb_list(page, request))
        get_data = getattr(page, "get_structured_data", None)
        if get_data is not None:
            objects += get_data(request, practice)
    return [obj for obj in objects if obj]
