"""The site's name, which the admin's dashboard headline shows ("Welcome to the … Wagtail CMS").

Wagtail shows a Site's `site_name`, else its hostname: a fresh install's site (made by Wagtail's
migrations, with no name) greets everyone with "localhost". `ensure_site_name` gives a site
without a name the practice's name (Settings → Practice details), or WAGTAIL_SITE_NAME
("Practice website" unless set in the environment) while the practice has none. A name set
under Settings → Sites is never overwritten. `manage.py seed_demo` calls it."""

from django.conf import settings


def ensure_site_name(site):
    if site.site_name:
        return site.site_name
    from practice.models import PracticeSettings

    practice_name = PracticeSettings.for_site(site).practice_name
    site.site_name = practice_name or settings.WAGTAIL_SITE_NAME
    site.save(update_fields=["site_name"])
    return site.site_name
