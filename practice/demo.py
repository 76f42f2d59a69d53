"""Demo content for the ground floor: the practice's details, home, about, privacy,
accessibility, the team and Dr. Cassidy Blair. Written in the project's own words; the facts
(name, phone, credentials, license) come from the pages the product was modelled on."""

from wagtail.models import Collection, Locale, Page, Site

from practice.blocks import WEEKDAY_ORDER
from practice.demo_art import add_home_art
from practice.demo_dates import demo_notice
from practice.demo_fees import seed_fees
from practice.demo_team import seed_team
from practice.models import (
    ClinicianPage,
    ContactPage,
    HomePage,
    OfficeLocation,
    PracticeSettings,
    StandardPage,
    TeamIndexPage,
)
from practice.site_name import ensure_site_name


def ensure_tree_roots():
    """The rows Wagtail's migrations normally create: a default locale, the root page and the root
    collection. Recreated here so the demo also loads into a database that was emptied (tests)."""
    if not Locale.objects.exists():
        Locale.objects.create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


def publish_child(parent, page, command=None):
    """Add `page` under `parent`, publish it through a revision and record it."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    if command is not None:
        command.record(f"{page._meta.verbose_name}: {page.url_path}")
    return page


def get_or_publish(parent, page, command=None):
    """The child of `parent` with `page.slug`, created and published only when missing."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    return publish_child(parent, page, command)


def ensure_home_page(command=None):
    """The site's HomePage, replacing Wagtail's placeholder 'Welcome' page on a new install."""
    root = ensure_tree_roots()
    home = HomePage.objects.first()
    if home is None:
        placeholder = root.get_children().filter(slug="home").first()
        if (
            placeholder is not None
            and placeholder.specific_class is Page
            and placeholder.numchild == 0
        ):
            Site.objects.filter(root_page=placeholder).update(root_page=root)
            placeholder.delete()
        home = publish_child(
            root,
            HomePage(
                title="Home",
                slug="home",
                seo_title="Psychotherapy in West Los Angeles",
                search_description=(
                    "A small group of psychologists and therapists on the Westside of Los Angeles: "
                    "psychodynamic therapy and CBT, in person, by phone or by video."
                ),
                hero_heading="Therapy that makes room for the whole of you",
                hero_text=(
                    "We are a small group of psychologists and therapists. We listen carefully, "
                    "work at your pace and help you understand the patterns that keep you stuck."
                ),
                hero_cta_text="Meet our team",
                intro=(
                    "<p>Reaching out is often the hardest step. Whether you are struggling with "
                    "anxiety, low mood, a relationship or a career that no longer fits, you are "
                    "welcome here. Sessions are available in person, by phone and by video, "
                    "at times that fit around work and family.</p>"
                ),
            ),
            command,
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Blair Wellness Group",
        )
    elif site.root_page_id != home.id:
        site.root_page = home
        site.save()
    return home


# The 988 Suicide & Crisis Lifeline's own wording (SAMHSA): call or text 988, or chat at
# 988lifeline.org; 911 in an emergency.
CRISIS_TEXT = (
    "<p>If you are in crisis or thinking about suicide, you can reach the 988 Suicide &amp; "
    'Crisis Lifeline at any hour: call or text <a href="tel:988">988</a>, or chat at '
    '<a href="https://988lifeline.org/">988lifeline.org</a>. In an emergency, call '
    '<a href="tel:911">911</a> or go to the nearest emergency room.</p>'
)


# The demo's one office: a fictional suite on a Westside boulevard. Like the practice it was
# modelled on, it gives clients the street address when they book, so visitors and search
# engines see only the city, state and ZIP code.
DEMO_OFFICE = {
    "name": "West Los Angeles office",
    "street_address": "11900 Wilshire Blvd, Suite 520",
    "city": "Los Angeles",
    "state": "CA",
    "postal_code": "90025",
    "show_street_address": False,
    "sort_order": 0,
}


def seed_offices(command=None):
    """The demo's office, created once (found again by name); the practice's main office."""
    office = OfficeLocation.objects.filter(name=DEMO_OFFICE["name"]).first()
    if office is None:
        office = OfficeLocation.objects.create(**DEMO_OFFICE)
        if command is not None:
            command.record(f"office location: {office.name}")
    return office


DEMO_ADDRESS_NOTE = "We share the full address when you book."
OLD_DEMO_ADDRESS = "West Los Angeles, California We share the full address when you book."
DEMO_HOURS = [
    ("hours", {"days": WEEKDAY_ORDER[:5], "opens": "08:00", "closes": "21:00", "note": ""}),
    ("hours", {"days": WEEKDAY_ORDER[5:], "opens": "09:00", "closes": "18:00", "note": ""}),
]


def seed_settings(site, pages, command=None):
    """Fill the practice's details once; an admin's later edits are never overwritten."""
    office = seed_offices(command)
    practice = PracticeSettings.for_site(site)
    if practice.practice_name:
        if practice.main_office_id is None and practice.address_note in ("", OLD_DEMO_ADDRESS):
            # Seeded before addresses were fields (migration 0020 kept the old demo's text as
            # the note): the demo's office instead, once.
            practice.main_office = office
            practice.address_note = DEMO_ADDRESS_NOTE
            practice.save(update_fields=["main_office", "address_note"])
        return practice
    practice.practice_name = "Blair Wellness Group"
    practice.tagline = "Psychotherapy in West Los Angeles"
    practice.phone = "(310) 999-4996"
    practice.email = "hello@blairwellness.example"
    practice.main_office = office
    practice.address_note = DEMO_ADDRESS_NOTE
    practice.offers_in_person = practice.offers_phone = practice.offers_video = True
    practice.hours_summary = "7 days a week, including evenings and weekends"
    practice.opening_hours = DEMO_HOURS
    practice.accepting_new_clients = PracticeSettings.ACCEPTING_YES
    practice.cta_heading = "Looking for a local psychologist?"
    practice.cta_text = (
        "Call us or send a request to talk "
        "about how Blair Wellness Group can help with depression, anxiety, relationship "
        "difficulties and more."
    )
    practice.notice_enabled = True
    practice.notice_text, practice.notice_starts_on, practice.notice_ends_on = demo_notice()
    practice.crisis_text = CRISIS_TEXT
    practice.footer_links = [
        ("link", {"page": pages["about"], "heading": "", "external_url": ""}),
        ("link", {"page": pages["contact"], "heading": "Contact us", "external_url": ""}),
        ("link", {"page": pages["privacy"], "heading": "", "external_url": ""}),
        ("link", {"page": pages["accessibility"], "heading": "", "external_url": ""}),
    ]
    practice.save()
    if command is not None:
        command.record("practice details (site settings)")
    return practice


ABOUT_BODY = [
    ("heading", {"text": "Who we are", "level": "h2"}),
    (
        "paragraph",
        "<p>Blair Wellness Group is a psychotherapy practice on the Westside of Los Angeles, "
        "founded by Dr. Cassidy Blair. We work with adults, students and adolescents, and with "
        "professionals whose success has come at a cost.</p>",
    ),
    ("heading", {"text": "How we work", "level": "h2"}),
    (
        "paragraph",
        "<p>Our approach is rooted in psychodynamic therapy: we look beneath the symptoms for "
        "what drives them, so that change lasts. We also draw on other evidence-based methods "
        "when they suit you better.</p>"
        "<ul><li>A first phone call, free of charge, to see whether we are a good fit</li>"
        "<li>Weekly sessions of about an hour, in person, by phone or by video</li>"
        "<li>Evening and weekend times on request</li></ul>",
    ),
    (
        "quote",
        {
            "quote": "It is a joy to be hidden, and disaster not to be found.",
            "attribution": "D. W. Winnicott",
        },
    ),
]

PRIVACY_BODY = [
    ("heading", {"text": "What we collect", "level": "h2"}),
    (
        "paragraph",
        "<p>This website sets no tracking cookies and loads nothing from other companies. When "
        "you write to us through the site we keep only what you send, for as long as we need "
        "it to answer you.</p>",
    ),
    ("heading", {"text": "Your health information", "level": "h2"}),
    (
        "paragraph",
        "<p>Please do not share details of your health through website forms or comments. We "
        "will talk about what brings you to therapy on the phone or in a session, where it is "
        "protected by professional confidentiality.</p>",
    ),
]

ACCESSIBILITY_BODY = [
    ("heading", {"text": "Our aim", "level": "h2"}),
    (
        "paragraph",
        "<p>We want everyone to be able to read this site and reach us, including people who "
        "use a screen reader, a keyboard or large text. We aim to meet WCAG 2.2 level AA.</p>",
    ),
    ("heading", {"text": "Reading aids", "level": "h2"}),
    (
        "paragraph",
        "<p>Use the <strong>Text size</strong> buttons at the top of each page to make the text "
        "larger; the site remembers your choice on this device. Your browser's zoom works "
        "too.</p>",
    ),
    ("heading", {"text": "Tell us about a problem", "level": "h2"}),
    (
        "paragraph",
        "<p>If something on the site is hard to use, please call or e-mail us and we will help "
        "and put it right.</p>",
    ),
]


def seed(command=None):
    home_is_new = not HomePage.objects.exists()
    home = ensure_home_page(command)
    site = Site.objects.get(is_default_site=True)
    pages = {
        "about": get_or_publish(
            home,
            StandardPage(
                title="About us",
                slug="about",
                show_in_menus=True,
                summary="A small practice of psychologists and therapists on the Westside of Los Angeles.",
                body=ABOUT_BODY,
            ),
            command,
        ),
        "team": get_or_publish(
            home,
            TeamIndexPage(
                title="Our team",
                slug="team",
                show_in_menus=True,
                search_description="Meet the psychologists and therapists of Blair Wellness "
                "Group in West Los Angeles: their training, approach and what they help with.",
                intro="<p>Every clinician here is licensed or registered in California and works "
                "under regular clinical supervision and review.</p>",
            ),
            command,
        ),
        "contact": get_or_publish(
            home,
            ContactPage(
                title="Request a consultation",
                slug="contact",
                show_in_menus=True,
                search_description="Ask for a free first call with a psychologist at Blair "
                "Wellness Group. We reply within one business day.",
                intro="<p>Leave your name and how to reach you, and one of our psychologists will "
                "get back to you within one business day to find a time to talk. The first call is "
                "free and there is no obligation.</p>",
            ),
            command,
        ),
        "privacy": get_or_publish(
            home,
            StandardPage(
                title="Privacy",
                slug="privacy",
                summary="What this website keeps about you, and what it never asks for.",
                body=PRIVACY_BODY,
            ),
            command,
        ),
        "accessibility": get_or_publish(
            home,
            StandardPage(
                title="Accessibility statement",
                slug="accessibility",
                summary="How we make this site usable for everyone, and how to tell us when it is not.",
                body=ACCESSIBILITY_BODY,
            ),
            command,
        ),
    }
    get_or_publish(
        pages["team"],
        ClinicianPage(
            title="Dr. Cassidy Blair",
            slug="dr-cassidy-blair",
            credentials="Psy.D.",
            role="Licensed Clinical Psychologist",
            licensed_name="Cassidy Blair",
            license_status="licensed",
            license_type="PSY",
            license_number="22022",
            summary="Founder of the practice. Psychodynamic therapy for adults, students and "
            "professionals facing anxiety, depression and relationship difficulties.",
            bio="<p>Dr. Blair trained as a clinical psychologist in California and has practiced "
            "psychodynamic therapy for many years, working with career professionals, college "
            "and graduate students, adolescents and LGBTQ+ clients.</p>"
            "<p>Sessions with Dr. Blair are unhurried and collaborative: together you look at how past "
            "experiences shape present feelings and relationships, so that you can respond in "
            "new ways.</p>",
        ),
        command,
    )
    seed_fees(home, command)
    if home_is_new:
        home.featured_links = [
            (
                "link",
                {
                    "page": pages["about"],
                    "heading": "",
                    "external_url": "",
                    "text": "Who we are and how we work.",
                },
            ),
            (
                "link",
                {
                    "page": pages["team"],
                    "heading": "Meet the team",
                    "external_url": "",
                    "text": "Licensed psychologists, in person and online.",
                },
            ),
        ]
        home.hero_cta_page = pages["contact"]
        home.hero_cta_text = "Request a consultation"
        home.save_revision().publish()
    seed_settings(site, pages, command)
    seed_team(pages["team"], command)  # after the settings: the clinicians work at its offices
    ensure_site_name(site)  # the dashboard's headline: the practice's name, not "localhost"
    add_home_art(home, command)
