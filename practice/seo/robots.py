"""/robots.txt: crawlers may read everything but the admin, and are pointed at the sitemap."""

from django.http import HttpResponse
from django.urls import reverse


def robots_txt(request):
    """Crawlers may read everything but the admin, and are pointed at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
