"""The therapy pages' admin screens in the access table (practice/admin_access.py)."""

from wagtail import hooks

from practice.admin_access import EDITORS


@hooks.register("register_admin_access")
def population_screens_access():
    """The Populations snippet (the groups a therapy helps) is the editors' to keep."""
    return {
        "wagtailsnippets_therapy_pages_population:*": EDITORS,
        "wagtailsnippetchoosers_therapy_pages_population:*": EDITORS,
    }
