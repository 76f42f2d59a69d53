"""The team's public profiles as one JSON document, at `profiles.json` under the team page
(/team/profiles.json): the practice's own record, from which a directory listing can be fed.

The shape is documented in docs/profiles-json.md and checked against docs/profiles.schema.json;
it is JSON-LD (schema.org: an ItemList of Person) with the finder's facts that schema.org has no
word for under `finder`. Only public clinicians are listed (`public_pages`, through the team
page's own query); availability follows the same rule as the pages: `isAcceptingNewPatients`
is there only when the clinician's answer was confirmed within the practice's limit, and a
stale one says "ask". The page cache stores it as it stores pages (never under a restriction)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from practice.seo.jsonld import SCHEMA_CONTEXT, clinician_person, compact
from practice.us_states import state_name

__all__ = ["FEED_VERSION", "profiles_document", "profiles_response", "profiles_view"]

FEED_VERSION = 1


def clinician_entry(clinician, request, finder):
    """One clinician: their schema.org Person, with the finder's facts."""
    availability = clinician.availability_now
    person = clinician_person(clinician, request)
    psypact = finder.psypact_states
    person.update(
        compact(
            {
                "@id": person.get("url", "") + "#person" if person.get("url") else None,
                "description": clinician.summary,
                "knowsLanguage": [
                    compact({"@type": "Language", "name": lang.name, "alternateName": lang.code})
                    for lang in clinician.finder_languages
                ],
                "knowsAbout": [page.title for page in clinician.finder_conditions],
                "areaServed": [
                    {"@type": "State", "name": state_name(code), "identifier": code}
                    for code in clinician.telehealth_states(psypact)
                ],
            }
        )
    )
    if availability.accepting:
        person["isAcceptingNewPatients"] = True
    else:
        person.pop("isAcceptingNewPatients", None)
    office = clinician.office if clinician.offers_in_person else None
    person["finder"] = compact(
        {
            "availability": compact(
                {
                    "status": availability.code,
                    "label": availability.label,
                    "confirmedOn": availability.confirmed_on.isoformat()
                    if availability.confirmed_on and availability.is_known
                    else None,
                }
            ),
            "sessionModes": clinician.session_modes,
            "licensedStates": list(clinician.licensed_states or []),
            "psypactAuthority": clinician.psypact_authority,
            "telehealthStates": clinician.telehealth_states(psypact),
            "office": office.name if office is not None else None,
            "fees": clinician.fee_text(finder.fees_page),
            "feesArePracticeDefault": clinician.uses_practice_fees,
            "insurance": clinician.finder_plans,
        }
    )
    # Facts even when false or empty.
    person["finder"]["psypactAuthority"] = clinician.psypact_authority
    person["finder"]["feesArePracticeDefault"] = clinician.uses_practice_fees
    person["finder"]["insurance"] = clinician.finder_plans
    person["finder"]["licensedStates"] = list(clinician.licensed_states or [])
    person["finder"]["telehealthStates"] = clinician.telehealth_states(psypact)
    return person


def profiles_document(team_page, request, finder, practice=None):
    """The document: an ItemList of every public clinician, in the team page's order."""
    url = request.build_absolute_uri(team_page.get_url(request=request) or "/")
    name = getattr(practice, "practice_name", "") or team_page.title
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ItemList",
        "version": FEED_VERSION,
        "name": f"Clinicians of {name}",
        "url": url,
        "numberOfItems": len(finder.clinicians),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": clinician_entry(c, request, finder)}
            for position, c in enumerate(finder.clinicians, start=1)
        ],
    }


def profiles_response(document):
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def profiles_view(team_page, request):
    """The feed of `team_page` (its route `profiles.json`), over the finder's public team."""
    from practice.models import PracticeSettings

    practice = PracticeSettings.for_request(request)
    return profiles_response(
        profiles_document(team_page, request, team_page.build_finder(request), practice)
    )
