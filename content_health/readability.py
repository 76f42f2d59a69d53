"""What a visitor reads on a page, in sections, and how hard it is to read.

`page_sections(page)` walks the page's `reading_fields` (StreamFields, rich text or plain text:
the body a visitor reads, never the admin's own fields such as the search description) and
returns its text in sections: a new section at every heading block and at every block that has
a heading of its own. Headings, paragraphs, list items, questions and answers, quotes and
captions are read; sources (the citations list), image choices, links' addresses and choice
fields are not, since nobody reads a DOI as a sentence.

`reading_level(page)` is the US school grade of that text by the Flesch-Kincaid formula,
counting syllables with textstat (0.7.4, which uses pyphen and needs no download; see
../shared/TOOLCHAIN.md): 0.39 * words per sentence + 11.8 * syllables per word - 15.59. Each
paragraph is split into sentences at ". ", "! " and "? " (and "…"), and every heading or list
item without an end mark counts as a sentence of its own, as a reader takes it.
"""

import re
from dataclasses import dataclass, field
from html import unescape

import textstat
from wagtail import blocks
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.rich_text import RichText

__all__ = ["Reading", "Section", "grade_of_text", "page_sections", "reading_level"]

# Children of a block that a visitor does not read as prose.
UNREAD_CHILDREN = frozenset({"citations", "level", "key", "doi", "pmid", "url", "attribution"})
TAGS = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>", re.I)
MARKER = re.compile(r"\s*\[@[a-z0-9][a-z0-9-]*\]")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = re.compile(r"\b(Dr|Mr|Mrs|Ms|Mx|St|e\.g|i\.e|vs|etc|Ph\.D|Psy\.D|U\.S)\.$")
LONGEST = 3


@dataclass
class Section:
    heading: str
    texts: list = field(default_factory=list)  # paragraphs and items, raw (citation markers kept)

    @property
    def text(self):
        return "\n".join(self.texts)


@dataclass
class Reading:
    grade: float
    words: int
    sentences: int
    longest: list  # the longest sentences, longest first

    @property
    def grade_label(self):
        return f"{self.grade:.1f}"


def html_text(html):
    """Rich text as plain paragraphs: one per paragraph or list item."""
    text = BLOCK_END.sub("\n", str(html))
    return [unescape(part).strip() for part in TAGS.sub("", text).split("\n") if part.strip()]


def _texts(value, block):
    """The readable strings in one block value, in order."""
    if value is None or value == "":
        return []
    if isinstance(value, RichText) or isinstance(block, blocks.RichTextBlock):
        return html_text(value.source if isinstance(value, RichText) else value)
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    if isinstance(value, ListValue | list | tuple) and isinstance(block, blocks.ListBlock):
        found = []
        for item in value:
            found += _texts(item, block.child_block)
        return found
    if isinstance(value, StructValue):
        found = []
        for name, child in block.child_blocks.items():
            if name not in UNREAD_CHILDREN:
                found += _texts(value.get(name), child)
        return found
    return []  # choosers, URLs, numbers, choices


def _is_heading_block(block):
    children = getattr(block, "child_blocks", {})
    return "text" in children and "level" in children


def page_sections(page):
    """The page's readable text in sections, the first headed by the page's title."""
    sections = [Section(page.title)]
    for name in getattr(page, "reading_fields", ("body",)):
        value = getattr(page, name, None)
        if isinstance(value, StreamValue):
            for child in value:
                block, item = child.block, child.value
                if _is_heading_block(block):
                    sections.append(Section(item.get("text") or ""))
                    continue
                heading = item.get("heading") if isinstance(item, StructValue) else None
                texts = _texts(item, block)
                if isinstance(heading, str) and heading.strip():
                    sections.append(Section(heading))
                    texts = texts[1:] if texts and texts[0] == heading.strip() else texts
                sections[-1].texts += texts
        elif isinstance(value, RichText):
            sections[-1].texts += html_text(value.source)
        elif isinstance(value, str) and value.strip():
            sections[-1].texts += html_text(value) if "<" in value else [value]
    return sections


def split_sentences(text):
    """One paragraph or item as sentences; an item without an end mark is one sentence."""
    text = MARKER.sub("", text).strip()
    if not text:
        return []
    parts, current = [], ""
    for piece in SENTENCE_END.split(text):
        current = f"{current} {piece}".strip() if current else piece.strip()
        if not ABBREVIATIONS.search(current):
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return [p for p in parts if WORD.search(p)]


def _syllables(word):
    return max(1, textstat.syllable_count(word))


def grade_of_sentences(sentences):
    words = [w for s in sentences for w in WORD.findall(s)]
    if not words or not sentences:
        return 0.0
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * (len(words) / len(sentences)) + 11.8 * (syllables / len(words)) - 15.59
    return round(max(grade, 0.0), 1)


def grade_of_text(text):
    """The Flesch-Kincaid grade of a piece of plain text (paragraphs on their own lines)."""
    sentences = [s for line in text.splitlines() for s in split_sentences(line)]
    return grade_of_sentences(sentences)


def reading_level(page):
    """The page's reading level (None when it has no text to read beyond its title)."""
    sentences = []
    for section in page_sections(page):
        sentences += split_sentences(section.heading)
        for text in section.texts:
            sentences += split_sentences(text)
    if len(sentences) <= 1:
        return None
    longest = sorted(sentences, key=lambda s: len(WORD.findall(s)), reverse=True)[:LONGEST]
    return Reading(
        grade=grade_of_sentences(sentences),
        words=sum(len(WORD.findall(s)) for s in sentences),
        sentences=len(sentences),
        longest=longest,
    )
