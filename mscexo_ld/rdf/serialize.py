"""RDF graph -> the RDF release files: the graph in three serialisations, its JSON-LD context, the ontology.

The serialisations themselves are in :mod:`mscexo_ld.rdf.canonical` (byte-stable) and the
writing in :mod:`mscexo_ld.rdf.write` (atomic); the whole release, exports included, is
gathered by :func:`mscexo_ld.release.files.release_files`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld.rdf.canonical import canonical, jsonld, sorted_ntriples, turtle
from mscexo_ld.rdf.direct_edges import DIRECT_EDGES_FILE, nquads

#: The JSON-LD context alone, for other documents to use (``"@context": ".../context.jsonld"``).
CONTEXT_FILE = "context.jsonld"


def jsonld_context(ontology: Graph) -> dict[str, Any]:
    """The published JSON-LD context: one short key per term of the ontology.

    Object properties get ``"@type": "@id"`` (values are IRIs), datatype properties their
    XSD type, so a document reads ``{"reportedIn": "id:reference/109", "referenceNumber": 109}``.
    """
    ctx: dict[str, Any] = dict(sorted(C.RDF_PREFIXES.items()))
    ctx["label"] = {"@id": str(RDFS.label)}
    ctx["altLabel"] = {"@id": str(SKOS.altLabel)}
    ctx["exactMatch"] = {"@id": str(SKOS.exactMatch), "@type": "@id"}
    ctx["closeMatch"] = {"@id": str(SKOS.closeMatch), "@type": "@id"}
    ns = str(C.MSCEXO)
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        if str(prop).startswith(ns):
            ctx[str(prop)[len(ns) :]] = {"@id": str(prop), "@type": "@id"}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.DatatypeProperty)), key=str):
        if str(prop).startswith(ns):
            rng = ontology.value(prop, RDFS.range)
            entry: dict[str, str] = {"@id": str(prop)}
            if rng is not None and str(rng) != "http://www.w3.org/2001/XMLSchema#string":
                entry["@type"] = str(rng)
            ctx[str(prop)[len(ns) :]] = entry
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.AnnotationProperty)), key=str):
        if str(prop).startswith(ns):
            ctx[str(prop)[len(ns) :]] = {"@id": str(prop)}
    for cls in sorted(set(ontology.subjects(RDF.type, OWL.Class)), key=str):
        if str(cls).startswith(ns):
            ctx[str(cls)[len(ns) :]] = {"@id": str(cls)}
    for ind in sorted(set(ontology.subjects(RDF.type, OWL.NamedIndividual)), key=str):
        if str(ind).startswith(ns):
            ctx[str(ind)[len(ns) :]] = {"@id": str(ind)}
    return ctx


def rdf_files(
    graph: Graph, ontology: Graph, *, canon: Graph | None = None, ntriples: str | None = None
) -> dict[str, Callable[[], str]]:
    """The RDF release file names -> a function rendering each (the graph is made canonical once, here).

    ``canon`` and ``ntriples``: ``canonical(graph)`` and its sorted N-Triples, when the caller has them.
    """
    context = jsonld_context(ontology)
    if canon is None:
        canon = canonical(graph)  # once, for the three serialisations of the graph
    made = canon
    return {
        C.GRAPH_TTL: lambda: turtle(made, is_canonical=True),
        C.GRAPH_NT: lambda: ntriples if ntriples is not None else sorted_ntriples(made, is_canonical=True),
        C.GRAPH_JSONLD: lambda: jsonld(made, context, is_canonical=True),
        CONTEXT_FILE: lambda: json.dumps({"@context": context}, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        C.ONTOLOGY_TTL: lambda: turtle(ontology),
        DIRECT_EDGES_FILE: lambda: nquads(made),
    }
