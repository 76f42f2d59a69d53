from wagtail.models import Page

__all__ = ["BasePage"]


class BasePage(Page):
    """Every page of the site inherits this, so site-wide page behaviour (meta description,
    listing text) is written once."""

    show_in_menus_default = False

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        """The page's description for search engines and link previews."""
        return self.search_description or getattr(self, "summary", "") or ""
