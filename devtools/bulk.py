"""Many live pages at once, as Wagtail's add_child, save_revision and publish would leave them:
a few statements per table for all of them instead of about 150 queries per page (three saves,
each indexed for search and references). Shared by the scale generator (`seed_scale`) and the
query-budget tests, which need a thousand posts in seconds.

    pages = [BlogPostPage(title=..., slug=..., author=..., related_conditions=[...]) for ...]
    revisions = publish_children(blog_index, pages)
    announce_published(pages, revisions)  # if listeners (cache invalidation) should hear of it

Each page arrives unsaved, with its relations (child objects, tags, parental many-to-many) held
in memory as modelcluster holds them; the tree, page, page-type, relation, revision, history and
reference-index rows are then written in bulk. Search indexing is left to the caller
(`update_index`, or the search backend's `add_bulk`).

Public APIs only, except the reference index, whose row extraction Wagtail keeps private: see
`reference_rows`, the one function here that relies on Wagtail's internals.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published, published

from practice.wagtail_internals import page_references

BATCH = 200  # rows per INSERT or UPDATE statement


# --- The page tree -------------------------------------------------------------------------------


def child_paths(parent, count):
    """Tree paths for `count` new children of `parent`, after its last child.

    Treebeard's materialized path is the parent's path plus one step of `steplen` characters per
    level, counting in the digits of `alphabet`. Those two attributes and `get_last_child()` are
    its public API; the arithmetic it does itself (`_get_path`) is private, so it is done here."""
    alphabet, steplen = Page.alphabet, Page.steplen
    last = parent.get_last_child()
    position = 0
    for digit in last.path[-steplen:] if last is not None else "":
        position = position * len(alphabet) + alphabet.index(digit)
    paths = []
    for number in range(position + 1, position + count + 1):
        step = ""
        while number:
            number, digit = divmod(number, len(alphabet))
            step = alphabet[digit] + step
        if len(step) > steplen:
            raise ValueError(
                f"{parent} cannot have more than {len(alphabet) ** steplen - 1} children"
            )
        paths.append(parent.path + step.rjust(steplen, alphabet[0]))
    return paths


def place_under(parent, pages, now):
    """Give each page its place in the tree under `parent` and the fields publishing sets, and
    hold its relations in memory, so that nothing below asks the database about them."""
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    for page, path in zip(pages, child_paths(parent, len(pages)), strict=True):
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.draft_title = page.draft_title or page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.latest_revision_created_at = now
        page.set_url_path(parent)
        # Once the page has an id, modelcluster would read a relation not held in memory from the
        # database (one query per page and relation): hold each as it is now, most of them empty.
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            setattr(page, name, list(getattr(page, name).all()))
        for field in get_all_child_m2m_relations(page):
            setattr(page, field.name, list(getattr(page, field.name).all()))


# --- Writing -------------------------------------------------------------------------------------


def insert_own_rows(model, pages, using):
    """The rows of `model`'s own table, for pages whose `wagtailcore_page` rows exist.

    Django's bulk_create refuses multi-table models, and its internal `_insert` is private: one
    multi-row INSERT per batch, from the public field API (each value prepared for the database as
    a save would prepare it)."""
    connection = connections[using]
    fields = [
        field
        for field in model._meta.get_fields(include_parents=False)
        if getattr(field, "concrete", False) and not field.many_to_many
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = f"({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(pages), BATCH):
            batch = pages[start : start + BATCH]
            values = [
                field.get_db_prep_save(field.pre_save(page, add=True), connection=connection)
                for page in batch
                for field in fields
            ]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([placeholders] * len(batch))}",
                values,
            )


def insert_relations(model, pages):
    """The child objects (tags, pinned related posts…) and parental many-to-many rows held in
    memory by each page."""
    for relation in get_all_child_relations(model):
        child_model = relation.related_model
        order_field = getattr(child_model, "sort_order_field", None)
        children = []
        for page in pages:
            for number, child in enumerate(getattr(page, relation.get_accessor_name()).all()):
                if order_field and getattr(child, order_field) is None:
                    setattr(child, order_field, number)  # as modelcluster's commit numbers them
                children.append(child)
        child_model.objects.bulk_create(children, batch_size=BATCH)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": page.pk, f"{target}_id": other.pk})
                for page in pages
                for other in getattr(page, field.name).all()
            ],
            batch_size=BATCH,
        )


def insert_history(pages, now):
    """One revision each, made the page's latest and live one; the create and publish entries
    the admin's history shows. Returns the revisions."""
    model = type(pages[0])
    page_type = ContentType.objects.get_for_model(Page)
    content_type = ContentType.objects.get_for_model(model)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                object_str=str(page),
                content=page.serializable_data(),
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    # Each page's revision is its only one: one UPDATE for all of them.
    own_revision = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-pk")
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=Subquery(own_revision.values("pk")[:1]),
        live_revision=Subquery(own_revision.values("pk")[:1]),
    )
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                page_id=page.pk,
                revision=logged,
                label=str(page),
                action=action,
                data={},
                timestamp=now,
                content_changed=True,
            )
            for page, revision in zip(pages, revisions, strict=True)
            for action, logged in (("wagtail.create", None), ("wagtail.publish", revision))
        ],
        batch_size=BATCH,
    )
    return revisions


def reference_rows(page):
    """The reference-index rows for `page` ("usage" of its images, author, topics…), unsaved,
    from `practice.wagtail_internals.page_references` (Wagtail fills the index one object at a
    time, two queries a page)."""
    page_type = ContentType.objects.get_for_model(Page)
    content_type = ContentType.objects.get_for_model(type(page))
    return [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=page_type,
            object_id=page.pk,
            to_content_type_id=to_type,
            to_object_id=to_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=path_hash,
        )
        for to_type, to_id, model_path, content_path, path_hash in page_references(page)
    ]


def publish_children(parent, pages, now=None):
    """Write `pages` (unsaved instances of one page model) as live children of `parent`, after
    its last child, with everything publishing records: page and page-type rows, relations, one
    live revision each, the history and the reference index. Call inside a transaction. Returns
    the revisions, in the pages' order."""
    if not pages:
        return []
    model = type(pages[0])
    now = now or timezone.now()
    place_under(parent, pages, now)
    using = router.db_for_write(model)
    # The tree rows, then the rows of the page type's own table that extend them.
    Page.objects.bulk_create(pages, batch_size=BATCH)
    for page in pages:
        page.pk = page.id  # the page type's primary key is its link to the tree row
    insert_own_rows(model, pages, using)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    insert_relations(model, pages)
    revisions = insert_history(pages, now)
    ReferenceIndex.objects.bulk_create(
        [row for page in pages for row in reference_rows(page)],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return revisions


def announce_published(pages, revisions):
    """What publish() announces for each page, for listeners such as cache invalidation."""
    for page, revision in zip(pages, revisions, strict=True):
        page_published.send(sender=type(page), instance=page, revision=revision)
        published.send(sender=type(page), instance=page, revision=revision)
