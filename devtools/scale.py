"""Many realistic blog posts on top of the demo, for load tests and for seeing the blog as a busy
practice's would look: `manage.py seed_scale N` (devtools/management/commands/seed_scale.py).

Post number i is always the same post (`devtools.scale_plan`), whatever N is, so a run with a
bigger N only adds the posts that are missing and a repeated run adds nothing. Titles, summaries
and bodies are built from the demo's own conditions, therapies, signs and citations
(`devtools.scale_data`); a few more clinician profiles and a handful of small Pillow pictures are
added so that author filters and cards with images have something to show.

The posts are written in bulk (`devtools.bulk`), leaving the database as publishing would, and
`publish`'s signals are sent for each. Search indexing is left to the one `update_index` pass the
command makes at the end.
"""

import datetime
import io
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from taggit.models import Tag
from wagtail.images import get_image_model

from blog.models import BlogIndexPage, BlogPostPage, BlogPostTag, Comment
from devtools.bulk import BATCH, announce_published, publish_children
from devtools.scale_plan import AUTHOR_WEIGHTS, CLINICIANS, IMAGE_SIZE, IMAGES, plan_posts, seeded
from practice.demo import get_or_publish
from practice.models import ClinicianPage, TeamIndexPage
from therapy_pages.models import ClinicianCondition, ClinicianTherapy, ConditionPage, TherapyPage


def ensure_clinicians():
    """Dr. Blair (from the demo) and the extra clinicians, by slug, published like the demo's."""
    clinicians = {c.slug: c for c in ClinicianPage.objects.filter(slug__in=AUTHOR_WEIGHTS)}
    team = TeamIndexPage.objects.first()
    if team is None:
        return clinicians
    conditions = {c.slug: c for c in ConditionPage.objects.all()}
    therapies = {t.slug: t for t in TherapyPage.objects.all()}
    for slug, spec in CLINICIANS.items():
        if slug in clinicians:
            continue
        fields = {k: v for k, v in spec.items() if k not in ("conditions", "therapies")}
        page = ClinicianPage(slug=slug, **fields)
        page.condition_links = [
            ClinicianCondition(condition=conditions[s])
            for s in spec["conditions"]
            if s in conditions
        ]
        page.therapy_links = [
            ClinicianTherapy(therapy=therapies[s]) for s in spec["therapies"] if s in therapies
        ]
        clinicians[slug] = get_or_publish(team, page)
    return clinicians


def draw_picture(background, colours, rng):
    """A calm abstract picture as JPEG bytes: a vertical gradient and a few soft discs."""
    width, height = IMAGE_SIZE
    top, bottom = background
    picture = PILImage.new("RGB", IMAGE_SIZE)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / (height - 1)
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    # Transparent in the background's colour, so the blurred edges do not darken.
    discs = PILImage.new("RGBA", IMAGE_SIZE, (*bottom, 0))
    draw = ImageDraw.Draw(discs)
    for colour in colours * 2:
        radius = rng.randint(height // 8, height // 3)
        x, y = rng.randint(0, width), rng.randint(height // 4, height)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(*colour, 150))
    discs = discs.filter(ImageFilter.GaussianBlur(6))
    picture.paste(discs, (0, 0), discs)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer


def ensure_images():
    """The handful of post pictures, drawn once and found again by title on later runs."""
    Image = get_image_model()
    titles = [title for title, *_ in IMAGES]
    existing = {image.title: image for image in Image.objects.filter(title__in=titles)}
    images = []
    for number, (title, alt, background, colours) in enumerate(IMAGES):
        image = existing.get(title)
        if image is None:
            buffer = draw_picture(background, colours, seeded("image", number))
            image = Image(title=title, description=alt)
            image.file = ImageFile(buffer, name=f"{slugify(title)}.jpg")  # sets width and height
            image.save()
            # Size and hash, as the admin's upload form records them (each saved by its getter).
            image.get_file_size()
            image.get_file_hash()
        images.append(image)
    return images


def ensure_tags(names):
    """The topics by name, creating the missing ones (through Tag.save, which makes the slug)."""
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(set(names) - set(tags)):
        tags[name] = Tag.objects.create(name=name)
    return tags


def build_post(plan, related):
    """An unsaved BlogPostPage for `plan`, with its topics and relations held in memory
    (modelcluster) until `publish_children` writes them in bulk."""
    clinicians, images, conditions, therapies, tags = related
    post = BlogPostPage(
        title=plan.title,
        slug=plan.slug,
        date=plan.date,
        summary=plan.summary,
        body=plan.body,
        author=clinicians.get(plan.author),
        hero_image=images[plan.hero] if plan.hero is not None else None,
        first_published_at=plan.published_at,
    )
    post.related_conditions = [conditions[s] for s in plan.conditions if s in conditions]
    post.related_therapies = [therapies[s] for s in plan.therapies if s in therapies]
    # The topics as the tag manager would hold them, without its look-up of tags by name.
    post.tagged_items = [BlogPostTag(tag=tags[name]) for name in plan.tags]
    return post


def add_comments(posts, plans):
    """Readers' comments, dated after their post; approved ones were moderated the next day."""
    comments, dates = [], []
    for post, plan in zip(posts, plans, strict=True):
        for number, (name, body, status, days) in enumerate(plan.comments):
            created = plan.published_at + datetime.timedelta(days=days, hours=number)
            approved = status == Comment.Status.APPROVED
            comments.append(
                Comment(
                    post=post,
                    name=name,
                    email=f"{slugify(name)}.{plan.number}@example.com",
                    body=body,
                    status=status,
                    moderated_at=created + datetime.timedelta(days=1) if approved else None,
                )
            )
            dates.append(created)
    comments = Comment.objects.bulk_create(comments, batch_size=BATCH)
    # `created` is stamped "now" on insert (auto_now_add): put the planned dates back.
    for comment, created in zip(comments, dates, strict=True):
        comment.created = created
    Comment.objects.bulk_update(comments, ["created"], batch_size=BATCH)
    return len(comments)


@dataclass
class Result:
    present: int = 0  # generated posts in place after the run
    created: int = 0  # of which new
    comments: int = 0
    added: str = ""  # the clinicians and pictures made for the posts, in words


def seed(count):
    """Make sure generated posts 0 … count-1 exist under the blog, creating only the missing
    ones. Call inside a transaction."""
    index = BlogIndexPage.objects.first()
    if index is None:
        return Result()
    plans = plan_posts(count)
    taken = set(index.get_children().values_list("slug", flat=True))
    missing = [plan for plan in plans if plan.slug not in taken]
    if not missing:
        return Result(present=count)
    clinicians_before = ClinicianPage.objects.count()
    images_before = get_image_model().objects.count()
    related = (
        ensure_clinicians(),
        ensure_images(),
        {c.slug: c for c in ConditionPage.objects.all()},
        {t.slug: t for t in TherapyPage.objects.all()},
        ensure_tags([name for plan in missing for name in plan.tags]),
    )
    added = [
        f"{n} {what} added"
        for n, what in [
            (ClinicianPage.objects.count() - clinicians_before, "clinician profiles"),
            (get_image_model().objects.count() - images_before, "pictures"),
        ]
        if n
    ]
    posts = [build_post(plan, related) for plan in missing]
    revisions = publish_children(index, posts, timezone.now())
    comments = add_comments(posts, missing)
    announce_published(posts, revisions)
    return Result(present=count, created=len(posts), comments=comments, added=", ".join(added))
