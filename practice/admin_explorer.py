"""The admin's Pages menu opens on the home page's children, not on "Root".

Wagtail starts its page explorer (the sidebar's "Pages" flyout) on the user's explorable root,
the deepest page above every page they may work on: for an editor or a superuser that is the
tree's root, above the home page, whose listing shows one row ("Home") and a paragraph about
sites. With one site, its home page is where every page the practice publishes lives, so the
explorer starts there instead (`explorer_start_page`); a clinician, whose explorable root is
already below the home page, starts where Wagtail would start them. With several sites the root
stays, since it is then the only page above all of them.

The swap is made with Wagtail's public `construct_main_menu` hook (practice/wagtail_hooks.py):
the "explorer" item is replaced by one that renders Wagtail's own sidebar explorer component
with another start page and a link to that page's listing. "Root" stays one click up in the
explorer's breadcrumbs for those who need Settings → Sites."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import PageExplorerMenuItem
from wagtail.models import Site
from wagtail.permissions import page_permission_policy


def explorer_start_page(user):
    """The page the explorer opens on for `user`: the one site's home page instead of the
    tree's root, else Wagtail's choice (None when they may explore nothing)."""
    start = page_permission_policy.explorable_root_instance(user)
    if start is None or not start.is_root():
        return start
    sites = list(Site.objects.select_related("root_page")[:2])
    if len(sites) == 1:
        return sites[0].root_page
    return start


class HomeExplorerMenuItem(MenuItem):
    """Wagtail's "Pages" menu item, opening on `explorer_start_page`."""

    def __init__(self, wagtail_item):
        self.wagtail_item = wagtail_item
        super().__init__(
            wagtail_item.label,
            wagtail_item.url,
            name=wagtail_item.name,
            icon_name=wagtail_item.icon_name,
            classname=wagtail_item.classname,
            order=wagtail_item.order,
        )

    def is_shown(self, request):
        return self.wagtail_item.is_shown(request)

    def render_component(self, request):
        start = explorer_start_page(request.user)
        if start is None:
            return self.wagtail_item.render_component(request)
        return PageExplorerMenuItem(
            self.name,
            self.label,
            reverse("wagtailadmin_explore", args=[start.pk]),
            start.pk,
            icon_name=self.icon_name,
            classname=self.classname,
        )


def open_explorer_on_home(request, menu_items):
    """construct_main_menu: swap Wagtail's "explorer" item for HomeExplorerMenuItem."""
    for position, item in enumerate(menu_items):
        if item.name == "explorer" and not isinstance(item, HomeExplorerMenuItem):
            menu_items[position] = HomeExplorerMenuItem(item)
