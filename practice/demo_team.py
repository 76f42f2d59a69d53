"""The demo team beyond its founder: clinicians who differ in how they meet, their languages,
states, availability and insurance, so the finder on /team/ has something to find.

Each clinician is created once, by slug (`get_or_publish`), and never changed afterwards: an
admin's edits are theirs. Dr. Blair (made in `practice.demo`) gets her finder details only while
they are untouched (no licensed state, no language yet). The conditions, therapies and groups
each clinician works with are chosen in `therapy_pages.demo`, which owns those pages."""

from practice.demo_dates import days_ago
from practice.models import ClinicianPage, Language, OfficeLocation

__all__ = ["DEMO_TEAM", "LANGUAGES", "seed_team"]

# Name -> language tag, made once each (get_or_create by name).
LANGUAGES = {"English": "en", "Spanish": "es", "Hindi": "hi", "Korean": "ko"}

BLAIR_SLUG = "dr-cassidy-blair"
BLAIR_FINDER = {
    "licensed_states": ["CA"],
    "offers_in_person": True,
    "offers_phone": False,
    "offers_video": True,
    "languages": ["English"],
    "accepting_new_clients": "yes",
    "confirmed_days_ago": 4,
    "uses_practice_fees": True,
}

# slug -> the page's fields; "languages" by name, "confirmed_days_ago" for the day availability
# was last confirmed, "supervisor" by slug (made earlier in this list).
DEMO_TEAM = {
    "dr-sofia-navarro": {
        "title": "Dr. Sofia Navarro",
        "credentials": "Psy.D.",
        "role": "Licensed Clinical Psychologist",
        "license_type": "PSY",
        "license_number": "27514",
        "licensed_states": ["CA"],
        "offers_in_person": True,
        "offers_phone": False,
        "offers_video": True,
        "languages": ["English", "Spanish"],
        "accepting_new_clients": "yes",
        "confirmed_days_ago": 2,
        "uses_practice_fees": False,
        "fee_low": 160,
        "fee_high": 220,
        "insurance_plans": "Aetna\nCigna",
        "summary": "CBT for adults who feel worried or low. Sessions in English or Spanish, at "
        "our West Los Angeles office or by video.",
        "bio": "<p>Dr. Navarro is a clinical psychologist. She works with adults who feel "
        "worried, stuck or low. She sees clients in English and in Spanish.</p>"
        "<p>Her sessions are calm and practical. Together you set clear goals. You try new "
        "skills between sessions, at a pace that feels right to you.</p>",
    },
    "marcus-webb": {
        "title": "Marcus Webb",
        "credentials": "LMFT",
        "role": "Licensed Marriage and Family Therapist",
        "license_type": "LMFT",
        "license_number": "104862",
        "licensed_states": ["CA", "NY"],
        "offers_in_person": False,
        "offers_phone": True,
        "offers_video": True,
        "languages": ["English"],
        "accepting_new_clients": "waitlist",
        "confirmed_days_ago": 9,
        "uses_practice_fees": True,
        "summary": "Therapy for couples, and for adults who want their close ties to feel "
        "better. By phone or by video, for clients in California or New York.",
        "bio": "<p>Marcus is a marriage and family therapist. He works with couples, and with "
        "adults who want their close ties to feel better.</p>"
        "<p>He meets clients by phone or by video. Together you look at the patterns that keep "
        "coming back. Then you try new ways to talk and to listen.</p>",
    },
    "dr-priya-raman": {
        "title": "Dr. Priya Raman",
        "credentials": "Ph.D.",
        "role": "Licensed Psychologist",
        "license_type": "PSY",
        "license_number": "29873",
        "licensed_states": ["CA", "AZ"],
        "psypact_authority": True,
        "offers_in_person": True,
        "offers_phone": True,
        "offers_video": True,
        "languages": ["English", "Hindi"],
        "accepting_new_clients": "yes",
        "confirmed_days_ago": 45,
        "uses_practice_fees": True,
        "summary": "Therapy for adults who live with worry, or with hard things from the past. "
        "In person, by phone or by video.",
        "bio": "<p>Dr. Raman is a psychologist. She works with adults who live with worry, or "
        "with hard things that happened in the past. She sees clients in English and in "
        "Hindi.</p>"
        "<p>She goes at your pace. Sessions may mix practical skills with time to talk about "
        "what the past still means for you today.</p>",
    },
    "jordan-lee": {
        "title": "Jordan Lee",
        "credentials": "MA",
        "role": "Associate Marriage and Family Therapist",
        "license_status": "associate",
        "license_type": "AMFT",
        "license_number": "139027",
        "supervisor": "marcus-webb",
        "licensed_states": ["CA"],
        "offers_in_person": False,
        "offers_phone": False,
        "offers_video": True,
        "languages": ["English", "Korean"],
        "accepting_new_clients": "yes",
        "confirmed_days_ago": 6,
        "uses_practice_fees": False,
        "fee_low": 90,
        "fee_high": 140,
        "insurance_plans": "",
        "summary": "Video sessions for students and young adults who feel low, or stressed "
        "about school and work. In English or Korean.",
        "bio": "<p>Jordan is an associate marriage and family therapist. A licensed therapist on "
        "our team supervises her work. She sees students and young adults who feel low, tired "
        "or unsure of their next step.</p>"
        "<p>Sessions are by video, in English or Korean. Together you find small, clear steps "
        "that fit your week.</p>",
    },
}


def demo_languages(command=None):
    """The demo's Language rows by name, made once each."""
    languages = {}
    for name, code in LANGUAGES.items():
        language, created = Language.objects.get_or_create(name=name, defaults={"code": code})
        languages[name] = language
        if created and command is not None:
            command.record(f"language: {name}")
    return languages


def finder_fields(spec, languages, office, pages):
    """The page's fields from a spec of DEMO_TEAM (or BLAIR_FINDER)."""
    fields = {
        key: value
        for key, value in spec.items()
        if key not in ("languages", "confirmed_days_ago", "supervisor")
    }
    fields["availability_confirmed_on"] = days_ago(spec["confirmed_days_ago"])
    fields["office"] = office if spec["offers_in_person"] else None
    if "supervisor" in spec:
        fields["supervisor"] = pages.get(spec["supervisor"])
    fields["languages"] = [languages[name] for name in spec["languages"]]
    return fields


def update_blair(team_page, languages, office, command=None):
    """Dr. Blair's finder details, while nobody has given any (and no draft is pending)."""
    blair = ClinicianPage.objects.child_of(team_page).filter(slug=BLAIR_SLUG).first()
    if blair is None or blair.licensed_states or blair.has_unpublished_changes:
        return blair
    if blair.languages.exists():
        return blair
    for name, value in finder_fields(BLAIR_FINDER, languages, office, {}).items():
        setattr(blair, name, value)
    blair.save_revision().publish()
    if command is not None:
        command.record(f"clinician finder details: {blair.title}")
    return blair


def seed_team(team_page, command=None):
    """Create the demo clinicians that are missing; returns every demo clinician by slug."""
    from practice.demo import get_or_publish  # practice.demo imports this module

    languages = demo_languages(command)
    office = OfficeLocation.objects.order_by("sort_order", "pk").first()
    pages = {}
    blair = update_blair(team_page, languages, office, command)
    if blair is not None:
        pages[BLAIR_SLUG] = blair
    for slug, spec in DEMO_TEAM.items():
        page = ClinicianPage(slug=slug, **finder_fields(spec, languages, office, pages))
        pages[slug] = get_or_publish(team_page, page, command)
    return pages
