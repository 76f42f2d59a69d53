"""/sitemap.xml: the site's live, public pages (`PageSitemap`)."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from practice.models.base import preload_site, public_pages


class PageSitemap(Sitemap):
    """Wagtail's sitemap of the site's live, public pages, in four queries however many pages
    and page types: Wagtail's reads every view restriction first (`.public()`) and each page type's
    row (`.specific()`), though a sitemap entry needs only the page's URL and publication date.
    A page type with its own `get_sitemap_urls` is still asked for its entries."""

    def items(self):
        return public_pages(Page.objects.all(), self.get_wagtail_site()).order_by("path")

    @staticmethod
    def page_urls(page, request):
        if type(page).get_sitemap_urls is Page.get_sitemap_urls:
            model = page.specific_class
            if model is not None and model.get_sitemap_urls is not Page.get_sitemap_urls:
                page = page.specific
        return page.get_sitemap_urls(request)

    def _urls(self, page, protocol, domain):
        # As Wagtail's Sitemap._urls, asking `page_urls` for each page's entries.
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in self.page_urls(item, self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    """/sitemap.xml: `PageSitemap`, with the site root paths read with the site settings."""
    preload_site(request)
    return wagtail_sitemap(request, sitemaps={"wagtail": PageSitemap})
