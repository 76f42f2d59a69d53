"""The US states (with the District of Columbia) by their postal codes, and the PSYPACT compact's
member states: where a psychologist holding PSYPACT's Authority to Practice Interjurisdictional
Telepsychology (APIT) may see clients by video or phone without a license of that state.

PSYPACT's list grows as legislatures enact the compact. `PSYPACT_STATES` is the default of the
practice's own list (Practice details → Telehealth), which the admin keeps up to date from
https://psypact.org; nothing here is read at run time but through that setting."""

__all__ = ["PSYPACT_STATES", "STATE_NAMES", "US_STATES", "state_name"]

US_STATES = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]
STATE_NAMES = dict(US_STATES)

# Member states whose compact law is in effect (PSYPACT Commission's map). California, New York,
# Oregon and a few others are not members: a psychologist licensed only there holds no APIT.
PSYPACT_STATES = [
    "AL", "AZ", "AR", "CO", "CT", "DE", "DC", "GA", "ID", "IL", "IN", "KS", "KY", "ME", "MD",
    "MN", "MO", "NE", "NV", "NH", "NJ", "NC", "OH", "OK", "PA", "RI", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip


def state_name(code):
    """'California' for 'CA'; the code itself when it is not a state's."""
    return STATE_NAMES.get((code or "").upper(), code or "")
