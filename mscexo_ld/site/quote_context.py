"""Each excerpt of a finding's evidence quote in its paragraph of the review, from the quote's Web Annotations.

The finding page includes ``templates/_quote_in_context.html``, which shows the ``oa:prefix``, the
``oa:exact`` (highlighted) and the ``oa:suffix`` of every annotation whose body is the finding,
with the excerpt's offsets: the context the site shows is the one the graph publishes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from mscexo_ld.rdf.annotations import OA


@dataclass(frozen=True)
class Excerpt:
    """One excerpt of a quote and the text around it; ``start``/``end`` are None without a position selector."""

    prefix: str
    exact: str
    suffix: str
    start: int | None
    end: int | None


def _int(value: object) -> int | None:
    return int(str(value)) if value is not None else None


def quote_excerpts(graph: Graph, record: URIRef) -> tuple[Excerpt, ...]:
    """The annotated excerpts of ``record``'s evidence quote, in the order of the text."""
    found = []
    for annotation in graph.subjects(OA.hasBody, record):
        if (annotation, RDF.type, OA.Annotation) not in graph:
            continue
        target = graph.value(annotation, OA.hasTarget)
        quote = position = None
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                quote = selector
            elif (selector, RDF.type, OA.TextPositionSelector) in graph:
                position = selector
        if quote is None:
            continue
        found.append(
            Excerpt(
                str(graph.value(quote, OA.prefix) or ""),
                str(graph.value(quote, OA.exact) or ""),
                str(graph.value(quote, OA.suffix) or ""),
                _int(graph.value(position, OA.start)) if position is not None else None,
                _int(graph.value(position, OA.end)) if position is not None else None,
            )
        )
    return tuple(sorted(found, key=lambda e: (e.start is None, e.start or 0, e.exact)))
