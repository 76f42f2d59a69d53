"""Who may do what in the admin: the "Editors" and "Clinicians" groups.

`ensure_groups(apps)` is idempotent and works with a migration's historical apps or the real
registry. It runs from the data migration and after every `migrate` or test flush (post_migrate,
see BlogConfig), and each new blog index grants the clinicians their page permissions.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from wagtail.models import PagePermissionTester

EDITORS = "Editors"
CLINICIANS = "Clinicians"

EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
CLINICIAN_BLOG_PERMISSIONS = ["add_page", "change_page", "publish_page"]

EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("practice", "change_practicesettings"),
    ("practice", "view_clinical_reviews"),
    ("practice", "view_consultationrequest"),
    ("practice", "change_consultationrequest"),
    ("practice", "delete_consultationrequest"),
    ("blog", "change_blogsettings"),
    ("content_health", "change_contentstandards"),
    ("content_health", "add_claimrule"),
    ("content_health", "change_claimrule"),
    ("content_health", "delete_claimrule"),
    ("content_health", "view_claimrule"),
    ("blog", "view_comment"),
    ("blog", "change_comment"),
    ("blog", "delete_comment"),
    ("practice", "add_language"),
    ("practice", "change_language"),
    ("practice", "delete_language"),
    ("practice", "view_language"),
    ("practice", "add_officelocation"),
    ("practice", "change_officelocation"),
    ("practice", "delete_officelocation"),
    ("practice", "view_officelocation"),
    ("therapy_pages", "add_population"),
    ("therapy_pages", "change_population"),
    ("therapy_pages", "delete_population"),
    ("therapy_pages", "view_population"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("wagtailsearchpromotions", "view_searchpromotion"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
CLINICIAN_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]

EDITOR_COLLECTION_PERMISSIONS = [
    # Wagtail checks wagtailimages.Image permissions for the custom image model as well.
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
]
# "add" also lets a clinician edit the images they uploaded themselves.
CLINICIAN_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
]


def ensure_permissions_exist(apps):
    """Permissions are normally created after all migrations; create them now so groups can use
    them on a fresh database."""
    for app_config in apps.get_app_configs():
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = had_module


def get_permissions(apps, pairs):
    """The permissions that exist. In a data migration, models added by later migrations have none
    yet; the post_migrate run of `ensure_groups` grants those once every migration has run."""
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def page_permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        for codename in codenames
    ]


def grant_page_permissions(apps, group, page_id, codenames):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for permission in page_permissions(apps, codenames):
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page_id, permission=permission
        )


def grant_collection_permissions(apps, group, pairs):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in get_permissions(apps, pairs):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def grant_clinicians_blog(apps, blog_index_id):
    Group = apps.get_model("auth", "Group")
    clinicians, _ = Group.objects.get_or_create(name=CLINICIANS)
    grant_page_permissions(apps, clinicians, blog_index_id, CLINICIAN_BLOG_PERMISSIONS)


def ensure_groups(apps):
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*get_permissions(apps, EDITOR_MODEL_PERMISSIONS))
    grant_collection_permissions(apps, editors, EDITOR_COLLECTION_PERMISSIONS)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        grant_page_permissions(apps, editors, root.pk, EDITOR_PAGE_PERMISSIONS)

    clinicians, _ = Group.objects.get_or_create(name=CLINICIANS)
    clinicians.permissions.add(*get_permissions(apps, CLINICIAN_MODEL_PERMISSIONS))
    grant_collection_permissions(apps, clinicians, CLINICIAN_COLLECTION_PERMISSIONS)
    for blog_index_id in apps.get_model("blog", "BlogIndexPage").objects.values_list(
        "pk", flat=True
    ):
        grant_clinicians_blog(apps, blog_index_id)


class BlogPermissionTester(PagePermissionTester):
    """Clinicians' page permissions are granted on the blog index so that they cover its posts.
    Wagtail would also let them edit, unpublish, restrict and delete the index itself, and delete
    any post; for those, a grant made on a blog index does not count."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            from django.apps import apps
            from django.contrib.contenttypes.models import ContentType

            blog_index_type = ContentType.objects.get_for_model(
                apps.get_model("blog", "BlogIndexPage")
            )
            self.all_permissions = self.permissions
            self.permissions_above_blog = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path)
                and perm.page.content_type_id != blog_index_type.pk
            }


class BlogIndexPermissionTester(BlogPermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            self.permissions = self.permissions_above_blog

    def _as_parent(self):
        return PagePermissionTester(self.user, self.page)

    def can_add_subpage(self):
        return self._as_parent().can_add_subpage()

    def can_publish_subpage(self):
        if _approval_needed_from(self.user, self.page):
            return False
        return self._as_parent().can_publish_subpage()

    def can_reorder_children(self):
        return self._as_parent().can_reorder_children()


def _approval_needed_from(user, page):
    """When posts need an editor's approval (blog.workflow), only an editor publishes: anyone
    else submits the post to the workflow."""
    from blog.workflow import needs_approval
    from practice.admin_access import is_editor

    return not is_editor(user) and needs_approval(page)


class BlogPostPermissionTester(BlogPermissionTester):
    def can_publish(self):
        if self.user.is_active and _approval_needed_from(self.user, self.page):
            return False
        return super().can_publish()

    def can_set_view_restrictions(self):
        """Privacy settings (password, groups, login) are the editors' call, on any page: a
        clinician's grant on the blog lets them publish posts, not hide or lock them."""
        if not self.user.is_superuser and self.user.is_active:
            full, self.permissions = self.permissions, self.permissions_above_blog
            try:
                return super().can_set_view_restrictions()
            finally:
                self.permissions = full
        return super().can_set_view_restrictions()

    def can_delete(self, ignore_bulk=False):
        if not self.user.is_superuser and self.user.is_active:
            full, self.permissions = self.permissions, self.permissions_above_blog
            try:
                return super().can_delete(ignore_bulk)
            finally:
                self.permissions = full
        return super().can_delete(ignore_bulk)
