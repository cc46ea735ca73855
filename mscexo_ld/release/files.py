"""Every file of a release, gathered: the RDF files (rdf/), the ontology as RDF/XML, the exports (export/), VoID."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from rdflib import RDF, Graph

from mscexo_ld import constants as C
from mscexo_ld.curation.hierarchy import HierarchyTerm, read_hierarchy
from mscexo_ld.export.registry import export_all
from mscexo_ld.rdf.canonical import canonical, turtle
from mscexo_ld.rdf.hierarchy import HIERARCHY_FILE
from mscexo_ld.rdf.hierarchy import nquads as hierarchy_nquads
from mscexo_ld.rdf.serialize import rdf_files
from mscexo_ld.rdf.void import VOID_FILE, void_graph, void_prefixes

#: The ontology alone as RDF/XML, the format every OWL tool reads (owlready2, OAK, ROBOT, Protégé).
ONTOLOGY_OWL = "ontology.owl"


#: The node types written as typed node elements (``<owl:Class rdf:about=…>``), in OWLAPI's order of
#: preference when a subject has several (an ``owl:ObjectProperty`` that is also ``owl:FunctionalProperty``).
_OWL = "http://www.w3.org/2002/07/owl#"
_NODE_TYPES = tuple(
    _OWL + name
    for name in (
        "Ontology",
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "NamedIndividual",
        "Restriction",
        "AllDifferent",
        "AllDisjointClasses",
        "AllDisjointProperties",
        "Axiom",
    )
)


def rdf_xml(graph: Graph) -> str:
    """RDF/XML in OWLAPI's layout, which every OWL tool reads (pronto, so OAK's ``pronto:`` adapter, too).

    pyoxigraph writes the canonical, sorted N-Triples, one subject after the other, as RDF/XML
    with absolute IRIs (blank nodes by ``rdf:nodeID``) and the graph's prefixes for the properties
    and types it uses. It writes a subject as a typed node element (``<owl:Class rdf:about="X">``,
    RDF/XML section 2.13) when the subject's first triple is its ``rdf:type``: so each subject's
    OWL type (the first of :data:`_NODE_TYPES` it has) is put first, and the ontology's triples
    before all others, as pronto needs them (it reads ``owl:Ontology``, ``owl:Class``,
    ``owl:ObjectProperty`` … elements, and no ``rdf:Description``). Same graph, same bytes.
    """
    import pyoxigraph as ox

    from mscexo_ld.rdf.canonical import sorted_ntriples

    used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}
    prefixes = {"rdf": str(RDF), "owl": _OWL} | {
        p: str(ns) for p, ns in graph.namespaces() if p != "xml" and any(iri.startswith(str(ns)) for iri in used)
    }
    triples = list(ox.parse(sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES))
    first: dict[object, int] = {}
    for i, t in enumerate(triples):
        first.setdefault(t.subject, i)
    node_type, ontology = ox.NamedNode(str(RDF.type)), ox.NamedNode(C.ONTOLOGY_IRI)

    def order(item: tuple[int, ox.Triple]) -> tuple[bool, int, int, int]:
        i, t = item
        rank = len(_NODE_TYPES)
        if t.predicate == node_type and isinstance(t.object, ox.NamedNode) and t.object.value in _NODE_TYPES:
            rank = _NODE_TYPES.index(t.object.value)
        return t.subject != ontology, first[t.subject], rank, i

    ordered = [t for _, t in sorted(enumerate(triples), key=order)]
    written = ox.serialize(ordered, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    if written is None:  # only when an output file is given
        raise RuntimeError("pyoxigraph returned no RDF/XML")
    return written.decode("utf-8")


def release_files(
    graph: Graph,
    ontology: Graph,
    *,
    released: date | None = None,
    version: str = C.VERSION,
    hierarchy: Mapping[str, HierarchyTerm] | None = None,
    endpoint: str | None = None,
    download_base: str | None = None,
    extra: Mapping[str, Callable[[], str]] | None = None,
    sign: Path | None = None,
    canon: Graph | None = None,
    ntriples: str | None = None,
) -> dict[str, Callable[[], str]]:
    """Every release file name -> a function rendering it (each renders once; ``void.ttl`` last).

    ``released`` dates the exports that carry a date and the dataset description (None: a build,
    no date). ``hierarchy`` is the pinned closure (default: ``data/hierarchy.tsv``); ``hierarchy.nq``
    holds the part of it that the graph's MONDO, UBERON, CL and GO terms reach. ``extra`` adds
    files (a release's ``CHANGES.md``). ``void.ttl`` describes every other file, with its size and
    SHA-256; ``endpoint`` and ``download_base`` are what it advertises (see
    :func:`mscexo_ld.rdf.void.void_graph`; a loopback URL is a ValueError).

    ``sign``: a nanopub-py profile;
    the nanopublications are also written signed (opt-in).

    ``canon`` and ``ntriples``: the graph made canonical and its sorted N-Triples, when the caller
    has them already (``build`` makes them once, for the site too).
    """
    closure = read_hierarchy(C.HIERARCHY_FILE) if hierarchy is None else hierarchy
    exports = {name: data.decode("utf-8") for name, data in export_all(graph, released).items()}
    if sign is not None:
        from mscexo_ld.export.nanopub import NANOPUB_FILE, SIGNED_NANOPUB_FILE, sign_trig

        exports[SIGNED_NANOPUB_FILE] = sign_trig(exports[NANOPUB_FILE], sign)
    files: dict[str, Callable[[], str]] = rdf_files(graph, ontology, canon=canon, ntriples=ntriples)
    files[ONTOLOGY_OWL] = lambda: rdf_xml(ontology)
    files[HIERARCHY_FILE] = lambda: hierarchy_nquads(graph, closure)
    for name, text in exports.items():
        files[name] = lambda text=text: text  # type: ignore[misc]
    files.update(extra or {})
    once = {name: functools.cache(render) for name, render in files.items()}

    def void() -> str:
        contents = {name: render() for name, render in once.items()}
        described = canonical(
            void_graph(
                graph, contents, version=version, issued=released, endpoint=endpoint, download_base=download_base
            )
        )
        for prefix, namespace in void_prefixes().items():
            described.bind(prefix, namespace, override=True)
        return turtle(described, is_canonical=True)

    out: dict[str, Callable[[], str]] = dict(once)
    out[VOID_FILE] = void
    return out
