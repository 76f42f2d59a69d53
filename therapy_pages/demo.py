"""Demo therapies and conditions: the pages written from the data in `demo_content`, linked to
Dr. Blair's profile and to the home page's featured cards."""

from wagtail.models import Site

from practice.demo import get_or_publish
from practice.models import ClinicianPage, HomePage
from therapy_pages.demo_content import (
    CBT_BODY,
    CONDITIONS,
    HOFMANN_2012,
    LEICHSENRING_2008,
    POPULATIONS,
    PSYCHODYNAMIC_BODY,
    REVIEWED,
    SHEDLER_2010,
    condition_body,
)
from therapy_pages.models import (
    ConditionIndexPage,
    ConditionPage,
    Population,
    TherapyIndexPage,
    TherapyPage,
)

# The citations are imported from here by the blog's demo and the scale generator.
__all__ = ["CONDITIONS", "HOFMANN_2012", "LEICHSENRING_2008", "SHEDLER_2010", "seed"]


def add_featured_link(home, page, text):
    home.featured_links.append(
        ("link", {"page": page, "heading": "", "external_url": "", "text": text})
    )
    home.save_revision().publish()


def seed(command=None):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        return
    blair = ClinicianPage.objects.filter(slug="dr-cassidy-blair").first()

    populations = {}
    for order, name in enumerate(POPULATIONS):
        population, created = Population.objects.get_or_create(
            name=name, defaults={"sort_order": order}
        )
        populations[name] = population
        if created and command is not None:
            command.record(f"population: {name}")

    condition_index_is_new = not ConditionIndexPage.objects.exists()
    condition_index = get_or_publish(
        home,
        ConditionIndexPage(
            title="Conditions we treat",
            slug="conditions",
            show_in_menus=True,
            intro="<p>Difficulties people most often bring to us, A to Z. Each page describes "
            "common signs, how therapy can help and when to get help straight away.</p>",
        ),
        command,
    )
    conditions = {}
    for slug, (title, summary, signs, helps, seek_help, reviewed) in CONDITIONS.items():
        conditions[slug] = get_or_publish(
            condition_index,
            ConditionPage(
                title=title,
                slug=slug,
                summary=summary,
                body=condition_body(signs, helps, seek_help),
                reviewed_by=blair,
                last_reviewed=reviewed,
            ),
            command,
        )

    therapy_index_is_new = not TherapyIndexPage.objects.exists()
    therapy_index = get_or_publish(
        home,
        TherapyIndexPage(
            title="Therapies",
            slug="therapies",
            show_in_menus=True,
            intro="<p>The approaches we offer, what they involve and what the research says.</p>",
        ),
        command,
    )
    psychodynamic_is_new = not TherapyPage.objects.filter(slug="psychodynamic-therapy").exists()
    psychodynamic = get_or_publish(
        therapy_index,
        TherapyPage(
            title="Psychodynamic therapy",
            slug="psychodynamic-therapy",
            summary="Psychodynamic therapy is a depth psychotherapy that grew out of "
            "psychoanalysis, the first talking therapy. It looks beneath symptoms for their roots "
            "in inner conflicts and in patterns of relating to ourselves and others, and it aims "
            "at insight and at feeling more fully.",
            body=PSYCHODYNAMIC_BODY,
            populations=list(populations.values()),
            conditions=[
                conditions[slug]
                for slug in [
                    "anxiety",
                    "depression",
                    "relationship-issues",
                    "trauma-and-early-adverse-experiences",
                    "career-and-academic-issues",
                ]
            ],
            reviewed_by=blair,
            last_reviewed=REVIEWED,
        ),
        command,
    )
    get_or_publish(
        therapy_index,
        TherapyPage(
            title="Cognitive behavioural therapy (CBT)",
            slug="cognitive-behavioural-therapy",
            summary="CBT is a structured, practical therapy that works on the links between "
            "thoughts, feelings and behavior, with goals agreed at the start and skills practiced "
            "between sessions.",
            body=CBT_BODY,
            populations=[populations["College and graduate students"], populations["Adolescents"]],
            conditions=[
                conditions[slug]
                for slug in ["anxiety", "depression", "eating-disorders", "substance-use"]
            ],
            reviewed_by=blair,
            last_reviewed=REVIEWED,
        ),
        command,
    )

    if psychodynamic_is_new and blair is not None:
        blair.therapies.add(psychodynamic)
        blair.conditions.add(
            *[conditions[slug] for slug in ["anxiety", "depression", "relationship-issues"]]
        )
        blair.save_revision().publish()
    if therapy_index_is_new:
        add_featured_link(home, therapy_index, "What each therapy involves, and who it helps.")
    if condition_index_is_new:
        add_featured_link(home, condition_index, "Anxiety, depression, trauma and more, A to Z.")
