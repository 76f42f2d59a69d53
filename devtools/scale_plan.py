"""Planning: generated post i as plain data (title, summary, date, author, topics, body,
picture, comments), the same on every run whatever the number of posts asked for. Each post has
its own seeded random generator; titles come from a fixed shuffled list of every combination the
templates allow, so none repeats until all are used."""

import datetime
import itertools
import random
import string
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from devtools.scale_data import (
    ASPECTS,
    CLOSING_HEADINGS,
    CLOSING_SENTENCES,
    COMMENT_BODIES,
    COMMENT_NAMES,
    CONDITION_WORDS,
    EVIDENCE_HEADINGS,
    INTRO_SENTENCES,
    LATEST_DATE,
    MIDDLE_SENTENCES,
    POPULATIONS,
    QUOTES,
    SECTION_HEADINGS,
    SEED,
    TEMPLATES,
    THERAPY_HEADINGS,
    THERAPY_WORDS,
    YEARS_BACK,
)
from therapy_pages.demo import CONDITIONS

# Extra clinicians for the scale demo, so filtering by author means something.
# slug: fields of the ClinicianPage; conditions and therapies are slugs.
CLINICIANS = {
    "dr-maya-okafor": {
        "title": "Dr. Maya Okafor",
        "credentials": "Ph.D.",
        "role": "Licensed Psychologist",
        "license_type": "PSY",
        "license_number": "31457",
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
        "license_type": "PSY",
        "license_number": "29873",
        "summary": "CBT and psychodynamic therapy for students and young professionals with "
        "anxiety, depression and eating difficulties.",
        "bio": "<p>Dr. Raman combines CBT with psychodynamic work, choosing with each client what "
        "suits them. She sees many college and graduate students.</p>",
        "conditions": ["anxiety", "depression", "eating-disorders"],
        "therapies": ["cognitive-behavioral-therapy", "psychodynamic-therapy"],
    },
    "daniel-reyes": {
        "title": "Daniel Reyes",
        "credentials": "LMFT",
        "role": "Licensed Marriage and Family Therapist",
        "license_type": "LMFT",
        "license_number": "118204",
        "summary": "Therapy for couples, families and adults facing burnout, substance use and "
        "relationship difficulties.",
        "bio": "<p>Daniel works with couples and families, and with professionals whose work has "
        "crowded out the rest of life.</p>",
        "conditions": ["relationship-issues", "career-and-academic-issues", "substance-use"],
        "therapies": ["cognitive-behavioral-therapy"],
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

HERO_SHARE = 0.35  # posts with a picture at the top
QUOTE_SHARE = 0.3
EVIDENCE_SHARE = 0.35
CTA_SHARE = 0.6
COMMENTED_SHARE = 0.4  # posts with comments; some of them also have comments awaiting moderation
PENDING_SHARE = 0.35


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


def capitalize(words):
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
        c=words["c"], C=capitalize(words["c"]), t=words["t"], T=capitalize(words["t"]),
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
    title = capitalize(title)

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
