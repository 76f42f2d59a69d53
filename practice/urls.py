from django.conf import settings
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from practice import csrf as practice_csrf
from practice.health import healthz
from practice.restricted_pages import authenticate_with_password, sign_in_for_page
from practice.search import search_view
from practice.seo.robots import robots_txt
from practice.seo.sitemap import sitemap
from practice.wagtail_internals import frontend_urlpatterns

handler500 = "practice.health.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The second factor's screens, before Wagtail's admin (its catch-all would answer them).
    path("admin/two-factor/", include("practice.two_factor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_view, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.views.generic import TemplateView

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    # Let developers see the error pages while DEBUG is on.
    urlpatterns += [
        path("404/", TemplateView.as_view(template_name="404.html")),
        path("500/", TemplateView.as_view(template_name="500.html")),
        path("503/", TemplateView.as_view(template_name="503.html")),
        path("locked/", TemplateView.as_view(template_name="account_locked.html")),
    ]

# Wagtail's front-end URLs come last: page serving matches every remaining path. Its own list is
# kept, in its own order (the password form and login under /_util/ before the catch-all), with
# three views swapped in:
# - serve: practice.csrf.serve, the one place that decides how a POST to a page is checked (the
#   two public forms on cached pages by Sec-Fetch-Site / Origin, every other page by Django's
#   CSRF check);
# - the front-end login: practice.restricted_pages sends visitors to the admin's sign-in and back;
# - the password form of a restricted page: the same, with a limit on tries per address.
WAGTAIL_VIEWS_REPLACED = {
    "wagtail_serve": practice_csrf.serve,
    "wagtailcore_login": sign_in_for_page,
    "wagtailcore_authenticate_with_password": authenticate_with_password,
}
# The team's profiles feed (`TeamIndexPage.profiles_json`, /team/profiles.json): a page route
# whose last part has a dot, which Wagtail's own pattern does not match; served like a page.
urlpatterns += [
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+profiles\.json)$", practice_csrf.serve, name="team_profiles_json"
    )
]
urlpatterns += frontend_urlpatterns(WAGTAIL_VIEWS_REPLACED)
