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
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
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

    pyoxigraph writes the canonical, sorted N-Triples as RDF/XML (one ``rdf:Description`` per
    subject, blank nodes by ``rdf:nodeID``, absolute IRIs), with the graph's prefixes for the
    properties and types it uses. Each node with an OWL type then becomes a typed node element
    (RDF/XML section 2.13: ``<owl:Class rdf:about="X">`` stands for ``rdf:Description`` plus that
    ``rdf:type``), and ``owl:Ontology`` comes first: pronto looks for these elements and no others.
    The triples are the same (tests/test_ontology.py); the same graph gives the same bytes.
    """
    from xml.dom import minidom

    import pyoxigraph as ox

    from mscexo_ld.rdf.canonical import sorted_ntriples

    used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}
    prefixes = {"rdf": _RDF, "owl": _OWL} | {
        p: str(ns) for p, ns in graph.namespaces() if p != "xml" and any(iri.startswith(str(ns)) for iri in used)
    }
    triples = ox.parse(sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    written = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    if written is None:  # only when an output file is given
        raise RuntimeError("pyoxigraph returned no RDF/XML")
    doc = minidom.parseString(written)
    root = doc.documentElement
    if root is None:
        raise RuntimeError("pyoxigraph returned RDF/XML without its rdf:RDF element")
    nodes = [n for n in root.childNodes if isinstance(n, minidom.Element)]
    owl = next(p for p, ns in prefixes.items() if ns == _OWL)
    for node in nodes:
        types = {
            c.getAttributeNS(_RDF, "resource"): c
            for c in node.childNodes
            if isinstance(c, minidom.Element) and (c.namespaceURI, c.localName) == (_RDF, "type")
        }
        chosen = next((t for t in _NODE_TYPES if t in types), None)
        if node.tagName != "rdf:Description" or chosen is None:
            continue
        before = types[chosen].previousSibling
        node.removeChild(types[chosen])
        if isinstance(before, minidom.Text) and not before.data.strip():
            node.removeChild(before)
        doc.renameNode(node, _OWL, f"{owl}:{chosen[len(_OWL) :]}")
    for child in list(root.childNodes):
        root.removeChild(child)
    for node in sorted(nodes, key=lambda n: n.tagName != f"{owl}:Ontology"):  # stable: else the sorted order
        root.appendChild(doc.createTextNode("\n\t"))
        root.appendChild(node)
    root.appendChild(doc.createTextNode("\n"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + root.toxml() + "\n"


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
    """
    closure = read_hierarchy(C.HIERARCHY_FILE) if hierarchy is None else hierarchy
    exports = {name: data.decode("utf-8") for name, data in export_all(graph, released).items()}
    if sign is not None:
        from mscexo_ld.export.nanopub import NANOPUB_FILE, SIGNED_NANOPUB_FILE, sign_trig

        exports[SIGNED_NANOPUB_FILE] = sign_trig(exports[NANOPUB_FILE], sign)
    files: dict[str, Callable[[], str]] = rdf_files(graph, ontology)
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
