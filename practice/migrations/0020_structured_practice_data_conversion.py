"""Once: the free-text address and opening hours become fields.

The readers below are the regular expressions practice/seo/jsonld.py used to guess structured
data from the text, frozen here for this one conversion; nothing reads the text any more.

- Opening hours: "Monday through Friday" / "8 a.m. – 9 p.m." becomes the days chosen and the two
  times. A line whose days or times cannot be read unambiguously keeps its words as the line's
  note (shown to visitors as before, left out of the structured data), so nothing is lost.
- Address: a complete address (street, "Town, State ZIP") becomes an office, the practice's main
  office; lines that are neither street nor locality ("We share the full address when you
  book.") become the address note. An address without a ZIP code or a recognisable state makes
  no office: the whole text becomes the note, still shown in the footer, for the admin to turn
  into an office under Snippets → Office locations.
"""

import re
import uuid

from django.db import migrations

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY_NAMES = {day.lower(): day for day in DAYS} | {day[:3].lower(): day for day in DAYS}
_DAY_GROUPS = {
    "weekdays": DAYS[:5],
    "weekends": DAYS[5:],
    "weekend": DAYS[5:],
    "every day": DAYS,
    "daily": DAYS,
    "7 days a week": DAYS,
}
_RANGE_SEPARATOR = r"\s*(?:–|—|-|to|through|thru|until|till)\s*"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_HOURS_RE = re.compile(rf"^{_TIME}{_RANGE_SEPARATOR}{_TIME}$", re.IGNORECASE)
# "Los Angeles, CA 90025", "West Los Angeles, California"
_LOCALITY_RE = re.compile(
    r"^(?P<locality>[^,\d]+?),\s*(?P<region>[^,\d]+?)(?:\s+(?P<postal>\d{5}(?:-\d{4})?))?$"
)
NOTE_MAX = 160
ADDRESS_NOTE_MAX = 300


def parse_days(text):
    """The days named by "Monday through Friday", "Saturday and Sunday", "Mon, Wed, Fri" or
    "Weekends", in order; None for anything else (nothing is guessed)."""
    text = " ".join((text or "").lower().replace(".", "").split())
    if text in _DAY_GROUPS:
        return list(_DAY_GROUPS[text])
    span = re.fullmatch(rf"(\w+){_RANGE_SEPARATOR}(\w+)", text)
    if span and span[1] in _DAY_NAMES and span[2] in _DAY_NAMES:
        first, last = DAYS.index(_DAY_NAMES[span[1]]), DAYS.index(_DAY_NAMES[span[2]])
        return DAYS[first : last + 1] if first <= last else None
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
    return f"{hour:02d}:{minute:02d}:00"


def parse_hours(text):
    """("08:00:00", "21:00:00") for "8 am - 9 pm", "8:30am-5pm" or "09:00-17:00"; None for
    anything else ("By appointment"; "9 - 5 pm", which could be morning or evening)."""
    match = _HOURS_RE.match(" ".join((text or "").split()))
    if match is None:
        return None
    h1, m1, ap1, h2, m2, ap2 = match.groups()
    if not ((ap1 and ap2) or (not ap1 and not ap2 and m1 and m2)):
        return None
    opens, closes = _clock(h1, m1, ap1), _clock(h2, m2, ap2)
    if not (opens and closes) or closes <= opens:
        return None
    return opens, closes


def convert_hours_line(days_text, hours_text):
    """An old line ({"days": text, "hours": text}) as the new block's value: days (lowercase
    names), opens and closes ("HH:MM:SS") and a note for whatever could not be read."""
    days_text, hours_text = (days_text or "").strip(), (hours_text or "").strip()
    days, hours = parse_days(days_text), parse_hours(hours_text)
    value = {"days": [], "opens": None, "closes": None, "note": ""}
    if days:
        value["days"] = [day.lower() for day in days]
        if hours:
            value["opens"], value["closes"] = hours
        else:
            value["note"] = (hours_text or days_text)[:NOTE_MAX]
    else:
        value["note"] = ": ".join(part for part in (days_text, hours_text) if part)[:NOTE_MAX]
    return value


def convert_hours(raw_data):
    """The stored opening hours (raw StreamField data) with each old line converted; lines
    already in the new shape are kept as they are."""
    hours = []
    for block in raw_data or []:
        value = block.get("value") or {}
        if block.get("type") == "hours" and "hours" in value and "opens" not in value:
            value = convert_hours_line(value.get("days"), value.get("hours"))
        hours.append({"type": "hours", "value": value, "id": block.get("id") or str(uuid.uuid4())})
    return hours


def state_code(text, states):
    """'CA' for 'CA', 'ca' or 'California'; None when it is no US state."""
    text = (text or "").strip().rstrip(".")
    by_name = {name.lower(): code for code, name in states}
    if text.upper() in dict(states):
        return text.upper()
    return by_name.get(text.lower())


def convert_address(text, states):
    """(office fields or None, note) from the free-text address, one part per line. An office
    needs a locality line with a US state and a ZIP code; the street is the lines starting with
    a number (none: the office's street is left for the admin and not shown). Every other line
    is the note; with no office, the note is the whole address."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    street, locality, rest = [], None, []
    for line in lines:
        if line[:1].isdigit():
            street.append(line.rstrip("."))
        elif locality is None and (match := _LOCALITY_RE.match(line.rstrip("."))):
            locality = match
        else:
            rest.append(line)
    code = state_code(locality["region"], states) if locality else None
    if locality is None or code is None or not locality["postal"]:
        return None, " ".join(lines)[:ADDRESS_NOTE_MAX]
    city = locality["locality"].strip()
    office = {
        "name": f"{city} office"[:80],
        "street_address": ", ".join(street)[:160],
        "city": city[:80],
        "state": code,
        "postal_code": locality["postal"],
        "show_street_address": bool(street),
    }
    return office, " ".join(rest)[:ADDRESS_NOTE_MAX]


def forwards(apps, schema_editor):
    from practice.us_states import US_STATES

    PracticeSettings = apps.get_model("practice", "PracticeSettings")
    OfficeLocation = apps.get_model("practice", "OfficeLocation")
    for practice in PracticeSettings.objects.all():
        practice.opening_hours = convert_hours(practice.opening_hours.raw_data)
        office_fields, note = convert_address(practice.address, US_STATES)
        if office_fields is not None and practice.main_office_id is None:
            office = OfficeLocation.objects.filter(
                street_address=office_fields["street_address"],
                city=office_fields["city"],
                state=office_fields["state"],
                postal_code=office_fields["postal_code"],
            ).first() or OfficeLocation.objects.create(**office_fields)
            practice.main_office = office
        if note and not practice.address_note:
            practice.address_note = note
        practice.save(update_fields=["opening_hours", "main_office", "address_note"])


def _time_words(text):
    hour, minute = (int(part) for part in text.split(":")[:2])
    suffix = "a.m." if hour < 12 else "p.m."
    hour = hour % 12 or 12
    return f"{hour}:{minute:02d} {suffix}" if minute else f"{hour} {suffix}"


def backwards(apps, schema_editor):
    """The fields as text again (the old shape), so the migration can be unapplied."""
    PracticeSettings = apps.get_model("practice", "PracticeSettings")
    for practice in PracticeSettings.objects.all():
        hours = []
        for block in practice.opening_hours.raw_data:
            value = block.get("value") or {}
            if "opens" in value:
                days = ", ".join(day.capitalize() for day in value.get("days") or [])
                times = ""
                if value.get("opens") and value.get("closes"):
                    times = f"{_time_words(value['opens'])} – {_time_words(value['closes'])}"
                words = " ".join(part for part in (times, value.get("note") or "") if part)
                value = {"days": (days or value.get("note") or "")[:60], "hours": words[:60]}
            hours.append({"type": "hours", "value": value, "id": block.get("id")})
        practice.opening_hours = hours
        lines = []
        office = practice.main_office
        if office is not None:
            if office.street_address:
                lines.append(office.street_address)
            lines.append(f"{office.city}, {office.state} {office.postal_code}")
        if practice.address_note:
            lines.append(practice.address_note)
        practice.address = "\n".join(lines)
        practice.save(update_fields=["opening_hours", "address"])


class Migration(migrations.Migration):
    dependencies = [("practice", "0019_structured_practice_data")]

    operations = [migrations.RunPython(forwards, backwards)]
