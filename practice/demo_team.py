"""The demo team beyond its founder: clinicians who differ in how they meet, their languages,
states, availability and insurance, so the finder on /team/ has something to find."""


def seed_team(team_page, command=None):
    """Create the demo clinicians that are missing (filled in below)."""
    return []
