"""What the generated blog posts are made of: the demo's conditions and therapies with the words
posts use for them, the people and everyday themes posts are written about, title and summary
templates, sentences, headings, real quotations and readers' comments. Plain data, read by
`devtools.scale_plan`, which builds post i from it the same way on every run."""

import datetime

from blog.demo import BASTOS_2015
from therapy_pages.demo import HOFMANN_2012, LEICHSENRING_2008, SHEDLER_2010

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
    "cognitive-behavioral-therapy": (
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
    "Clear and kind, thank you. I did not realize this was so common.",
    "I started therapy last year and this matches my experience.",
    "Very helpful. Would you write more about how to find the right therapist?",
    "I appreciate that you explain what actually happens in a session.",
    "This made me feel less alone. Thank you.",
    "Useful to read as a parent. I will keep it in mind.",
    "Is there a reading list you would recommend on this?",
    "I wish I had read this years ago.",
    "Thank you for the gentle reminder that setbacks are part of it.",
]
