"""The demo's artwork, painted here with Pillow so the demo looks finished without a photo of
anyone and without a downloaded file: soft hills under a low sun, leaves, ripples and arches
on warm paper, in the site's palette. Each picture is the same on every run (a fixed seed),
stored once in the image library with its alt text, and given to the home page's hero and the
demo posts by `add_home_art` and `add_post_art`, called by `practice.demo` and `blog.demo`.

Like the rest of `seed_demo` this only adds what is missing: a picture is attached when it is
first created and the page has no image of its own and no unpublished draft, so an admin who
changes or removes a picture keeps their choice."""

import functools
import hashlib
import io
import math
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFilter

from practice.models import CustomImage

SIZE = (1600, 900)
QUALITY = 80

# The site's palette (static/css/site.css) and a few warm and green shades between its colors.
CREAM = (251, 246, 238)
SAND = (243, 236, 227)
PEACH = (244, 214, 190)
APRICOT = (234, 178, 138)
CLAY = (201, 138, 107)
GOLD = (236, 200, 134)
MIST = (214, 227, 219)
SAGE = (169, 194, 180)
FERN = (127, 166, 156)
PINE = (79, 127, 118)
TEAL = (45, 92, 87)
DEEP = (31, 68, 64)


@dataclass(frozen=True)
class Art:
    title: str
    alt: str
    paint: object  # (rng) -> an RGB image of SIZE
    seed: int


def blend(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def vertical_gradient(top, bottom, size=SIZE):
    """A soft top-to-bottom wash from one color to another."""
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def paper(image, rng, strength=10):
    """Lay a paper-like mottling over `image`: random values on a coarse grid, smoothed by
    enlarging them, so the grain is soft and costs little in a JPEG."""
    w, h = image.size
    for cell, amount in ((40, strength), (12, strength // 2)):
        small = Image.frombytes(
            "L", (w // cell, h // cell), rng.randbytes((w // cell) * (h // cell))
        )
        grain = small.resize((w, h), Image.Resampling.BICUBIC)
        light = Image.new("RGB", (w, h), (255, 252, 246))
        image = Image.composite(light, image, grain.point(lambda v, a=amount: v * a // 255))
    return image


def mask():
    return Image.new("L", SIZE, 0)


def fill(base, color, shape, blur=0, opacity=255):
    """Paint `color` on `base` through the mask `shape` (drawn white on black), softened by
    `blur`: a mask, not a transparent layer, so soft edges never darken."""
    if blur:
        shape = shape.filter(ImageFilter.GaussianBlur(blur))
    if opacity < 255:
        shape = shape.point(lambda v: v * opacity // 255)
    base.paste(Image.new("RGB", SIZE, color), (0, 0), shape)


def soft_sun(base, center, radius, color, glow):
    """A low sun: a disc with a wide, faint halo."""
    x, y = center
    r = radius * 2.4
    halo = mask()
    ImageDraw.Draw(halo).ellipse((x - r, y - r, x + r, y + r), fill=255)
    fill(base, glow, halo, blur=radius, opacity=110)
    disc = mask()
    ImageDraw.Draw(disc).ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    fill(base, color, disc, blur=1.5)


def ridge(rng, base_y, amplitude, waves=3):
    """The top line of a hill across the picture: a few slow sine waves added together."""
    w, h = SIZE
    parts = [
        (amplitude / (n + 1), rng.uniform(0.6, 1.4) * (n + 1) / w, rng.uniform(0, math.tau))
        for n in range(waves)
    ]
    line = [
        (x, base_y + sum(a * math.sin(x * f * math.tau + p) for a, f, p in parts))
        for x in range(-20, w + 40, 20)
    ]
    return [*line, (w + 20, h + 20), (-20, h + 20)]


def hills(base, rng, colors, top, spacing, amplitude, blur_back=5):
    """Layered hills, the farthest first and softest."""
    for n, color in enumerate(colors):
        shape = mask()
        ImageDraw.Draw(shape).polygon(ridge(rng, top + n * spacing, amplitude), fill=255)
        fill(base, color, shape, blur=max(1, blur_back - 2 * n))


def paint_morning_hills(rng):
    image = vertical_gradient((246, 226, 208), CREAM)
    soft_sun(image, (1130, 330), 120, (241, 196, 154), GOLD)
    hills(image, rng, [MIST, SAGE, FERN, PINE], top=470, spacing=95, amplitude=55)
    return paper(image, rng)


def paint_evening_valley(rng):
    image = vertical_gradient((241, 212, 192), (250, 238, 226))
    soft_sun(image, (430, 400), 140, APRICOT, PEACH)
    hills(
        image,
        rng,
        [(232, 204, 186), (214, 190, 170), SAGE, PINE],
        top=520,
        spacing=85,
        amplitude=45,
    )
    return paper(image, rng)


def leaf(draw, center, length, width, angle, vein=None):
    """A simple leaf: two arcs meeting at the tips; with `vein`, only its midrib."""
    cx, cy = center
    cos, sin = math.cos(angle), math.sin(angle)

    def at(u, v):
        return (cx + u * cos - v * sin, cy + u * sin + v * cos)

    if vein:
        draw.line([at(-length * 0.5, 0), at(length * 0.42, 0)], fill=255, width=vein)
        return
    steps = [i / 24 for i in range(25)]
    edge = [at((t - 0.5) * length, width / 2 * math.sin(math.pi * t) ** 0.9) for t in steps]
    back = [at((t - 0.5) * length, -width / 2 * math.sin(math.pi * t) ** 0.9) for t in steps]
    draw.polygon(edge + back[::-1], fill=255)


def paint_leaves(rng):
    image = vertical_gradient(SAND, CREAM)
    soft_sun(image, (1250, 260), 160, PEACH, GOLD)
    for n in range(8):
        shade = [SAGE, FERN, PINE, TEAL][n % 4]
        where = (rng.uniform(180, 1420), rng.uniform(200, 740))
        size = (rng.uniform(380, 540), rng.uniform(150, 200), rng.uniform(-0.9, 0.9))
        shape = mask()
        leaf(ImageDraw.Draw(shape), where, *size)
        fill(image, shade, shape, blur=1.2)
        vein = mask()
        leaf(ImageDraw.Draw(vein), where, *size, vein=5)
        fill(image, blend(shade, CREAM, 0.35), vein, blur=1)
    return paper(image, rng)


def paint_ripples(rng):
    image = vertical_gradient((231, 240, 236), (248, 242, 233))
    cx, cy = 800, 470
    for n in range(1, 8):
        r = 40 + n * 85
        ring = mask()
        box = (cx - r * 1.7, cy - r, cx + r * 1.7, cy + r)
        ImageDraw.Draw(ring).ellipse(box, outline=255, width=10)
        fill(image, blend(FERN, MIST, n / 8), ring, blur=2.5)
    soft_sun(image, (cx, cy), 62, CLAY, PEACH)
    return paper(image, rng)


def paint_arches(rng):
    image = vertical_gradient((247, 236, 224), CREAM)
    soft_sun(image, (640, 220), 70, (240, 190, 150), PEACH)
    for x, w, color in ((260, 420, CLAY), (760, 360, SAGE), (1150, 300, GOLD)):
        top = rng.uniform(260, 360)
        shape = mask()
        draw = ImageDraw.Draw(shape)
        draw.rectangle((x, top + w / 2, x + w, 920), fill=255)
        draw.pieslice((x, top, x + w, top + w), 180, 360, fill=255)
        fill(image, color, shape, blur=1.2)
    hills(image, rng, [PINE], top=790, spacing=0, amplitude=28, blur_back=1)
    return paper(image, rng)


ART = {
    "morning-hills": Art(
        "Morning hills (demo artwork)",
        "An illustration of soft green hills under a low, warm morning sun.",
        paint_morning_hills,
        1,
    ),
    "evening-valley": Art(
        "Evening valley (demo artwork)",
        "An illustration of a quiet valley at dusk, a peach sun setting behind the hills.",
        paint_evening_valley,
        2,
    ),
    "leaves": Art(
        "Green leaves (demo artwork)",
        "An illustration of large green leaves resting on warm paper.",
        paint_leaves,
        3,
    ),
    "ripples": Art(
        "Ripples (demo artwork)",
        "An illustration of calm ripples spreading out from a small warm circle.",
        paint_ripples,
        4,
    ),
    "arches": Art(
        "Arches (demo artwork)",
        "An illustration of three soft arches in clay, sage and gold under a pale sun.",
        paint_arches,
        5,
    ),
}
HOME_ART = "morning-hills"
# The demo posts' pictures, by slug (blog/demo.py).
POST_ART = {
    "what-is-psychodynamic-therapy": "evening-valley",
    "mental-health-of-entrepreneurs": "arches",
    "what-causes-anxiety": "ripples",
    "physical-health-consequences-of-eating-disorders": "leaves",
}


@functools.cache
def render(key):
    """The picture `key` as JPEG bytes, the same on every run."""
    art = ART[key]
    image = art.paint(random.Random(art.seed))  # noqa: S311 - a picture's seed, not a secret
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def ensure_art(key):
    """The image library's picture `key`, and whether it was created now. Found by its title;
    its file is written once under a name holding its hash, so a database seeded again (the
    tests do, many times) reuses the file already stored."""
    art = ART[key]
    image = CustomImage.objects.filter(title=art.title).first()
    if image is not None:
        return image, False
    data = render(key)
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    name = f"original_images/demo-{key}-{digest[:10]}.jpg"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    image = CustomImage(
        title=art.title,
        description=art.alt,
        file=name,
        width=SIZE[0],
        height=SIZE[1],
        file_size=len(data),
        file_hash=digest,
    )
    image.save()
    return image, True


def attach(page, field, key, command=None):
    """Give `page` the picture `key` in `field` when the picture is new, the field is empty
    and the page has no unpublished changes (a draft an admin is working on is not
    overwritten by a revision of the live page)."""
    image, created = ensure_art(key)
    if created and command is not None:
        command.record(f"image: {image.title}")
    if not created:
        return image
    # Read again: a page object that has just saved a revision still says it has unpublished
    # changes after that revision was published.
    page = type(page).objects.get(pk=page.pk)
    if getattr(page, f"{field}_id") or page.has_unpublished_changes:
        return image
    setattr(page, field, image)
    page.save_revision().publish()
    return image


def add_home_art(home, command=None):
    """The home page's hero picture."""
    return attach(home, "hero_image", HOME_ART, command)


def add_post_art(blog_index, command=None):
    """A picture for each demo post under `blog_index` (by slug, `POST_ART`)."""
    for page in blog_index.get_children().filter(slug__in=POST_ART).specific():
        attach(page, "hero_image", POST_ART[page.slug], command)
