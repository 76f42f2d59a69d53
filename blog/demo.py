"""Demo blog: Dr. Blair's guide to psychodynamic therapy and the three posts the seed lists as
related, in the project's own words, plus a clinician account for Dr. Blair. Citations are real:
Shedler (2010) and Bastos, Guimarães & Trentini (2015), whose DOIs were checked."""

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site

from blog.models import BlogIndexPage, BlogPostPage
from blog.permissions import CLINICIANS, ensure_groups
from practice.demo import get_or_publish
from practice.demo_art import add_post_art
from practice.demo_dates import days_ago
from practice.management.commands.ensure_dev_admin import DEFAULT_PASSWORD
from practice.models import ClinicianPage, HomePage
from therapy_pages.demo import SHEDLER_2010
from therapy_pages.models import ConditionPage, TherapyPage

CLINICIAN_USERNAME = "cassidy.blair"

BASTOS_2015 = {
    "key": "bastos-2015",
    "authors": "Bastos, A. G., Guimarães, L. S. P., & Trentini, C. M.",
    "title": "The efficacy of long-term psychodynamic psychotherapy, fluoxetine and their "
    "combination in the outpatient treatment of depression",
    "source": "Psychotherapy Research, 25(5), 612–624",
    "year": 2015,
    "doi": "10.1080/10503307.2014.935519",
    "pmid": "",
    "url": None,
}


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def paragraph(html):
    return ("paragraph", html)


GUIDE_BODY = [
    paragraph(
        "<p>Psychodynamic therapy is a talking therapy that has been studied for many years. "
        "Still, many people are not sure what happens in the room. This guide explains where it "
        "comes from, who it helps and what to expect from your first sessions.</p>"
    ),
    heading("What is psychodynamic therapy?"),
    paragraph(
        "<p>Psychodynamic therapy pays attention to the parts of our feelings that sit just "
        "outside awareness. It is sometimes called insight-oriented therapy. The aim is to see "
        "how past relationships and old conflicts shape the way we feel and act now. That "
        "includes habits that work against us.</p>"
        "<p>It grew out of Freud's psychoanalysis. Today it is usually less intense, and it is "
        "shaped to fit the problem a person brings.</p>"
    ),
    heading("When is it used?"),
    (
        "evidence",
        {
            "heading": "What the research says",
            "text": "<p>Reviews of the research find that psychodynamic therapy helps as much "
            "as other well-tested therapies. Its benefits tend to last, and often grow after "
            "therapy ends [@shedler-2010].</p>"
            "<p>One trial followed 272 people with depression for 24 months. Long-term "
            "psychodynamic therapy, alone or with medicine, lowered their depression scores "
            "more than the drug fluoxetine alone [@bastos-2015].</p>",
            "citations": [SHEDLER_2010, BASTOS_2015],
        },
    ),
    paragraph(
        "<p>People come to psychodynamic therapy with many kinds of trouble. Some have "
        "depression or anxiety. Some struggle with eating, or with alcohol or drugs. Some have "
        "body symptoms with an emotional side, or feel that life has lost its meaning. Many "
        "come because their relationships keep going wrong in the same way.</p>"
    ),
    heading("What to expect"),
    paragraph(
        "<p>Your therapist will invite you to talk about whatever is on your mind: current "
        "worries, memories, dreams, fears and wishes. Over time, patterns become visible in how "
        "you feel, think and relate, including in the relationship with your therapist. "
        "Recognizing a pattern is the first step to stepping out of it.</p>"
        "<ul><li>Sessions usually last about an hour, once a week</li>"
        "<li>Therapy can be short (under a year) or longer term</li>"
        "<li>You set the pace; nothing has to be said before you are ready</li></ul>"
    ),
    (
        "quote",
        {
            "quote": "It is a joy to be hidden, and disaster not to be found.",
            "attribution": "D. W. Winnicott",
        },
    ),
    ("call_to_action", {"heading": "", "text": ""}),
]

ENTREPRENEURS_BODY = [
    paragraph(
        "<p>Building a business asks for long hours, constant decisions and a tolerance for "
        "uncertainty that few jobs demand. Even success does not always bring relief: many "
        "founders describe a steady background of stress, worry or low mood.</p>"
    ),
    heading("What founders often tell us"),
    paragraph(
        "<ul><li>Worry about money and people that follows them home</li>"
        "<li>Trouble switching off, and sleep that suffers</li>"
        "<li>Feeling alone with decisions no one else can share</li>"
        "<li>A sense that achievements never feel like enough</li></ul>"
    ),
    heading("How therapy can help"),
    paragraph(
        "<p>Therapy offers one place where you do not have to perform. It can help you notice "
        "what drives you, separate your worth from your company's results, and find a more "
        "sustainable way to work.</p>"
    ),
    ("call_to_action", {"heading": "", "text": ""}),
]

ANXIETY_BODY = [
    paragraph(
        "<p>Anxiety rarely has a single cause. Health, family history and life events can "
        "each play a part. Most often, they work together.</p>"
    ),
    heading("What can play a part"),
    paragraph(
        "<ul><li>Long periods of stress, or a single overwhelming event</li>"
        "<li>Anxiety or depression in close relatives</li>"
        "<li>Health problems, and some medicines or substances</li>"
        "<li>Early experiences that taught you the world is unsafe</li></ul>"
    ),
    heading("Why understanding the cause matters"),
    paragraph(
        "<p>A licensed psychologist looks at all of these together. That shows where your "
        "anxiety comes from, so treatment can be planned around what you need.</p>"
    ),
    ("call_to_action", {"heading": "", "text": ""}),
]

EATING_BODY = [
    paragraph(
        "<p>Eating disorders are serious mental health conditions, and they affect the whole "
        "body. An unhealthy focus on weight and disturbed eating can damage health and put a "
        "person at real risk if left untreated.</p>"
    ),
    heading("Effects on the body"),
    paragraph(
        "<ul><li>Heart rhythm problems and low blood pressure</li>"
        "<li>Weakened bones and muscles</li>"
        "<li>Digestive problems</li><li>Exhaustion, dizziness and fainting</li></ul>"
    ),
    heading("Getting help"),
    paragraph(
        "<p>Recovery is possible. Care usually combines therapy with medical follow-up; the "
        "sooner it starts, the better the body and mind can recover.</p>"
    ),
    ("call_to_action", {"heading": "", "text": ""}),
]


def ensure_clinician_account(blair, command=None):
    """Dr. Blair's admin account, in the Clinicians group and linked to her profile. A usable
    password is set only in development; elsewhere an admin sets one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=CLINICIAN_USERNAME,
        defaults={"first_name": "Cassidy", "last_name": "Blair", "is_staff": False},
    )
    if created:
        if settings.DEBUG:
            user.set_password(DEFAULT_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=CLINICIANS))
        if command is not None:
            password = f"password {DEFAULT_PASSWORD}" if settings.DEBUG else "no password yet"
            command.record(f"clinician account: {CLINICIAN_USERNAME} ({password})")
    if blair is not None and blair.user_id is None and not hasattr(user, "clinician_page"):
        blair.user = user
        blair.save_revision().publish()
    return user


def post(slug, title, date, summary, body, author, tags, conditions=(), therapies=()):
    page = BlogPostPage(
        title=title,
        slug=slug,
        date=date,
        summary=summary,
        body=body,
        author=author,
        related_conditions=list(conditions),
        related_therapies=list(therapies),
    )
    page.tags.add(*tags)
    return page


def seed(command=None):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        return
    ensure_groups(django_apps)  # after the tree's roots exist, so page permissions can be given
    blair = ClinicianPage.objects.filter(slug="dr-cassidy-blair").first()
    ensure_clinician_account(blair, command)
    conditions = {c.slug: c for c in ConditionPage.objects.all()}
    psychodynamic = TherapyPage.objects.filter(slug="psychodynamic-therapy").first()

    index_is_new = not BlogIndexPage.objects.exists()
    index = get_or_publish(
        home,
        BlogIndexPage(
            title="Blog",
            slug="blog",
            show_in_menus=True,
            search_description="Articles by the psychologists of Blair Wellness Group on "
            "therapy, anxiety, depression and everyday mental health.",
            intro="<p>Articles by our clinicians on therapy, mental health and everyday life.</p>",
        ),
        command,
    )
    if index_is_new:
        home.featured_links.append(
            (
                "link",
                {
                    "page": index,
                    "heading": "Read our blog",
                    "external_url": "",
                    "text": "Articles by our psychologists on therapy and mental health.",
                },
            )
        )
        home.save_revision().publish()

    def pick(*slugs):
        return [conditions[s] for s in slugs if s in conditions]

    # Dated relative to the day the demo is seeded: the newest post is seven weeks old.
    posts = [
        post(
            "physical-health-consequences-of-eating-disorders",
            "The physical health consequences of eating disorders",
            days_ago(121),
            "Eating disorders are psychological conditions, but the harm they do reaches the "
            "heart, bones and digestion. Why early help matters.",
            EATING_BODY,
            blair,
            ["eating disorders", "physical health"],
            pick("eating-disorders"),
        ),
        post(
            "what-causes-anxiety",
            "What causes anxiety?",
            days_ago(93),
            "Health, family history and life experience can all make anxiety more likely. How a "
            "psychologist pieces the causes together.",
            ANXIETY_BODY,
            blair,
            ["anxiety", "stress"],
            pick("anxiety"),
        ),
        post(
            "mental-health-of-entrepreneurs",
            "Common mental health issues in successful entrepreneurs",
            days_ago(72),
            "Running a business brings pressures few others face, and success does not always "
            "bring relief. What founders struggle with, and how therapy helps.",
            ENTREPRENEURS_BODY,
            blair,
            ["stress", "work and career", "anxiety"],
            pick("career-and-academic-issues", "anxiety", "depression"),
        ),
        post(
            "what-is-psychodynamic-therapy",
            "What is psychodynamic therapy? Everything you need to know",
            days_ago(50),
            "Where psychodynamic therapy comes from, what the research says, whom it helps and "
            "what to expect in your first sessions.",
            GUIDE_BODY,
            blair,
            ["psychodynamic therapy", "depression", "anxiety"],
            pick("depression", "anxiety", "eating-disorders", "substance-use"),
            [psychodynamic] if psychodynamic else [],
        ),
    ]
    for page in posts:
        get_or_publish(index, page, command)
    add_post_art(index, command)
