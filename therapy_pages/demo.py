"""Demo therapies and conditions: the pages written from the data in `demo_content`, linked to
Dr. Blair's profile, to the demo team's (`practice.demo_team`) and to the home page's featured
cards."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from practice.demo import get_or_publish
from practice.demo_dates import days_ago
from practice.models import ClinicianPage, HomePage
from therapy_pages.demo_content import (
    CBT_BODY,
    CONDITIONS,
    HOFMANN_2012,
    LEICHSENRING_2008,
    POPULATIONS,
    PSYCHODYNAMIC_BODY,
    REVIEWED_DAYS_AGO,
    SHEDLER_2010,
    TEAM_LINKS,
    TEAM_POPULATIONS,
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

CBT_TITLE = "Cognitive behavioral therapy (CBT)"
CBT_SLUG = "cognitive-behavioral-therapy"
# Earlier demos spelled it the British way, at /therapies/cognitive-behavioural-therapy/.
OLD_CBT_TITLE = "Cognitive behavioural therapy (CBT)"
OLD_CBT_SLUG = "cognitive-behavioural-therapy"


def add_featured_link(home, page, text):
    home.featured_links.append(
        ("link", {"page": page, "heading": "", "external_url": "", "text": text})
    )
    home.save_revision().publish()


def ensure_redirect(old_path, page, site, command=None):
    """A permanent redirect from `old_path` to `page`, unless one is there (Wagtail makes one
    itself when a live page's slug changes)."""
    old_path = Redirect.normalise_path(old_path)
    if Redirect.objects.filter(old_path=old_path).exists():
        return
    Redirect.add_redirect(old_path, redirect_to=page, is_permanent=True, site=site)
    if command is not None:
        command.record(f"redirect: {old_path} → {page.relative_url(site)}")


def untouched_demo_page(page, title):
    """True when nobody has edited the page since the demo made it: its only revision is the
    seed's, and its title is the demo's."""
    return page.title == title and page.revisions.count() == 1


def cbt_page(therapy_index, new_page, site, command=None):
    """The CBT explainer, once. On a database seeded before the American spelling, the old page
    (/therapies/cognitive-behavioural-therapy/) is renamed and moved to the new slug if nobody
    has edited it, with a redirect from the old address; a page an admin has edited is theirs
    and stays as it is (no second CBT page is added beside it)."""
    old = therapy_index.get_children().filter(slug=OLD_CBT_SLUG).first()
    if old is None:
        page = get_or_publish(therapy_index, new_page, command)
    else:
        page = old.specific
        if not untouched_demo_page(page, OLD_CBT_TITLE):
            return page
        if therapy_index.get_children().filter(slug=CBT_SLUG).exists():
            return page
        page.title, page.slug = CBT_TITLE, CBT_SLUG
        page.save_revision().publish()
        if command is not None:
            command.record(f"renamed: {OLD_CBT_TITLE} → {CBT_TITLE}")
    ensure_redirect(therapy_index.relative_url(site) + OLD_CBT_SLUG + "/", page, site, command)
    return page


def link_team(conditions, therapies, populations, command=None):
    """The conditions, therapies and groups of each demo clinician (`TEAM_LINKS`), chosen once:
    only on a profile the demo just made (its one revision is the seed's) with no choices yet,
    so an admin's choices, or their removal, are never undone."""
    for clinician in ClinicianPage.objects.filter(slug__in=TEAM_LINKS):
        if (
            clinician.revisions.count() != 1
            or clinician.condition_links.exists()
            or clinician.therapy_links.exists()
            or clinician.population_links.exists()
        ):
            continue
        links = TEAM_LINKS[clinician.slug]
        clinician.conditions.add(*[conditions[slug] for slug in links["conditions"]])
        clinician.therapies.add(*[therapies[slug] for slug in links["therapies"]])
        clinician.populations.add(*[populations[name] for name in links["populations"]])
        clinician.save_revision().publish()
        if command is not None:
            command.record(f"conditions, therapies and groups of {clinician.title}")


def seed(command=None):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        return
    blair = ClinicianPage.objects.filter(slug="dr-cassidy-blair").first()
    reviewed = days_ago(REVIEWED_DAYS_AGO)

    populations = {}
    for order, name in enumerate(POPULATIONS + TEAM_POPULATIONS):
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
            search_description="Anxiety, depression, trauma, relationships and more, A to Z: "
            "common signs, how therapy helps and when to get help right away.",
            intro="<p>Difficulties people most often bring to us, A to Z. Each page describes "
            "common signs, how therapy can help and when to get help right away.</p>",
        ),
        command,
    )
    conditions = {}
    for slug, (title, summary, signs, helps, seek_help, reviewed_ago) in CONDITIONS.items():
        conditions[slug] = get_or_publish(
            condition_index,
            ConditionPage(
                title=title,
                slug=slug,
                summary=summary,
                body=condition_body(signs, helps, seek_help),
                reviewed_by=blair,
                last_reviewed=days_ago(reviewed_ago),
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
            search_description="Psychodynamic therapy and cognitive behavioral therapy (CBT): "
            "what each involves, who it helps and what the research says.",
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
            populations=[populations[name] for name in POPULATIONS],
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
            last_reviewed=reviewed,
        ),
        command,
    )
    cbt = cbt_page(
        therapy_index,
        TherapyPage(
            title=CBT_TITLE,
            slug=CBT_SLUG,
            summary="CBT is a structured, practical therapy that works on the links between "
            "thoughts, feelings and behavior, with goals agreed on at the start and skills practiced "
            "between sessions.",
            body=CBT_BODY,
            populations=[populations["College and graduate students"], populations["Adolescents"]],
            conditions=[
                conditions[slug]
                for slug in ["anxiety", "depression", "eating-disorders", "substance-use"]
            ],
            reviewed_by=blair,
            last_reviewed=reviewed,
        ),
        site,
        command,
    )

    if psychodynamic_is_new and blair is not None:
        blair.therapies.add(psychodynamic)
        blair.conditions.add(
            *[conditions[slug] for slug in ["anxiety", "depression", "relationship-issues"]]
        )
        blair.save_revision().publish()
    therapies = {"psychodynamic-therapy": psychodynamic, CBT_SLUG: cbt}
    link_team(conditions, therapies, populations, command)
    if therapy_index_is_new:
        add_featured_link(home, therapy_index, "What each therapy involves, and who it helps.")
    if condition_index_is_new:
        add_featured_link(home, condition_index, "Anxiety, depression, trauma and more, A to Z.")
