"""Citations validate, number themselves in order and link from their in-text markers."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamValue

from practice.citations import CitationBlock, numbered_references, render_markers
from therapy_pages.blocks import TherapyBodyBlock

GOOD = {
    "key": "shedler-2010",
    "authors": "Shedler, J.",
    "title": "The efficacy of psychodynamic psychotherapy",
    "source": "American Psychologist",
    "year": 2010,
    "doi": "10.1037/a0018378",
    "pmid": "",
    "url": None,
}


def clean_citation(**changes):
    block = CitationBlock()
    return block.clean(block.to_python({**GOOD, **changes}))


def test_a_well_formed_citation_is_accepted():
    assert clean_citation()["doi"] == "10.1037/a0018378"


def test_a_pasted_doi_address_is_reduced_to_the_doi():
    assert clean_citation(doi="https://doi.org/10.1037/a0018378")["doi"] == "10.1037/a0018378"
    assert clean_citation(doi="doi:10.1037/a0018378")["doi"] == "10.1037/a0018378"


@pytest.mark.parametrize("doi", ["1037/a0018378", "10.12/abc", "doi please", "10.1037/ a b"])
def test_a_malformed_doi_is_refused_with_an_example(doi):
    with pytest.raises(ValidationError) as excinfo:
        clean_citation(doi=doi)
    assert "does not look like a DOI" in str(excinfo.value.as_json_data())
    assert "10.1037/a0018378" in str(excinfo.value.as_json_data())


def test_a_pubmed_id_must_be_a_number():
    with pytest.raises(ValidationError) as excinfo:
        clean_citation(pmid="PMC123")
    assert "PubMed ID is a number" in str(excinfo.value.as_json_data())
    assert clean_citation(pmid="20141265")["pmid"] == "20141265"


def test_a_key_must_be_a_simple_label():
    with pytest.raises(ValidationError):
        clean_citation(key="Shedler 2010!")


def evidence(text, *citations):
    return ("evidence", {"heading": "Evidence", "text": text, "citations": list(citations)})


def body(*children):
    block = TherapyBodyBlock()
    return block, block.to_python([{"type": t, "value": v} for t, v in children])


def test_a_marker_without_a_source_is_refused_with_a_message():
    block, value = body(
        ("paragraph", "<p>As shown [@nobody-2020].</p>"), evidence("<p>[@shedler-2010]</p>", GOOD)
    )
    with pytest.raises(ValidationError) as excinfo:
        block.clean(value)
    message = str(excinfo.value.as_json_data())
    assert "[@nobody-2020] cites a source that is not on this page" in message


def test_two_sources_with_the_same_key_are_refused():
    block, value = body(evidence("<p>Text</p>", GOOD), evidence("<p>More</p>", GOOD))
    with pytest.raises(ValidationError) as excinfo:
        block.clean(value)
    assert "used for two sources" in str(excinfo.value.as_json_data())


def test_references_are_numbered_in_page_order_and_markers_link_to_them():
    second = {**GOOD, "key": "leichsenring-2008", "doi": "10.1001/jama.300.13.1551"}
    block, value = body(evidence("<p>A [@leichsenring-2008] B [@shedler-2010]</p>", GOOD, second))
    block.clean(value)
    references, numbers = numbered_references(StreamValue(block, value, is_lazy=False))
    assert [ref["key"] for ref in references] == ["shedler-2010", "leichsenring-2008"]
    assert numbers == {"shedler-2010": 1, "leichsenring-2008": 2}
    html = render_markers("<p>A [@leichsenring-2008] B [@shedler-2010] C [@other]</p>", numbers)
    assert '<a href="#ref-leichsenring-2008" aria-label="Reference 2">[2]</a>' in html
    assert '<a href="#ref-shedler-2010" aria-label="Reference 1">[1]</a>' in html
    assert "[@other]" in html
