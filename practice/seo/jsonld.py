"""schema.org structured data (JSON-LD): the practice as a MedicalClinic on every page, the
breadcrumbs as a BreadcrumbList, and what each page says of itself.

A page describes itself through its `get_structured_data(request, practice)` (BasePage's says
nothing); the builders here are the parts page types share (the practice as publisher, a
clinician as a Person), so an app above this one composes its pages' objects from them without
`practice` knowing its models."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from practice.seo.meta import breadcrumb_trail, canonical_url, social_image

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


# "Los Angeles, CA 90025", "West Los Angeles, California"
_LOCALITY_RE = re.compile(
    r"^(?P<locality>[^,\d]+?),\s*(?P<region>[^,\d]+?)(?:\s+(?P<postal>\d{5}(?:-\d{4})?))?$"
)


def postal_address(text):
    """A PostalAddress from the free-text address, one part per line. Lines starting with a
    number are the street; a "Town, Region[ ZIP]" line is the locality. Lines that are neither
    (a note such as "We share the full address when you book") are left out rather than
    guessed at. None when nothing could be read."""
    lines = [line.strip().rstrip(".") for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return None
    street = [line for line in lines if line[:1].isdigit()]
    locality = next(
        (match for line in lines if not line[:1].isdigit() and (match := _LOCALITY_RE.match(line))),
        None,
    )
    if not street and locality is None:
        # "West Los Angeles\nCalifornia": the parts on lines of their own.
        locality = _LOCALITY_RE.match(", ".join(lines))
        if locality is None:
            street = [", ".join(lines)]
    address = {"@type": "PostalAddress", "streetAddress": ", ".join(street)}
    if locality is not None:
        address["addressLocality"] = locality["locality"].strip()
        address["addressRegion"] = locality["region"].strip()
        address["postalCode"] = locality["postal"]
    return compact(address)


_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY_NAMES = {day.lower(): day for day in _DAYS} | {day[:3].lower(): day for day in _DAYS}
_DAY_GROUPS = {
    "weekdays": _DAYS[:5],
    "weekends": _DAYS[5:],
    "weekend": _DAYS[5:],
    "every day": _DAYS,
    "daily": _DAYS,
    "7 days a week": _DAYS,
}
_RANGE_SEPARATOR = r"\s*(?:–|—|-|to|through|thru|until|till)\s*"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_HOURS_RE = re.compile(rf"^{_TIME}{_RANGE_SEPARATOR}{_TIME}$", re.IGNORECASE)


def parse_days(text):
    """The days named by "Monday through Friday" (or "to"), "Saturday and Sunday", "Mon, Wed, Fri" or
    "Weekends", in order; None for anything else (nothing is guessed)."""
    text = " ".join((text or "").lower().replace(".", "").split())
    if text in _DAY_GROUPS:
        return list(_DAY_GROUPS[text])
    span = re.fullmatch(rf"(\w+){_RANGE_SEPARATOR}(\w+)", text)
    if span and span[1] in _DAY_NAMES and span[2] in _DAY_NAMES:
        first, last = _DAYS.index(_DAY_NAMES[span[1]]), _DAYS.index(_DAY_NAMES[span[2]])
        if first <= last:
            return _DAYS[first : last + 1]
        return None
    words = [word for word in re.split(r"\s*(?:,|&|\band\b)\s*", text) if word]
    if words and all(word in _DAY_NAMES for word in words):
        return [_DAY_NAMES[word] for word in words]
    return None


def _clock(hour, minute, meridiem):
    hour, minute = int(hour), int(minute or 0)
    meridiem = (meridiem or "").lower().replace(".", "")
    if minute > 59 or hour > 23 or (meridiem and not 1 <= hour <= 12):
        return None
    if meridiem == "pm" and hour != 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def parse_hours(text):
    """("08:00", "21:00") for "8 am - 9 pm" (any dash or "to"), "8:30am-5pm" or "09:00-17:00";
    None for anything else: "By appointment", or "9 - 5 pm", which could mean either 9 in the morning or
    evening. Both ends need am/pm, or both are 24-hour times."""
    match = _HOURS_RE.match(" ".join((text or "").split()))
    if match is None:
        return None
    h1, m1, ap1, h2, m2, ap2 = match.groups()
    twelve_hour = bool(ap1 and ap2)
    twenty_four_hour = not ap1 and not ap2 and bool(m1 and m2)
    if not (twelve_hour or twenty_four_hour):
        return None
    opens = _clock(h1, m1, ap1)
    closes = _clock(h2, m2, ap2)
    return (opens, closes) if opens and closes else None


def opening_hours_specification(opening_hours):
    """One OpeningHoursSpecification per line of the opening hours. The editor's words are kept
    as the description; days and times are added only when they read unambiguously."""
    specs = []
    for block in opening_hours or []:
        value = block.value
        days_text, hours_text = value.get("days", ""), value.get("hours", "")
        spec = {
            "@type": "OpeningHoursSpecification",
            "description": ": ".join(part for part in (days_text, hours_text) if part),
        }
        days, hours = parse_days(days_text), parse_hours(hours_text)
        if days and hours:
            spec["dayOfWeek"] = [f"{SCHEMA_CONTEXT}/{day}" for day in days]
            spec["opens"], spec["closes"] = hours
        specs.append(spec)
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
            "address": postal_address(practice.address),
            "openingHoursSpecification": opening_hours_specification(practice.opening_hours),
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


def clinician_profile(page, request, practice):
    """A clinician's profile page as a Person working for the practice."""
    person = clinician_person(page, request, image=social_image(page, request))
    person["url"] = canonical_url(page, request)
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
