"""The "On this page" list of a therapy or condition page, built on the server from the body.

A section is what the page shows under an H2: a heading block at H2, and each block that opens
with a heading of its own ("What it is not", the evidence, the questions, the signs, when to
seek help, and the two parts of "Who it helps" that have something to show). Each gets an id,
the slug of its words, made unique on the page, so a link to "#questions-people-ask" keeps
working while the words stay the same. A long page (`LINK_BACK_AFTER_EACH` sections) ends each
section with a link back up to the list, a shorter one its body. Nothing is read from the
database: the body and the page's relations are in the context already."""

from dataclasses import dataclass, field

from django import template
from django.utils.text import slugify

register = template.Library()

# The list's own id, which the "Back to contents" links point to.
LIST_ID = "on-this-page"
# Fewer sections than this and the page is short enough to read without a list.
MIN_SECTIONS = 3
# From this many sections on, each ends with a link back to the list; a shorter page has one
# link, after its body.
LINK_BACK_AFTER_EACH = 5
# Ids the page's other parts use (base.html, the explainer templates, the header and footer):
# a section never takes one of them.
RESERVED_IDS = frozenset(
    {
        "top",
        "main",
        LIST_ID,
        f"{LIST_ID}-heading",
        "therapies-heading",
        "clinicians-heading",
        "related-posts-heading",
        "blog-posts-about-heading",
        "references-heading",
        "cta-heading",
        "crisis-heading",
        "footer-contact",
        "footer-hours",
        "footer-links",
        "font-size-label",
        "site-search-q",
    }
)
# Body blocks whose template opens with `<h2>{{ value.heading }}`.
HEADED_BLOCKS = frozenset({"contrast", "evidence", "faq", "signs", "seek_help"})
# The headings "Who it helps" shows when its block leaves them as they are.
WHO_DEFAULTS = {"populations": "Who can it help?", "conditions": "What can it help with?"}


@dataclass
class Section:
    id: str
    title: str


@dataclass
class BodyItem:
    """A body block, with the ids of the headings it renders (`ids.heading`, or for "Who it
    helps" `ids.populations` and `ids.conditions`) and whether a "Back to contents" link comes
    before it, to end the section before the one it opens."""

    block: object
    ids: dict = field(default_factory=dict)
    link_back_before: bool = False


@dataclass
class PageSections:
    sections: list = field(default_factory=list)
    body: list = field(default_factory=list)
    who_ids: dict = field(default_factory=dict)  # "Who it helps" outside the body
    list_id: str = LIST_ID

    @property
    def show(self):
        return len(self.sections) >= MIN_SECTIONS


class _Ids:
    def __init__(self):
        self.used = set(RESERVED_IDS)

    def take(self, text):
        base = slugify(text) or "section"
        if base.startswith("ref-"):  # the reference list's items are "ref-<key>"
            base = f"section-{base}"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def who_it_helps_sections(value, populations, conditions):
    """The headings "Who it helps" renders (components/who_it_helps.html): the groups when the
    page has any, what it helps with when there are conditions or items to list."""
    value = value or {}
    shown = []
    if populations:
        shown.append(("populations", value.get("populations_heading")))
    if conditions or value.get("helps_you"):
        shown.append(("conditions", value.get("conditions_heading")))
    return [(part, heading or WHO_DEFAULTS[part]) for part, heading in shown]


def page_sections(body, populations=(), conditions=(), who_outside_body=False):
    """The sections of an explainer's `body` (a StreamValue), in order, with their ids.

    `populations` and `conditions` are what "Who it helps" lists; `who_outside_body` says the
    page shows it above the body (a therapy page without the block)."""
    ids = _Ids()
    result = PageSections()

    def add(text):
        section = Section(ids.take(text), text)
        result.sections.append(section)
        return section.id

    if who_outside_body:
        for part, heading in who_it_helps_sections(None, populations, conditions):
            result.who_ids[part] = add(heading)
    opens_a_later_section = []
    for block in body:
        item = BodyItem(block)
        had_sections = bool(result.sections)
        value = block.value
        if block.block_type == "heading":
            if value.get("level") != "h3" and value.get("text"):
                item.ids["heading"] = add(value["text"])
        elif block.block_type in HEADED_BLOCKS and value.get("heading"):
            item.ids["heading"] = add(value["heading"])
        elif block.block_type == "who_it_helps":
            for part, heading in who_it_helps_sections(value, populations, conditions):
                item.ids[part] = add(heading)
        if item.ids and had_sections:
            opens_a_later_section.append(item)
        result.body.append(item)
    if result.show and len(result.sections) >= LINK_BACK_AFTER_EACH:
        for item in opens_a_later_section:
            item.link_back_before = True
    return result


@register.simple_tag(takes_context=True)
def explainer_sections(context, page):
    """`{% explainer_sections page as sections %}`: the page's sections (`page_sections`), from
    its body and the "Who it helps" lists in the context. Use it before the body is rendered:
    the body's loop takes each block's heading ids from it."""
    return page_sections(
        page.body,
        populations=context.get("populations") or (),
        conditions=context.get("conditions") or (),
        who_outside_body="has_who_it_helps_block" in context
        and not context.get("has_who_it_helps_block"),
    )
