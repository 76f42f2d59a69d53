"""Many realistic blog posts on top of the demo, for load tests and for seeing the blog as a busy
practice's would look: `manage.py seed_demo --scale N`.

Post number i is always the same post (its own seeded random generator), whatever N is, so a run
with a bigger N only adds the posts that are missing and a repeated run adds nothing. Titles,
summaries and bodies are built from the demo's own conditions, therapies, signs and citations;
a few more clinician profiles and a handful of small Pillow pictures are added so that author
filters and cards with images have something to show.

Speed: Wagtail's add_child, save_revision and publish cost about 150 queries a post (three saves,
each indexed for search and references). The posts are instead written in bulk, a few statements
per table for all of them, leaving the database as publishing would (see `insert_posts`), and
`publish`'s signals are sent for each. Search indexing is left to the one `update_index` pass
that `seed_demo` makes at the end.
"""

import datetime
import io
import itertools
import random
import string
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import router
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published, published

from blog.demo import BASTOS_2015
from blog.models import BlogIndexPage, BlogPostPage, BlogPostTag, Comment
from practice.demo import get_or_publish
from practice.models import ClinicianPage, TeamIndexPage
from therapy_pages.demo import CONDITIONS, HOFMANN_2012, LEICHSENRING_2008, SHEDLER_2010
from therapy_pages.models import ConditionPage, TherapyPage

SEED = 20261122
# Generated posts are dated before the demo's hand-written ones (August to October 2026), so the
# demo's posts stay on top of /blog/ and the archive reaches back over the years before them.
LATEST_DATE = datetime.date(2026, 7, 31)
YEARS_BACK = 6

# --- Vocabulary: the demo's conditions and therapies, with the words posts use for them. ------

# condition slug: (words used in titles and text, topic tag)
CONDITION_WORDS = {
    "anxiety": ("anxiety", "anxiety"),
    "depression": ("depression", "depression"),
    "relationship-issues": ("relationship difficulties", "relationships"),
    "trauma-and-early-adverse-experiences": ("early trauma", "trauma"),
    "career-and-academic-issues": ("burnout", "work and career"),
    "eating-disorders": ("eating disorders", "eating disorders"),
    "substance-use": ("substance use", "substance use"),
}

# therapy slug: (words used in titles and text, topic tag, [(finding, citation), ...])
THERAPY_WORDS = {
    "psychodynamic-therapy": (
        "psychodynamic therapy",
        "psychodynamic therapy",
        [
            (
                "Reviews of the research find effects of psychodynamic therapy as large as those "
                "of other evidence-based therapies, and benefits that last and often grow after "
                "therapy ends [@shedler-2010].",
                SHEDLER_2010,
            ),
            (
                "A meta-analysis of long-term psychodynamic therapy found it more helpful than "
                "shorter treatments for people with complex and long-standing difficulties "
                "[@leichsenring-2008].",
                LEICHSENRING_2008,
            ),
            (
                "In a randomized trial with 272 people with depression, long-term psychodynamic "
                "therapy, alone or with medication, reduced depression scores more than "
                "fluoxetine alone [@bastos-2015].",
                BASTOS_2015,
            ),
        ],
    ),
    "cognitive-behavioural-therapy": (
        "CBT",
        "CBT",
        [
            (
                "A review of more than a hundred meta-analyses found strong support for CBT in "
                "anxiety disorders and general stress, and good support for many other "
                "difficulties [@hofmann-2012].",
                HOFMANN_2012,
            ),
        ],
    ),
}

# The people posts are written for, as (words, topic tag or None).
POPULATIONS = [
    ("students", "students"),
    ("graduate students", "students"),
    ("career professionals", "work and career"),
    ("founders", "work and career"),
    ("adolescents", "young people"),
    ("LGBTQ+ adults", "LGBTQ+"),
    ("new parents", "parenting"),
    ("couples", "relationships"),
]

# Everyday themes posts connect a condition with, as (words, topic tag).
ASPECTS = [
    ("sleep", "sleep"),
    ("stress", "stress"),
    ("physical health", "physical health"),
    ("self-criticism", "self-compassion"),
    ("family life", "family"),
    ("work", "work and career"),
    ("loneliness", "loneliness"),
]

# (title, summary). Placeholders: {c} condition, {t} therapy, {p} population, {a} aspect; a
# capital letter ({C}, {T}) gives the words with a capital first letter. Only the title's
# placeholders make a title different; the summary may use the others, filled in at random.
TEMPLATES = [
    (
        "How {t} helps with {c}",
        "What happens in {t} for {c}, how long it usually takes and what the research says "
        "about it.",
    ),
    (
        "What to expect from {t} for {c}",
        "The first call, the first sessions and the weeks after: a plain guide to starting {t} "
        "when {c} is what brings you.",
    ),
    (
        "Why {t} looks beneath the symptoms of {c}",
        "Symptoms are a message as much as a problem. How {t} listens for what lies behind {c}.",
    ),
    (
        "{T} for {c}: a guide for {p}",
        "{C} can take a particular shape among {p}. What {t} offers, and how to fit it around "
        "the rest of your life.",
    ),
    (
        "{C} in {p}: signs that are easy to miss",
        "{C} can look different from what people expect. The quieter signs we see in {p}, and "
        "when they are worth talking about.",
    ),
    (
        "{C} among {p}: what we see in our practice",
        "Our clinicians describe how {c} tends to show up for {p}, what keeps it going and what "
        "helps.",
    ),
    (
        "Small steps out of {c} for {p}",
        "Change rarely starts with a big decision. Small, realistic steps for {p} living with "
        "{c}, and where therapy fits in.",
    ),
    (
        "What {p} tell us about {c}",
        "In their own words, without details that could identify anyone: what {p} say {c} "
        "feels like, and what made a difference.",
    ),
    (
        "{C} and {a}: what the connection means for you",
        "{C} and {a} often feed each other. Why that happens, and how to loosen the loop.",
    ),
    (
        "{C}, {a} and the body",
        "{C} can be felt in the body as well as the mind. How {a} fits in, and what to mention "
        "to your doctor.",
    ),
    (
        "{C} and {a}: a therapist's view",
        "A therapist on how {c} and {a} are linked, what research and practice suggest, and "
        "when to ask for help.",
    ),
    (
        "{C} in {p}: {a} and what helps",
        "For {p}, {c} can show up first as trouble with {a}. What to notice and what helps.",
    ),
    (
        "{C} and {a} in {p}",
        "How {c} and {a} affect each other for {p}, and the changes that tend to help first.",
    ),
    (
        "Five myths about {c}",
        "Misunderstandings about {c} keep people from getting help. Five we hear often, and "
        "what is closer to the truth.",
    ),
    (
        "Family history and {c}: what is passed down",
        "Family history can make {c} more likely, but it is not destiny. What runs in families "
        "and what can change.",
    ),
    (
        "Supporting someone you love through {c}",
        "How to be there for someone living with {c} without losing yourself, and how to "
        "suggest getting help.",
    ),
    (
        "Is it {c} or just a hard season? How to tell",
        "Everyone has difficult stretches. Signs that {c} may be more than a passing phase, "
        "and what to do next.",
    ),
    (
        "{C} after a big life change",
        "A move, a loss, a new job or a new baby can bring {c} to the surface. Why change "
        "unsettles us, and what helps.",
    ),
    (
        "Talking to your doctor about {c}",
        "How to describe {c} to a doctor, what to ask, and how a psychologist and a physician "
        "can work together.",
    ),
    (
        "How {c} can show up in relationships",
        "{C} can shape how we argue, withdraw and reach out. What partners and friends "
        "notice first.",
    ),
    (
        "Questions to ask before starting {t}",
        "Fees, frequency, goals and fit: the questions worth asking a therapist before you "
        "begin {t}.",
    ),
    (
        "Coming back to {t} after a break",
        "Returning to therapy is common and often productive. What to expect when you come "
        "back to {t}.",
    ),
]

INTRO_SENTENCES = [
    "Many people live with {c} for years before they talk to anyone about it.",
    "Questions about {c} are among the most common reasons people first call our practice.",
    "It can be hard to tell ordinary strain from {c}.",
    "People often tell us they expected things to get better on their own, and they did not.",
    "For {p}, {c} can be easy to overlook, by others and by themselves.",
    "{C} can touch {a}, and {a} in turn can change how {c} feels.",
    "There is no single cause of {c}, and no single way through it.",
    "Understanding {c} is often the first step to feeling less alone with it.",
]

MIDDLE_SENTENCES = [
    "Difficulties like these usually make sense once we see what they are protecting us from.",
    "Patterns learned early in life often reappear when we are under pressure.",
    "Noticing a pattern is different from blaming yourself for it.",
    "Progress is rarely a straight line; setbacks are part of the work, not a sign of failure.",
    "Talking to someone outside your everyday life can make room for thoughts you keep to "
    "yourself.",
    "Many of the people we see are high-functioning on the outside and struggling quietly inside.",
    "Sleep, appetite and energy are often the first things to change, long before mood does.",
    "Friends and family can help a great deal, but they are also part of the story.",
    "The aim is not to remove every difficult feeling but to understand and bear it differently.",
    "Small, steady changes tend to last longer than dramatic resolutions.",
]

CLOSING_SENTENCES = [
    "If any of this sounds familiar, a first conversation costs nothing and commits you to "
    "nothing.",
    "You do not need to be in crisis to deserve support.",
    "Asking for help is a sign of taking yourself seriously, not of weakness.",
    "We are happy to talk through whether therapy is the right step for you now.",
    "A good fit with a therapist matters more than any single method.",
]

SECTION_HEADINGS = [
    "What it can look like",
    "Signs to notice",
    "Common signs",
]
THERAPY_HEADINGS = ["How therapy helps", "Where therapy comes in", "What helps"]
CLOSING_HEADINGS = ["When to talk to someone", "Getting help", "Taking a first step"]
EVIDENCE_HEADINGS = ["What the research says", "The evidence", "Why it works"]

# Real quotations, checked against their sources.
QUOTES = [
    ("It is a joy to be hidden, and disaster not to be found.", "D. W. Winnicott"),
    (
        "The curious paradox is that when I accept myself just as I am, then I can change.",
        "Carl R. Rogers, On Becoming a Person",
    ),
    (
        "The good life is a process, not a state of being.",
        "Carl R. Rogers, On Becoming a Person",
    ),
    (
        "Everything can be taken from a man but one thing: the last of the human freedoms, to "
        "choose one's attitude in any given set of circumstances.",
        "Viktor E. Frankl, Man's Search for Meaning",
    ),
]

COMMENT_NAMES = [
    "Alex",
    "Sam R.",
    "Priya",
    "Jordan K.",
    "Maria",
    "Chris",
    "Taylor",
    "Noah B.",
    "Lena",
    "Omar",
    "Grace H.",
    "Dev",
    "Hannah",
    "Luis",
]
COMMENT_BODIES = [
    "Thank you for writing this. It put words to something I have felt for a long time.",
    "I shared this with my sister. It helped us talk about it for the first time.",
    "The part about small steps really landed for me.",
    "Clear and kind, thank you. I did not realise this was so common.",
    "I started therapy last year and this matches my experience.",
    "Very helpful. Would you write more about how to find the right therapist?",
    "I appreciate that you explain what actually happens in a session.",
    "This made me feel less alone. Thank you.",
    "Useful to read as a parent. I will keep it in mind.",
    "Is there a reading list you would recommend on this?",
    "I wish I had read this years ago.",
    "Thank you for the gentle reminder that setbacks are part of it.",
]

# Extra clinicians for the scale demo, so filtering by author means something.
# slug: fields of the ClinicianPage; conditions and therapies are slugs.
CLINICIANS = {
    "dr-maya-okafor": {
        "title": "Dr. Maya Okafor",
        "credentials": "Ph.D.",
        "role": "Licensed Psychologist",
        "licence_type": "PSY",
        "licence_number": "31457",
        "summary": "Psychodynamic therapy for adults and couples, with a focus on trauma and "
        "relationships.",
        "bio": "<p>Dr. Okafor works with adults and couples whose early experiences still shape "
        "how close they let others come. She has a particular interest in trauma and in the "
        "transition to parenthood.</p>",
        "conditions": ["trauma-and-early-adverse-experiences", "relationship-issues"],
        "therapies": ["psychodynamic-therapy"],
    },
    "dr-priya-raman": {
        "title": "Dr. Priya Raman",
        "credentials": "Psy.D.",
        "role": "Licensed Clinical Psychologist",
        "licence_type": "PSY",
        "licence_number": "29873",
        "summary": "CBT and psychodynamic therapy for students and young professionals with "
        "anxiety, depression and eating difficulties.",
        "bio": "<p>Dr. Raman combines CBT with psychodynamic work, choosing with each client what "
        "suits them. She sees many college and graduate students.</p>",
        "conditions": ["anxiety", "depression", "eating-disorders"],
        "therapies": ["cognitive-behavioural-therapy", "psychodynamic-therapy"],
    },
    "daniel-reyes": {
        "title": "Daniel Reyes",
        "credentials": "LMFT",
        "role": "Licensed Marriage and Family Therapist",
        "licence_type": "LMFT",
        "licence_number": "118204",
        "summary": "Therapy for couples, families and adults facing burnout, substance use and "
        "relationship difficulties.",
        "bio": "<p>Daniel works with couples and families, and with professionals whose work has "
        "crowded out the rest of life.</p>",
        "conditions": ["relationship-issues", "career-and-academic-issues", "substance-use"],
        "therapies": ["cognitive-behavioural-therapy"],
    },
}
# How often each author writes: the founder writes the most.
AUTHOR_WEIGHTS = {
    "dr-cassidy-blair": 4,
    "dr-maya-okafor": 3,
    "dr-priya-raman": 3,
    "daniel-reyes": 2,
}

# Small pictures for posts, drawn with Pillow: (title, alt text, background, shape colours).
IMAGES = [
    (
        "Blog picture: morning calm",
        "Abstract picture: soft green circles on a pale sand background.",
        ((240, 232, 214), (214, 226, 205)),
        [(120, 160, 120), (160, 190, 150), (95, 135, 110)],
    ),
    (
        "Blog picture: open water",
        "Abstract picture: overlapping blue circles on a light sky-blue background.",
        ((225, 236, 244), (190, 214, 232)),
        [(70, 120, 160), (110, 155, 190), (150, 185, 210)],
    ),
    (
        "Blog picture: warm evening",
        "Abstract picture: overlapping rose and orange circles on a cream background.",
        ((250, 238, 224), (244, 215, 200)),
        [(220, 140, 100), (200, 120, 130), (235, 175, 120)],
    ),
    (
        "Blog picture: quiet room",
        "Abstract picture: grey and muted teal circles on a pale grey background.",
        ((236, 238, 236), (214, 222, 222)),
        [(90, 130, 130), (150, 160, 160), (120, 150, 145)],
    ),
    (
        "Blog picture: new growth",
        "Abstract picture: clustered green circles on a pale green background.",
        ((244, 246, 236), (222, 234, 210)),
        [(100, 150, 90), (140, 175, 110), (80, 120, 80)],
    ),
    (
        "Blog picture: dusk",
        "Abstract picture: lavender and indigo circles on a pale lilac background.",
        ((236, 230, 244), (205, 200, 228)),
        [(110, 100, 160), (150, 135, 190), (90, 85, 130)],
    ),
]
IMAGE_SIZE = (960, 540)

BATCH = 200  # rows per INSERT or UPDATE statement

HERO_SHARE = 0.35  # posts with a picture at the top
QUOTE_SHARE = 0.3
EVIDENCE_SHARE = 0.35
CTA_SHARE = 0.6
COMMENTED_SHARE = 0.4  # posts with comments; some of them also have comments awaiting moderation
PENDING_SHARE = 0.35


# --- Planning: post i as plain data, the same on every run. ---------------------------------


@dataclass
class PlannedPost:
    number: int
    title: str
    slug: str
    summary: str
    date: datetime.date
    published_at: datetime.datetime
    author: str  # clinician slug
    conditions: list  # condition slugs, the title's first
    therapies: list  # therapy slugs
    tags: list  # topic names
    body: list  # stream data
    hero: int | None  # index into IMAGES
    comments: list = field(default_factory=list)  # (name, body, status, days after the post)


def seeded(*key):
    """A random generator that gives the same sequence for the same key on every run."""
    return random.Random(":".join(map(str, (SEED, *key))))  # noqa: S311 - demo text, not secrets


def capitalise(words):
    return words[:1].upper() + words[1:]


def title_combinations():
    """Every distinct (template, condition, therapy, population, aspect) a title can be made
    from, in a fixed shuffled order: post i takes combination i, so titles do not repeat until
    all of them are used."""
    combos = []
    for number, (title, _summary) in enumerate(TEMPLATES):
        needed = {name for _, name, _, _ in string.Formatter().parse(title) if name}
        choices = [
            sorted(CONDITION_WORDS) if needed & {"c", "C"} else [None],
            sorted(THERAPY_WORDS) if needed & {"t", "T"} else [None],
            range(len(POPULATIONS)) if "p" in needed else [None],
            range(len(ASPECTS)) if "a" in needed else [None],
        ]
        combos.extend((number, *combo) for combo in itertools.product(*choices))
    seeded("titles").shuffle(combos)
    return combos


def fill(text, words):
    return text.format(
        c=words["c"], C=capitalise(words["c"]), t=words["t"], T=capitalise(words["t"]),
        p=words["p"], a=words["a"],
    )  # fmt: skip


def sentences(rng, pool, count, words):
    return " ".join(fill(s, words) for s in rng.sample(pool, count))


def plan_post(number, combo):
    """Post `number`, built from its title combination and a generator seeded by its number."""
    rng = seeded(number)
    template, condition, therapy, population, aspect = combo
    condition = condition or rng.choice(sorted(CONDITION_WORDS))
    if therapy is None and rng.random() < 0.5:
        therapy = rng.choice(sorted(THERAPY_WORDS))
    population = rng.randrange(len(POPULATIONS)) if population is None else population
    aspect = rng.randrange(len(ASPECTS)) if aspect is None else aspect
    words = {
        "c": CONDITION_WORDS[condition][0],
        "t": THERAPY_WORDS[therapy][0] if therapy else "therapy",
        "p": POPULATIONS[population][0],
        "a": ASPECTS[aspect][0],
    }
    title_template, summary_template = TEMPLATES[template]
    title = fill(title_template, words)
    if number >= len(_COMBOS):  # every combination used: a second (third…) part
        title += f" (part {number // len(_COMBOS) + 1})"
    title = capitalise(title)

    days_back = rng.randrange(YEARS_BACK * 365)
    date = LATEST_DATE - datetime.timedelta(days=days_back)
    # Published during the working day in the practice's time zone (Los Angeles), so that the
    # day is the post's date in UTC too, as the feeds expect.
    published_at = timezone.make_aware(
        datetime.datetime.combine(date, datetime.time(8 + rng.randrange(8), rng.randrange(60)))
    )

    others = [c for c in sorted(CONDITION_WORDS) if c != condition]
    conditions = [condition, *rng.sample(others, rng.choice([0, 0, 1, 2]))]
    therapies = [therapy] if therapy else []
    tags = [CONDITION_WORDS[condition][1]]
    if therapy:
        tags.append(THERAPY_WORDS[therapy][1])
    for extra in (POPULATIONS[population][1], ASPECTS[aspect][1]):
        if rng.random() < 0.6:
            tags.append(extra)
    tags = list(dict.fromkeys(tags))  # one each, in order

    _title, _summary, signs, helps, _seek_help, _reviewed = CONDITIONS[condition]
    body = [
        ("paragraph", f"<p>{sentences(rng, INTRO_SENTENCES, 2, words)} "
                      f"{sentences(rng, MIDDLE_SENTENCES, 1, words)}</p>"),
        ("heading", {"text": rng.choice(SECTION_HEADINGS), "level": "h2"}),
        ("paragraph", "<ul>" + "".join(f"<li>{s}</li>" for s in rng.sample(signs, 3)) + "</ul>"),
        ("heading", {"text": rng.choice(THERAPY_HEADINGS), "level": "h2"}),
        ("paragraph", helps + f"<p>{sentences(rng, MIDDLE_SENTENCES, 2, words)}</p>"),
    ]  # fmt: skip
    if rng.random() < QUOTE_SHARE:
        quote, attribution = rng.choice(QUOTES)
        body.append(("quote", {"quote": quote, "attribution": attribution}))
    if rng.random() < EVIDENCE_SHARE:
        findings = THERAPY_WORDS[therapy or rng.choice(sorted(THERAPY_WORDS))][2]
        chosen = rng.sample(findings, min(len(findings), rng.choice([1, 2])))
        body.append(
            (
                "evidence",
                {
                    "heading": rng.choice(EVIDENCE_HEADINGS),
                    "text": "".join(f"<p>{finding}</p>" for finding, _ in chosen),
                    "citations": [citation for _, citation in chosen],
                },
            )
        )
    body += [
        ("heading", {"text": rng.choice(CLOSING_HEADINGS), "level": "h2"}),
        ("paragraph", f"<p>{sentences(rng, CLOSING_SENTENCES, 2, words)}</p>"),
    ]
    if rng.random() < CTA_SHARE:
        body.append(("call_to_action", {"heading": "", "text": ""}))

    comments = []
    if rng.random() < COMMENTED_SHARE:
        statuses = ["approved"] * rng.randint(1, 3) + ["pending"] * (rng.random() < PENDING_SHARE)
        # Different people saying different things under one post.
        names = rng.sample(COMMENT_NAMES, len(statuses))
        bodies = rng.sample(COMMENT_BODIES, len(statuses))
        for name, text, status in zip(names, bodies, statuses, strict=True):
            comments.append((name, text, status, rng.randint(1, 60)))

    authors = list(AUTHOR_WEIGHTS)
    return PlannedPost(
        number=number,
        title=title,
        slug=slugify(title)[:80].rstrip("-"),
        summary=fill(summary_template, words),
        date=date,
        published_at=published_at,
        author=rng.choices(authors, weights=[AUTHOR_WEIGHTS[a] for a in authors])[0],
        conditions=conditions,
        therapies=therapies,
        tags=tags,
        body=body,
        hero=rng.randrange(len(IMAGES)) if rng.random() < HERO_SHARE else None,
        comments=comments,
    )


_COMBOS = title_combinations()


def plan_posts(count):
    """Posts 0 … count-1. Slugs are unique: a slug already taken gets the post's number."""
    posts, seen = [], set()
    for number in range(count):
        post = plan_post(number, _COMBOS[number % len(_COMBOS)])
        if post.slug in seen:
            post.slug = f"{post.slug[:72]}-{number}"
        seen.add(post.slug)
        posts.append(post)
    return posts


# --- Seeding ---------------------------------------------------------------------------------


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
        page.conditions = [conditions[s] for s in spec["conditions"] if s in conditions]
        page.therapies = [therapies[s] for s in spec["therapies"] if s in therapies]
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
            image.file = ImageFile(buffer, name=f"{slugify(title)}.jpg")
            image._set_image_file_metadata()  # size and hash, as the admin's upload form does
            image.save()
        images.append(image)
    return images


def ensure_tags(names):
    """The topics by name, creating the missing ones (through Tag.save, which makes the slug)."""
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(set(names) - set(tags)):
        tags[name] = Tag.objects.create(name=name)
    return tags


def build_post(plan, index, path, now, related):
    """An unsaved, live BlogPostPage for `plan` at tree position `path` under `index`, with its
    topics and relations held in memory (modelcluster) until they are written in bulk."""
    clinicians, images, conditions, therapies, tags = related
    post = BlogPostPage(
        title=plan.title,
        draft_title=plan.title,
        slug=plan.slug,
        path=path,
        depth=index.depth + 1,
        numchild=0,
        locale_id=index.locale_id,
        date=plan.date,
        summary=plan.summary,
        body=plan.body,
        author=clinicians.get(plan.author),
        hero_image=images[plan.hero] if plan.hero is not None else None,
        live=True,
        has_unpublished_changes=False,
        first_published_at=plan.published_at,
        last_published_at=now,
        latest_revision_created_at=now,
    )
    post.set_url_path(index)
    post.related_conditions = [conditions[s] for s in plan.conditions if s in conditions]
    post.related_therapies = [therapies[s] for s in plan.therapies if s in therapies]
    # Every child relation held in memory, most of them empty (pinned related posts, editors'
    # comments): serialising the post into its revision and reading its references then ask the
    # database nothing.
    for relation in get_all_child_relations(post):
        setattr(post, relation.get_accessor_name(), [])
    # The topics as the tag manager would hold them, without its look-up of tags by name.
    post.tagged_items = [BlogPostTag(tag=tags[name]) for name in plan.tags]
    return post


def insert_posts(index, posts, now):
    """Write the posts as Wagtail's add_child, save_revision and publish would leave them (page
    row, revision, live revision, create and publish log entries, topics, relations, reference
    index), a few queries per hundred posts instead of about 150 queries per post."""
    page_type = ContentType.objects.get_for_model(Page)
    post_type = ContentType.objects.get_for_model(BlogPostPage)
    db = router.db_for_write(BlogPostPage)

    # Page rows, then the blog post rows that extend them. Django's bulk_create refuses
    # multi-table models as a whole, so the two tables are written one after the other.
    for post in posts:
        post.content_type = post_type
    Page.objects.bulk_create(posts, batch_size=BATCH)
    for post in posts:
        post.page_ptr_id = post.id
    child_fields = BlogPostPage._meta.local_concrete_fields
    for start in range(0, len(posts), BATCH):
        BlogPostPage._base_manager._insert(posts[start : start + BATCH], child_fields, using=db)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(posts))

    # Topics and relations, from the in-memory cluster of each post.
    BlogPostTag.objects.bulk_create(
        [item for post in posts for item in post.tagged_items.all()], batch_size=BATCH
    )
    for name in ("related_conditions", "related_therapies"):
        relation = BlogPostPage._meta.get_field(name)
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": post.pk, f"{target}_id": other.pk})
                for post in posts
                for other in getattr(post, name).all()
            ],
            batch_size=BATCH,
        )

    # One revision each, made live; then the history the admin shows.
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=post_type,
                base_content_type=page_type,
                object_id=str(post.pk),
                created_at=now,
                object_str=str(post),
                content=post.serializable_data(),
            )
            for post in posts
        ],
        batch_size=BATCH,
    )
    # Each post's revision is its latest and its live one: one UPDATE for all of them.
    for post, revision in zip(posts, revisions, strict=True):
        post.latest_revision = post.live_revision = revision
    own_revision = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-pk")
    Page.objects.filter(pk__in=[post.pk for post in posts]).update(
        latest_revision=Subquery(own_revision.values("pk")[:1]),
        live_revision=Subquery(own_revision.values("pk")[:1]),
    )
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=post_type,
                page_id=post.pk,
                revision=logged_revision,
                label=str(post),
                action=action,
                data={},
                timestamp=now,
                content_changed=True,
            )
            for post, revision in zip(posts, revisions, strict=True)
            for action, logged_revision in (
                ("wagtail.create", None),
                ("wagtail.publish", revision),
            )
        ],
        batch_size=BATCH,
    )

    # What the reference index signal would record ("usage" of images, clinicians, topics).
    ReferenceIndex.objects.bulk_create(
        [
            ReferenceIndex(
                content_type=post_type,
                base_content_type=page_type,
                object_id=post.pk,
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for post in posts
            for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(post)
            )
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return revisions


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
    last = index.get_last_child()
    position = last._get_lastpos_in_path() if last is not None else 0
    now = timezone.now()
    posts = [
        build_post(
            plan, index, Page._get_path(index.path, index.depth + 1, position + n), now, related
        )
        for n, plan in enumerate(missing, start=1)
    ]
    revisions = insert_posts(index, posts, now)
    comments = add_comments(posts, missing)
    for post, revision in zip(posts, revisions, strict=True):
        # What publish() announces, for listeners such as cache invalidation.
        page_published.send(sender=BlogPostPage, instance=post, revision=revision)
        published.send(sender=BlogPostPage, instance=post, revision=revision)
    return Result(present=count, created=len(posts), comments=comments, added=", ".join(added))
