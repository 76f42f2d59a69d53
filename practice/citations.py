"""Citations: a block for one source, in-text markers, and the numbered reference list.

Editors give each source a short key (e.g. `shedler-2010`) and write `[@shedler-2010]` in the text
where it is cited. The page numbers its sources in the order they appear, renders each marker as a
superscript link to the list at the end of the page, and refuses to save a marker with no source.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.rich_text import RichText

from practice.blocks import RICH_TEXT_FEATURES

MARKER_RE = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    "Use lower-case letters, digits and dashes only, e.g. 'shedler-2010'.",
)


def normalise_doi(value):
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


class CitationStructValue(blocks.StructValue):
    def doi_url(self):
        return f"https://doi.org/{self['doi']}" if self.get("doi") else ""

    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self['pmid']}/" if self.get("pmid") else ""


class CitationBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        max_length=40,
        validators=[key_validator],
        help_text="A short label, e.g. 'shedler-2010'. Write [@shedler-2010] in the text where you cite it.",
    )
    authors = blocks.CharBlock(
        max_length=300,
        help_text="As in the source, e.g. 'Shedler, J.' or 'Leichsenring, F., & Rabung, S.'",
    )
    title = blocks.CharBlock(max_length=400, help_text="The article's or book's title.")
    source = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Journal or publisher, e.g. 'American Psychologist'.",
    )
    year = blocks.IntegerBlock(
        required=False, min_value=1800, max_value=2100, help_text="Year of publication."
    )
    doi = blocks.CharBlock(
        label="DOI",
        required=False,
        max_length=200,
        help_text="e.g. 10.1037/a0018378 (a pasted https://doi.org/… address is accepted too).",
    )
    pmid = blocks.CharBlock(
        label="PubMed ID",
        required=False,
        max_length=10,
        help_text="The number only, e.g. 20141265. Leave empty when unsure.",
    )
    url = blocks.URLBlock(required=False, help_text="A link to the source, if it has no DOI.")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        doi = normalise_doi(value.get("doi"))
        if doi and not DOI_RE.match(doi):
            errors["doi"] = ValidationError(
                "This does not look like a DOI: it should start with '10.', a number, then '/'. "
                "For example 10.1037/a0018378."
            )
        value["doi"] = doi
        pmid = (value.get("pmid") or "").strip()
        if pmid and not pmid.isdigit():
            errors["pmid"] = ValidationError("A PubMed ID is a number, e.g. 20141265.")
        value["pmid"] = pmid
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "doc-full"
        template = "blocks/citation_block.html"
        value_class = CitationStructValue
        description = "One source: authors, title, journal, year and a DOI, PubMed ID or link."
        preview_value = {
            "key": "shedler-2010",
            "authors": "Shedler, J.",
            "title": "The efficacy of psychodynamic psychotherapy",
            "source": "American Psychologist",
            "year": 2010,
            "doi": "10.1037/a0018378",
        }


class EvidenceBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="e.g. 'Why it works' or 'What the research says'."
    )
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="The findings in plain words. Cite a source by writing its key, e.g. [@shedler-2010].",
    )
    citations = blocks.ListBlock(
        CitationBlock(), min_num=1, help_text="The sources behind this section."
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/evidence_block.html"
        description = "A section on the evidence, with its sources listed at the end of the page."


def iter_block_values(block, value):
    """Every (block, value) pair inside a stream, struct or list value, depth first, containers
    included (a CitationBlock is itself a StructBlock)."""
    yield block, value
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from iter_block_values(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from iter_block_values(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value or []:
            yield from iter_block_values(block.child_block, item)


def find_citations(stream_block, stream_value):
    return [
        v for b, v in iter_block_values(stream_block, stream_value) if isinstance(b, CitationBlock)
    ]


def find_markers(value):
    """The citation keys written as [@key] in a rich text value."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    return MARKER_RE.findall(source)


class CitedStreamBlock(blocks.StreamBlock):
    """A StreamBlock whose citations and in-text markers are checked together."""

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            pairs = list(iter_block_values(child.block, child.value))
            for block, item in pairs:
                if isinstance(block, CitationBlock):
                    if item["key"] in seen:
                        errors[index] = ValidationError(
                            f"The key '{item['key']}' is used for two sources: give each its own."
                        )
                    seen.add(item["key"])
        for index, child in enumerate(value):
            for block, item in iter_block_values(child.block, child.value):
                if isinstance(block, blocks.RichTextBlock):
                    missing = [key for key in find_markers(item) if key not in seen]
                    if missing:
                        errors.setdefault(
                            index,
                            ValidationError(
                                f"[@{missing[0]}] cites a source that is not on this page. Add a "
                                f"source with the key '{missing[0]}', or correct the marker."
                            ),
                        )
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


def numbered_references(stream_value):
    """The page's sources in order, each once, and a key → number map for the markers."""
    references = []
    numbers = {}
    for citation in find_citations(stream_value.stream_block, stream_value):
        if citation["key"] not in numbers:
            references.append(citation)
            numbers[citation["key"]] = len(references)
    return references, numbers


def render_markers(html, numbers):
    """Turn [@key] in rendered HTML into numbered superscript links to the reference list."""
    if not numbers:
        return html

    def replace(match):
        key = match.group(1)
        number = numbers.get(key)
        if number is None:
            return match.group(0)
        return format_html(
            '<sup class="cite"><a href="#ref-{}" aria-label="Reference {}">[{}]</a></sup>',
            key,
            number,
            number,
        )

    return mark_safe(MARKER_RE.sub(replace, str(html)))  # noqa: S308 - input is already-safe HTML


__all__ = [
    "CitationBlock",
    "CitedStreamBlock",
    "EvidenceBlock",
    "numbered_references",
    "render_markers",
]
