from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from practice.health import healthz
from practice.search import search_view
from practice.seo import robots_txt, sitemap

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

# Wagtail's page serving comes last: it matches every remaining path. Pages come from the
# full-page cache, so the two public forms posted to them (comments, consultation requests) cannot
# carry a CSRF token; they check the Origin header instead (practice.http.is_cross_site). Wagtail's
# other front-end views (password-protected pages, login) keep Django's CSRF protection.
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, csrf_exempt(wagtail_views.serve), name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
