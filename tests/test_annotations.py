"""Evidence quotes as Web Annotations (rdf/anchors.py, rdf/annotations.py), their check and their page.

Every excerpt of every quote has a TextQuoteSelector and a TextPositionSelector; with the review's
text (``../shared/seed`` or ``$MSCEXO_SOURCE_TEXT``) the committed anchors equal a fresh
computation and every selector holds; every ``oa:`` term is in the pinned ``oa.ttl``. Tests that
need ``../shared`` skip without it, and fail instead under ``MSCEXO_REQUIRE_SHARED=1``.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.rdf import anchors
from mscexo_ld.rdf.annotations import OA, OA_TERMS, quotes_of
from mscexo_ld.rdf.void import void_graph
from mscexo_ld.site.graph_index import SiteGraph
from mscexo_ld.site.pages import finding_page
from mscexo_ld.site.quote_context import quote_excerpts
from mscexo_ld.site.templating import render
from mscexo_ld.validate.quotes import check_quotes, check_selectors

OA_TTL = Path(__file__).parents[1].parent / "shared" / "reference" / "obo" / "oa.ttl"
F109 = iris.finding("F109")


def _shared(path: Path | None) -> Path:
    if path is None or not path.is_file():
        if os.environ.get("MSCEXO_REQUIRE_SHARED") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_SHARED=1 but {path or C.DEFAULT_SOURCE_TEXT} is missing")
        pytest.skip(f"{path or C.DEFAULT_SOURCE_TEXT} is missing (it lives in ../shared)")
    return path


def _text() -> str:
    return _shared(C.source_text_path()).read_text(encoding="utf-8")


def test_every_oa_term_is_in_the_pinned_web_annotation_vocabulary(release_graph: Graph) -> None:
    vocabulary = Graph().parse(_shared(OA_TTL), format="turtle")
    defined = {s for s in vocabulary.subjects() if isinstance(s, URIRef)}
    assert {OA[t] for t in OA_TERMS} <= defined
    used = {t for triple in release_graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(OA))}
    used.discard(URIRef(str(OA)))  # the vocabulary itself, named by the ontology's rdfs:isDefinedBy
    assert used == {OA[t] for t in OA_TERMS}


def test_every_excerpt_of_every_quote_has_both_selectors(release_graph: Graph) -> None:
    quotes = list(quotes_of(release_graph))
    assert len(quotes) == 141
    excerpts = 0
    for subject, parts in quotes:
        found = quote_excerpts(release_graph, URIRef(subject))
        assert [e.exact for e in found] == parts
        assert all(e.start is not None and e.end is not None for e in found), subject
        excerpts += len(found)
    assert excerpts == len(list(release_graph.subjects(RDF.type, OA.Annotation))) == 220


def test_the_committed_anchors_equal_a_fresh_computation_from_the_text(release_graph: Graph) -> None:
    raw = _text()
    fresh = anchors.compute(quotes_of(release_graph), raw)
    assert anchors.dumps(fresh) == anchors.anchors_file().read_text(encoding="utf-8"), (
        "run `bash scripts/release-graph.sh`"
    )
    assert fresh.sha256 == anchors.sha256(anchors.normalise(raw))


def test_anchors_round_trip_and_paragraphs_tile_the_normalised_text() -> None:
    committed = anchors.load()
    assert anchors.loads(anchors.dumps(committed)) == committed
    raw = "First  paragraph\nwith a break.\n\n  Second\tone.\n \n\nThird."
    spans = anchors.paragraphs(raw)
    text = anchors.normalise(raw)
    assert [text[a:b] for a, b in spans] == ["First paragraph with a break.", "Second one.", "Third."]
    found = anchors.compute([("s", ["Second one."])], raw).rows[0]
    assert (found.prefix, found.suffix, found.start) == ("", "", spans[1][0])  # context stays in its paragraph


def test_every_selector_holds_in_the_text_and_a_wrong_one_is_reported(release_graph: Graph) -> None:
    text = anchors.normalise(_text())
    count, issues = check_selectors(release_graph, text)
    assert (count, issues) == (220, [])
    annotation = iris.quote("finding", "F109", 1)
    position = iris.quote_part("finding", "F109", 1, "text-position")
    text_quote = iris.quote_part("finding", "F109", 1, "text-quote")
    shifted = Graph() + release_graph
    start = int(str(shifted.value(position, OA.start)))
    shifted.set((position, OA.start, Literal(start + 1)))
    (issue,) = check_selectors(shifted, text)[1]
    assert issue.focus == str(annotation) and "expected the oa:exact" in issue.message
    wrong_prefix = Graph() + release_graph
    wrong_prefix.set((text_quote, OA.prefix, Literal("not the text before it")))
    (issue,) = check_selectors(wrong_prefix, text)[1]
    assert "oa:prefix" in issue.message
    stale = Graph() + release_graph
    stale.remove((None, OA.hasSelector, position))
    (issue,) = check_selectors(stale, text)[1]
    assert "without an oa:TextPositionSelector" in issue.message and "release-graph.sh" in issue.message


def test_validate_reports_the_selectors(release_graph: Graph) -> None:
    result = check_quotes(release_graph, _shared(C.source_text_path()))
    assert result.passed
    assert result.summary == "141/141 quotes found verbatim; 220/220 annotated excerpts match their selectors"


def test_the_dataset_description_records_the_normalised_texts_sha256(release_graph: Graph) -> None:
    void = void_graph(release_graph, ["mscexo.nt"])
    digest = str(void.value(iris.source_text(), URIRef("https://schema.org/sha256")))
    assert digest == anchors.load().sha256 and len(digest) == 64
    # on the version level of the HCLS description (the summary level never has a source)
    assert (iris.dataset_version(C.VERSION), URIRef("http://purl.org/dc/terms/source"), iris.source_text()) in void
    assert digest == anchors.sha256(anchors.normalise(_text()))


def test_the_finding_page_shows_the_quote_highlighted_in_its_paragraph(release_graph: Graph) -> None:
    site = SiteGraph(release_graph)
    html = render(
        "finding.html", page=finding_page(site, F109, None, None), excerpts=quote_excerpts(release_graph, F109)
    ).decode("utf-8")
    (excerpt,) = quote_excerpts(release_graph, F109)
    assert excerpt.prefix.endswith(
        "MiRNAs associated with MSC-Exos are also important in protecting against MI/R injury. "
    )
    assert excerpt.suffix.startswith(" MiR-125b reduced the myocardial infarct area")
    shown = f"{escape(excerpt.prefix)}<mark>{escape(excerpt.exact)}</mark>{escape(excerpt.suffix)}"
    assert shown in html
    assert f"characters {excerpt.start}–{excerpt.end}" in html
    assert '{% include "_quote_in_context.html" %}' in (
        Path(__file__).parents[1] / "mscexo_ld" / "site" / "templates" / "finding.html"
    ).read_text(encoding="utf-8")
