"""What makes the full-page cache (practice.page_cache) stale: the signals of every change a
visitor could see, each bumping the cache generation once the transaction commits
(`practice.page_cache.invalidate`; a publish that changed only what the page shows,
`invalidate_pages`: practice.page_cache_changes), and the hook that keeps restricted pages out
of it."""

from practice import page_cache_changes
from practice.page_cache import _never_store_restricted, invalidate, invalidate_pages


def _changed(sender, instance=None, raw=False, **kwargs):
    if not raw:
        invalidate(f"{sender.__name__} {getattr(instance, 'pk', '')} changed")


def _published(sender, instance=None, revision=None, **kwargs):
    """A publish that changed only what the page shows (practice.page_cache_changes) leaves
    fresh every stored page that never showed it; any other publish, none."""
    if instance is not None and page_cache_changes.display_change(instance, revision):
        invalidate_pages({instance.pk}, f"{sender.__name__} {instance.pk} published")
    else:
        _changed(sender, instance)


def _setting_or_image_saved(sender, instance=None, raw=False, **kwargs):
    """Site settings (any BaseSiteSetting or BaseGenericSetting subclass) and images show on
    pages of every kind, whichever app defines them."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images.models import AbstractImage

    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        # Settings rows are created with their defaults the first time a page asks for them
        # (`for_request` uses get_or_create): nothing a visitor saw changes. The admin edits
        # a row that already exists.
        if not kwargs.get("created"):
            _changed(sender, instance, raw)
    elif isinstance(instance, AbstractImage):
        _changed(sender, instance, raw)


def invalidate_on_change(model):
    """Apps call this for other models whose changes show on public pages (snippets, say)."""
    from django.db.models.signals import post_delete, post_save

    uid = f"page_cache.{model._meta.label}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save")
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete")


def _restriction_groups_changed(sender, action=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate("view restriction groups changed")


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail import hooks
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from practice.models import Language, OfficeLocation

    # Publishing (also scheduled publishing), unpublishing (also expiry and deletion of a live
    # page), moving and deleting pages.
    page_published.connect(_published, dispatch_uid="page_cache.published")
    page_cache_changes.connect_signals()
    page_unpublished.connect(_changed, dispatch_uid="page_cache.unpublished")
    post_page_move.connect(_changed, dispatch_uid="page_cache.moved")
    post_delete.connect(_changed, sender=Page, dispatch_uid="page_cache.page_deleted")
    post_save.connect(_setting_or_image_saved, dispatch_uid="page_cache.settings_images")
    post_delete.connect(_setting_or_image_saved, dispatch_uid="page_cache.settings_images_del")
    invalidate_on_change(Site)
    invalidate_on_change(SearchPromotion)
    # The snippets clinicians' profiles, the team page and the footer show by name.
    invalidate_on_change(Language)
    invalidate_on_change(OfficeLocation)
    # A restriction added, changed (its password, its type) or removed, on a page or an
    # ancestor, and its groups changed (saved after the restriction by the privacy dialog).
    invalidate_on_change(PageViewRestriction)
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="page_cache.restriction_groups",
    )
    # Before Wagtail's own hooks, which may answer with the password form and stop the chain.
    if not _hook_registered:
        hooks.register("before_serve_page", _never_store_restricted, order=-100)
        _hook_registered.append(True)


_hook_registered = []
