"""Evidence quotes as W3C Web Annotations: each excerpt of a quote anchored in the review by two selectors.

For excerpt ``n`` of the evidence quote of a finding or table record ``R`` (a quote elided with
" […] " has one excerpt per part), all IRIs from :mod:`mscexo_ld.iris`::

    R/quote/n            a oa:Annotation ; oa:motivatedBy oa:describing ; oa:hasBody R ; oa:hasTarget R/quote/n#target .
    R/quote/n#target     a oa:SpecificResource ; oa:hasSource <https://doi.org/10.4252/wjsc.v12.i8.814> ;
                         oa:hasSelector R/quote/n#text-quote, R/quote/n#text-position .
    …#text-quote         a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
    …#text-position      a oa:TextPositionSelector ; oa:start 12345 ; oa:end 12601 .

The body is the record: it describes (``oa:describing``) the span of the review that is its evidence.
Offsets, prefix and suffix come from the committed anchors (:mod:`mscexo_ld.rdf.anchors`); an
excerpt without an anchor (a quote changed since they were computed) gets its ``oa:exact`` only,
and ``validate`` reports it. Every ``oa:`` term is checked against the pinned vocabulary in the tests.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, XSD

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.rdf.anchors import Anchors, load, quotes_of

__all__ = ["OA", "OA_TERMS", "add_annotations", "add_source_text", "quotes_of"]

OA = Namespace("http://www.w3.org/ns/oa#")
#: Every Web Annotation term the graph uses (tests/test_annotations.py finds each in the pinned oa.ttl).
OA_TERMS = (
    "Annotation",
    "SpecificResource",
    "TextQuoteSelector",
    "TextPositionSelector",
    "describing",
    "motivatedBy",
    "hasBody",
    "hasTarget",
    "hasSource",
    "hasSelector",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
)


def add_annotations(graph: Graph, anchors: Anchors | None = None) -> None:
    """Add the annotation of every excerpt of every evidence quote of ``graph`` (anchors: the committed ones)."""
    anchors = load() if anchors is None else anchors
    review = URIRef(C.REVIEW_IRI)
    for subject, excerpts in list(quotes_of(graph)):
        parsed = iris.parse(subject)
        if parsed is None or parsed.kind not in ("finding", "table-record"):
            continue
        segment, ident = ("finding", str(parsed.key[0])) if parsed.kind == "finding" else _table_key(parsed)
        for n, exact in enumerate(excerpts, start=1):
            node = iris.quote(segment, ident, n)
            target = iris.quote_part(segment, ident, n, "target")
            text_quote = iris.quote_part(segment, ident, n, "text-quote")
            graph.add((node, RDF.type, OA.Annotation))
            graph.add((node, OA.motivatedBy, OA.describing))
            graph.add((node, OA.hasBody, URIRef(subject)))
            graph.add((node, OA.hasTarget, target))
            graph.add((target, RDF.type, OA.SpecificResource))
            graph.add((target, OA.hasSource, review))
            graph.add((target, OA.hasSelector, text_quote))
            graph.add((text_quote, RDF.type, OA.TextQuoteSelector))
            graph.add((text_quote, OA.exact, Literal(exact)))
            anchor = anchors.find(subject, n, exact)
            if anchor is None:
                continue
            graph.add((text_quote, OA.prefix, Literal(anchor.prefix)))
            graph.add((text_quote, OA.suffix, Literal(anchor.suffix)))
            position = iris.quote_part(segment, ident, n, "text-position")
            graph.add((target, OA.hasSelector, position))
            graph.add((position, RDF.type, OA.TextPositionSelector))
            graph.add((position, OA.start, Literal(anchor.start, datatype=XSD.nonNegativeInteger)))
            graph.add((position, OA.end, Literal(anchor.end, datatype=XSD.nonNegativeInteger)))


def _table_key(parsed: iris.Parsed) -> tuple[str, str]:
    table, ident = parsed.key
    return iris.TABLE_SEGMENTS[str(table)], str(ident)


def add_source_text(void: Graph, dataset: URIRef) -> None:
    """The VoID description's node for the normalised text the selectors count in, with its SHA-256."""
    digest = load().sha256
    if not digest:
        return
    text = iris.source_text()
    void.add((dataset, DCTERMS.source, text))
    void.add((text, DCTERMS.isFormatOf, URIRef(C.REVIEW_IRI)))
    void.add(
        (
            text,
            DCTERMS.description,
            Literal(
                "The review's text with every run of whitespace made one space, leading and trailing whitespace "
                "removed; the oa:TextPositionSelector offsets count Unicode code points into it, from 0.",
                lang="en",
            ),
        )
    )
    void.add((text, SDO.sha256, Literal(digest)))
