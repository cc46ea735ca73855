"""Canonical serialisation: the same graph always gives the same bytes (Turtle, sorted N-Triples, JSON-LD)."""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from mscexo_ld import constants as C


def bound_graph() -> Graph:
    """An empty graph with the project's prefixes bound, as :func:`canonical` returns its graphs."""
    g = Graph()
    for prefix, namespace in C.RDF_PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically (stable across runs).

    Only the triples that hold a blank node go through rdflib's canonicalisation: a blank
    node's label is computed from those alone (``rdflib.compare`` colours blank nodes by the
    triples they are in), so the labels are those of the whole graph's canonicalisation.
    """
    g = bound_graph()
    plain, with_bnodes = [], Graph()
    for triple in graph:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            with_bnodes.add(triple)
        else:
            plain.append(triple)
    g.addN((s, p, o, g) for s, p, o in plain)
    if len(with_bnodes):
        g += to_canonical_graph(with_bnodes)
    return g


def sorted_ntriples(graph: Graph, *, is_canonical: bool = False) -> str:
    """N-Triples, one triple a line, lines in code-point order."""
    canon = graph if is_canonical else canonical(graph)
    lines = canon.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(sorted(line + "\n" for line in lines if line.strip()))


def sorted_nquads(graph: Graph, name: URIRef) -> str:
    """The triples of ``graph`` as N-Quads in the named graph ``name``, lines in code-point order.

    For graphs without blank nodes (the direct edges, the hierarchy closure): byte-stable as they are.
    """
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(sorted(f"{line.removesuffix(' .')} <{name}> .\n" for line in lines if line.strip()))


def turtle(graph: Graph, *, is_canonical: bool = False) -> str:
    """Turtle as rdflib's ``longturtle`` writes it (subjects and predicates sorted)."""
    return (graph if is_canonical else canonical(graph)).serialize(format="longturtle")


def _sort_json(value: Any) -> Any:
    """Sort object keys and unordered arrays; ``@list`` arrays (RDF lists) keep their order."""
    if isinstance(value, dict):
        return {k: ([_sort_json(i) for i in v] if k == "@list" else _sort_json(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld_document(graph: Graph, context: dict[str, Any], *, is_canonical: bool = False) -> dict[str, Any]:
    """The JSON-LD document :func:`jsonld` writes, as Python values."""
    canon = graph if is_canonical else canonical(graph)
    raw = canon.serialize(format="json-ld", context=context, auto_compact=True)
    doc: dict[str, Any] = json.loads(raw)
    doc["@context"] = context
    if "@graph" in doc:
        doc["@graph"] = _sort_json(doc["@graph"])
    return doc


def jsonld(graph: Graph, context: dict[str, Any], *, is_canonical: bool = False) -> str:
    """JSON-LD compacted with the published context, embedded so the file parses offline."""
    doc = jsonld_document(graph, context, is_canonical=is_canonical)
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
