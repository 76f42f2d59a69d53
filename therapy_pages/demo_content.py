"""The demo's therapies and conditions as data, in the project's own words: the lists (focus
areas, what it is not, populations, conditions) and the Winnicott quote come from the page the
product was modelled on; the citations are real, checkable publications (fields left empty when
unsure). `therapy_pages.demo` writes them as pages."""

POPULATIONS = [
    "Career professionals",
    "College and graduate students",
    "Adolescents",
    "LGBTQ+",
]
# Groups only the demo team's profiles name (not the therapy pages): after POPULATIONS.
TEAM_POPULATIONS = ["Couples"]

# What each demo clinician of `practice.demo_team` works with, chosen on their profile once,
# when the profile is new: condition slugs, therapy slugs and population names.
TEAM_LINKS = {
    "dr-sofia-navarro": {
        "conditions": ["anxiety", "depression"],
        "therapies": ["cognitive-behavioral-therapy"],
        "populations": ["Career professionals", "College and graduate students"],
    },
    "marcus-webb": {
        "conditions": ["relationship-issues", "career-and-academic-issues"],
        "therapies": ["psychodynamic-therapy"],
        "populations": ["Couples", "LGBTQ+"],
    },
    "dr-priya-raman": {
        "conditions": ["trauma-and-early-adverse-experiences", "anxiety"],
        "therapies": ["psychodynamic-therapy", "cognitive-behavioral-therapy"],
        "populations": ["Career professionals", "LGBTQ+"],
    },
    "jordan-lee": {
        "conditions": ["depression", "career-and-academic-issues"],
        "therapies": ["cognitive-behavioral-therapy"],
        "populations": ["College and graduate students"],
    },
}

# Reviews are dated relative to the day the demo is seeded, so a fresh demo never shows an
# overdue review: most pages were checked about ten weeks ago (next review in about ten months),
# and one is coming up for review soon, so the "Clinical reviews due" report has an entry.
REVIEWED_DAYS_AGO = 75
REVIEWED_LONG_AGO_DAYS = 345  # due in about three weeks, inside the report's 30-day warning


SHEDLER_2010 = {
    "key": "shedler-2010",
    "authors": "Shedler, J.",
    "title": "The efficacy of psychodynamic psychotherapy",
    "source": "American Psychologist, 65(2), 98–109",
    "year": 2010,
    "doi": "10.1037/a0018378",
    "pmid": "",
    "url": None,
}
LEICHSENRING_2008 = {
    "key": "leichsenring-2008",
    "authors": "Leichsenring, F., & Rabung, S.",
    "title": "Effectiveness of long-term psychodynamic psychotherapy: a meta-analysis",
    "source": "JAMA, 300(13), 1551–1565",
    "year": 2008,
    "doi": "10.1001/jama.300.13.1551",
    "pmid": "",
    "url": None,
}
HOFMANN_2012 = {
    "key": "hofmann-2012",
    "authors": "Hofmann, S. G., Asnaani, A., Vonk, I. J. J., Sawyer, A. T., & Fang, A.",
    "title": "The efficacy of cognitive behavioral therapy: a review of meta-analyses",
    "source": "Cognitive Therapy and Research, 36(5), 427–440",
    "year": 2012,
    "doi": "10.1007/s10608-012-9476-1",
    "pmid": "",
    "url": None,
}

CRISIS_NOTE = (
    "<p>If you are thinking about harming yourself, or feel you cannot keep yourself safe, do not "
    "wait for an appointment: get help right away.</p>"
)

# slug: (title, summary, signs, how therapy helps, when to seek help, reviewed how many days ago)
CONDITIONS = {
    "anxiety": (
        "Anxiety",
        "Feeling anxious most of the time: worry that will not switch off, tension in the body "
        "and a sense that something is about to go wrong. Anxiety is common, and it responds "
        "well to therapy.",
        [
            "Worrying most days, about many things, and finding it hard to stop",
            "Restlessness, a racing heart or trouble breathing",
            "Avoiding places, people or tasks because of fear",
            "Trouble sleeping or concentrating",
        ],
        "<p>Therapy helps you understand what your anxiety is responding to, and why it is so "
        "hard to set aside. As those sources become clearer, the worry usually loosens its "
        "grip.</p>",
        "<p>Seek help now if panic or fear stops you eating, sleeping or leaving home, or if you "
        "have thoughts of ending your life.</p>",
        REVIEWED_DAYS_AGO,
    ),
    "depression": (
        "Depression",
        "More than sadness: a heaviness that drains energy and pleasure from daily life. Depression "
        "is treatable, and many people feel better with the right support.",
        [
            "Low mood for most of the day, for two weeks or more",
            "Losing interest in things you used to enjoy",
            "Feeling worthless, guilty or hopeless",
            "Changes in sleep, appetite or energy",
        ],
        "<p>In therapy you can look at the losses, conflicts and expectations that weigh you down, "
        "and find ways of relating to yourself with less harshness.</p>",
        "<p>Seek help now if you have thoughts of death or suicide, or if you have stopped eating "
        "or drinking.</p>",
        REVIEWED_DAYS_AGO,
    ),
    "relationship-issues": (
        "Relationship issues",
        "Repeating the same arguments, feeling alone with a partner, or struggling to let anyone "
        "close. Patterns in relationships can change once they are understood.",
        [
            "The same conflicts returning again and again",
            "Difficulty trusting others or being trusted",
            "Feeling unseen or unheard by the people closest to you",
            "Finding it hard to start or keep relationships",
        ],
        "<p>Therapy is itself a relationship. Noticing how old patterns appear there, safely and "
        "with curiosity, makes it possible to respond differently elsewhere.</p>",
        "<p>Seek help now if you are being hurt, threatened or controlled by someone close to "
        "you.</p>",
        REVIEWED_DAYS_AGO,
    ),
    "trauma-and-early-adverse-experiences": (
        "Trauma and early adverse experiences",
        "Frightening events, neglect or loss, especially early in life, can shape how safe the "
        "world feels long afterwards. Healing is possible at any age.",
        [
            "Memories, images or dreams that intrude without warning",
            "Feeling on guard, numb or cut off from others",
            "Strong reactions to reminders of what happened",
            "A sense that you are to blame",
        ],
        "<p>Therapy offers a steady place to make sense of what happened at a pace you choose, "
        "so that the past has less hold on the present.</p>",
        "<p>Seek help now if you feel unsafe, are being harmed, or have thoughts of harming "
        "yourself.</p>",
        REVIEWED_DAYS_AGO,
    ),
    "career-and-academic-issues": (
        "Career and academic issues",
        "Burnout, stalled ambition, fear of failure or a career that no longer fits. Work and study "
        "touch who we are, so difficulties there can run deep.",
        [
            "Exhaustion or dread before work or class",
            "Procrastination that does not respond to willpower",
            "Perfectionism and fear of being found out",
            "Success that feels empty",
        ],
        "<p>Therapy helps untangle your own wishes from the expectations you carry, and looks at "
        "what gets in the way of work that feels like yours.</p>",
        "<p>Seek help now if pressure at work or school leads to thoughts of harming yourself.</p>",
        REVIEWED_DAYS_AGO,
    ),
    "eating-disorders": (
        "Eating disorders",
        "A painful preoccupation with food, weight or shape that harms body and mind. Eating "
        "disorders are serious, and recovery is possible with care.",
        [
            "Restricting food, bingeing or purging",
            "Thoughts about food or weight taking up much of the day",
            "Feeling your worth depends on your body",
            "Hiding eating habits from others",
        ],
        "<p>Therapy, often alongside medical care, looks at what the eating disorder does for you "
        "and helps you find other ways to manage the feelings underneath.</p>",
        "<p>Seek help now if you faint, have chest pain, or cannot keep food or fluids down: these "
        "can be medical emergencies.</p>",
        REVIEWED_DAYS_AGO,
    ),
    "substance-use": (
        "Substance use",
        "Alcohol or drugs that began as relief and became a problem of their own. Change is "
        "possible, and you do not have to do it alone.",
        [
            "Using more, or more often, than you intend",
            "Wanting to cut down and finding you cannot",
            "Problems at work, at home or with health because of use",
            "Using to cope with feelings",
        ],
        "<p>Therapy explores what the substance helps you bear, and supports steadier ways of "
        "coping, alongside medical help where needed.</p>",
        "<p>Seek help now after an overdose, if you have withdrawal symptoms such as seizures or "
        "confusion, or if you have thoughts of harming yourself.</p>",
        REVIEWED_LONG_AGO_DAYS,
    ),
}


def condition_body(signs, helps, seek_help):
    return [
        ("signs", {"heading": "Common signs", "intro": "", "items": signs}),
        ("heading", {"text": "How therapy helps", "level": "h2"}),
        ("paragraph", helps),
        ("seek_help", {"heading": "When to seek help now", "text": seek_help + CRISIS_NOTE}),
    ]


PSYCHODYNAMIC_BODY = [
    (
        "who_it_helps",
        {
            "populations_heading": "Who can psychodynamic therapy help?",
            "populations_intro": "Most people can benefit from it. Among the people we see most often:",
            "conditions_heading": "What can psychodynamic therapy help with?",
            "helps_you": [
                "Get more out of your experiences",
                "Find new ways of relating to others",
                "Gain lasting relief from suffering",
            ],
            "conditions_intro": "It can help with many difficulties, including:",
        },
    ),
    ("heading", {"text": "How does psychodynamic therapy work?", "level": "h2"}),
    (
        "paragraph",
        "<p>The work helps you see how conflicts rooted in earlier experiences and early "
        "development are still being played out today. It pays close attention to emotional "
        "development, and to noticing the different emotional states you move through.</p>",
    ),
    (
        "focus_areas",
        {
            "heading": "Main areas of focus",
            "intro": "",
            "items": [
                "Noticing emotions and finding words for them",
                "Understanding the defenses and resistances that keep feelings at a distance",
                "Seeing how painful situations and conflicts repeat across your life",
                "Exploring how early relationships and attachments shape the way you relate to others",
                "Recognizing self-defeating patterns and how to step out of them",
                "Noticing how relational patterns show up in the relationship with your therapist",
                "Exploring your inner life, including dreams, daydreams and fantasies",
            ],
        },
    ),
    (
        "contrast",
        {
            "heading": "What psychodynamic therapy is not",
            "intro": "<p>Your symptoms can be expected to ease, but removing them one by one with "
            "techniques is not the method. The work looks for their causes, so that change "
            "lasts.</p>",
            "is_label": "What it is",
            "is_items": [
                "Exploratory",
                "Focused on root causes",
                "Insight-oriented",
                "A space to find your own answers",
            ],
            "is_not_label": "What it is not",
            "is_not_items": [
                "Agenda-driven",
                "Only about symptoms",
                "Simple advice",
                "Being told what to do",
            ],
        },
    ),
    (
        "evidence",
        {
            "heading": "Why psychodynamic therapy works",
            "text": "<p>Psychodynamic therapy is an evidence-based treatment. Reviews of the "
            "research find that it reduces symptoms about as much as other established "
            "therapies, such as CBT, and that its benefits tend to last, with many people "
            "continuing to improve after therapy has ended [@shedler-2010].</p>"
            "<p>Longer-term psychodynamic therapy has also been found effective for complex and "
            "long-standing difficulties [@leichsenring-2008].</p>",
            "citations": [SHEDLER_2010, LEICHSENRING_2008],
        },
    ),
    (
        "quote",
        {
            "quote": "It is a joy to be hidden, and disaster not to be found.",
            "attribution": "D. W. Winnicott",
        },
    ),
    (
        "faq",
        {
            "heading": "Questions people ask",
            "items": [
                {
                    "question": "How long does psychodynamic therapy take?",
                    "answer": "<p>It depends on what you hope for. Some people come for a few "
                    "months to work on one difficulty; others stay for a year or more. Sessions "
                    "last about an hour, usually once a week.</p>",
                },
                {
                    "question": "Is it the same as psychoanalysis?",
                    "answer": "<p>It grew out of psychoanalysis but is usually less intensive: "
                    "fewer sessions a week, sitting face to face.</p>",
                },
            ],
        },
    ),
]

CBT_BODY = [
    ("who_it_helps", {"populations_intro": "", "helps_you": [], "conditions_intro": ""}),
    ("heading", {"text": "How does CBT work?", "level": "h2"}),
    (
        "paragraph",
        "<p>CBT looks at the links between what you think, what you feel and what you do. "
        "Together with your therapist you notice the thoughts and habits that keep a problem "
        "going, then try out new ones, in sessions and between them.</p>",
    ),
    (
        "focus_areas",
        {
            "heading": "What sessions often include",
            "intro": "",
            "items": [
                "Setting clear goals together",
                "Noticing thoughts that fuel distress",
                "Testing those thoughts against what actually happens",
                "Practicing new behaviors between sessions",
                "Learning skills you can keep using after therapy ends",
            ],
        },
    ),
    (
        "evidence",
        {
            "heading": "What the research says",
            "text": "<p>CBT has been studied in a very large number of trials, with strong "
            "support for anxiety disorders among others [@hofmann-2012].</p>",
            "citations": [HOFMANN_2012],
        },
    ),
]
